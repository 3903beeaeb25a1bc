#!/usr/bin/env python3
"""The whole `zonepress export` process against xelatex + ctex, cold, in one
run: each a new process, alternating, so that both meet the same machine
load. Prints wall time and peak memory (maximum resident set) of each, and
the ratio of the medians.

`zonepress` exports the 4-page A3 demo issue of a demo workspace (made with
`zonepress init --demo`; one export before timing writes the workspace's
font index, as on any machine that exported before); xelatex typesets
`xelatex_compare.py`'s document of the same text (4 A3 pages, 4 columns,
Noto CJK), one pass.

Usage: python3 benches/cold_export.py PATH/TO/zonepress [runs]
Run by `make bench` with the release binary. Needs texlive-xetex and
texlive-lang-chinese for the comparison (without them only zonepress is
timed).
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import xelatex_compare  # noqa: E402


def run(argv, cwd):
    """Wall time (s) and peak resident memory (MB) of one process."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    if p.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({p.returncode}):\n{err[-3000:]}")
    return wall, usage.ru_maxrss / 1024


def summary(name, runs):
    walls = sorted(w for w, _ in runs)
    rss = max(m for _, m in runs)
    return (f"{name}: median {statistics.median(walls) * 1e3:.0f} ms "
            f"(min {walls[0] * 1e3:.0f}, max {walls[-1] * 1e3:.0f}), "
            f"peak memory {rss:.0f} MB")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    zonepress = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    have_tex = shutil.which("xelatex") is not None
    with tempfile.TemporaryDirectory() as d:
        ws = os.path.join(d, "workspace")
        subprocess.run([zonepress, "--workspace", ws, "init", "--demo"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        issues = json.loads(subprocess.run(
            [zonepress, "--workspace", ws, "issues", "--json"],
            check=True, capture_output=True, text=True).stdout)
        issue = str(issues[0]["id"])
        out = os.path.join(d, "issue.pdf")
        export = [zonepress, "--workspace", ws, "export", "--issue", issue, "-o", out]
        tex = ["xelatex", "-interaction=batchmode", "-halt-on-error", "demo.tex"]
        demo = json.load(open(xelatex_compare.DEMO, encoding="utf-8"))
        with open(os.path.join(d, "demo.tex"), "w", encoding="utf-8") as f:
            f.write(xelatex_compare.document(demo))
        # Once each before timing: the font index, the files in the OS cache.
        run(export, d)
        if have_tex:
            run(tex, d)
        zp, xe = [], []
        for _ in range(n):
            zp.append(run(export, d))
            if have_tex:
                xe.append(run(tex, d))
        pages = subprocess.run(["pdfinfo", out], capture_output=True, text=True).stdout
        pages = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages")), "?")
        print(f"cold export, whole process, {n} runs each, alternating:")
        print("  " + summary(f"zonepress export ({pages} A3 pages)", zp))
        if have_tex:
            print("  " + summary("xelatex + ctex (4 A3 pages, one pass)", xe))
            ratio = statistics.median(w for w, _ in zp) / statistics.median(w for w, _ in xe)
            print(f"  ratio zonepress / xelatex: {ratio:.2f} ({1 / ratio:.1f}x faster)")
        else:
            print("  xelatex not installed: no comparison")


if __name__ == "__main__":
    main()
