#!/usr/bin/env python3
"""How long the release desktop app takes to show a usable login screen.

Each run launches `zonepress-desktop` as a new process on a virtual display
(its own Xvfb, started once) and waits for the line the app logs when the UI
reports its first usable screen (`ui_ready`: the sign-in form, or the
first-launch choices). The figure is the wall time from spawning the process
to that line, so it counts loading the program and its libraries, the
webview, the UI's scripts and opening the workspace. No WebDriver is in the
way (it adds its own start-up).

- "existing workspace": a demo workspace made with `zonepress init --demo`,
  opened again and again, as on any working day (one launch before timing
  warms the system's file cache and WebKit's own caches);
- "first launch": no workspace yet, the first-launch choices.

Usage: python3 src-tauri/benches/startup.py DESKTOP_BIN ZONEPRESS_BIN [runs]
Run by `make bench` with the release binaries. Needs Xvfb.
"""
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

READY = re.compile(r"(\S+) interactive (\d+) ms after start \(page (\d+) ms, its scripts run at (\d+) ms\)")
TIMEOUT = 60.0


def start_xvfb():
    """A private X display; returns (process, ":N")."""
    r, w = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(w), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        pass_fds=(w,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(w)
    number = b""
    deadline = time.monotonic() + 15
    while not number.endswith(b"\n"):
        if time.monotonic() > deadline:
            xvfb.kill()
            sys.exit("Xvfb did not start")
        ready, _, _ = select.select([r], [], [], 1)
        if ready:
            chunk = os.read(r, 16)
            if not chunk:
                break
            number += chunk
    os.close(r)
    return xvfb, ":" + number.decode().strip()


def launch(desktop, env):
    """One launch: (wall ms to the ready line, the app's own marks, the screen).

    The marks: ms after main() began, and the page's: ms since it began to
    load, and when its scripts had run."""
    t = time.perf_counter()
    p = subprocess.Popen(
        [desktop], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    seen = []
    buf = b""
    try:
        while True:
            left = TIMEOUT - (time.perf_counter() - t)
            if left <= 0:
                sys.exit("no ready line within %.0f s:\n%s" % (TIMEOUT, b"".join(seen).decode("utf-8", "replace")[-3000:]))
            ready, _, _ = select.select([p.stdout], [], [], left)
            if not ready:
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                sys.exit("the app ended before its login screen:\n" + b"".join(seen).decode("utf-8", "replace")[-3000:])
            seen.append(chunk)
            buf += chunk
            # tracing colours its output on a terminal only; strip escapes anyway.
            text = re.sub(r"\x1b\[[0-9;]*m", "", buf.decode("utf-8", "replace"))
            m = READY.search(text)
            if m:
                wall = (time.perf_counter() - t) * 1e3
                marks = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
                return wall, marks, m.group(1)
    finally:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        p.stdout.close()


def summary(name, runs):
    walls = sorted(w for w, _, _ in runs)
    med = lambda f: statistics.median(f(m) for _, m, _ in runs)  # noqa: E731
    main_ms = med(lambda m: m[0])
    before_page = med(lambda m: m[0] - m[1])
    scripts = med(lambda m: m[2])
    after_scripts = med(lambda m: m[1] - m[2])
    return (f"{name}: median {statistics.median(walls):.0f} ms "
            f"(min {walls[0]:.0f}, max {walls[-1]:.0f}) from spawning the process "
            f"[screen {runs[0][2]}]\n"
            f"    where the time goes (medians): {statistics.median(walls) - main_ms:.0f} ms to main(), "
            f"{before_page:.0f} ms until the page began to load (GTK, the webview's processes), "
            f"{scripts:.0f} ms to load and run the scripts, "
            f"{after_scripts:.0f} ms to the usable screen (workspace status, first render)")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    desktop = os.path.abspath(sys.argv[1])
    zonepress = os.path.abspath(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 9
    xvfb, display = start_xvfb()
    try:
        with tempfile.TemporaryDirectory() as d:
            env = dict(os.environ)
            env.update({
                "DISPLAY": display,
                "XDG_DATA_HOME": os.path.join(d, "data"),
                "XDG_CONFIG_HOME": os.path.join(d, "config"),
                "XDG_CACHE_HOME": os.path.join(d, "cache"),
                "ZONEPRESS_LOG": "warn,zonepress_desktop=info",
                "NO_COLOR": "1",
            })
            env.pop("WAYLAND_DISPLAY", None)
            ws = os.path.join(d, "workspace")
            subprocess.run([zonepress, "--workspace", ws, "init", "--demo"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            existing = dict(env, ZONEPRESS_WORKSPACE=ws)
            fresh = dict(env, ZONEPRESS_WORKSPACE=os.path.join(d, "none"))
            launch(desktop, existing)  # warm the file cache, as on a working day
            first, again = [], []
            for _ in range(n):
                again.append(launch(desktop, existing))
                first.append(launch(desktop, fresh))
            print(f"desktop start-up, release build, {n} launches each, alternating:")
            print("  " + summary("existing workspace (sign-in form)", again))
            print("  " + summary("first launch (no workspace yet)", first))
    finally:
        xvfb.terminate()
        xvfb.wait()


if __name__ == "__main__":
    main()
