/* For `make dist-windows-test` only; never shipped.
 *
 * Rust's standard library (1.78 and later) takes its random numbers from
 * ProcessPrng in bcryptprimitives.dll, which every Windows 10 and 11 has.
 * Debian 12's Wine 8 has no bcryptprimitives.dll, so a program built by
 * Rust cannot start under it. This stand-in, put into the test's own Wine
 * prefix, answers ProcessPrng from RtlGenRandom (advapi32's
 * SystemFunction036), Wine's system random source. Wine 9 and later have
 * the DLL themselves, and the test then leaves it out.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
