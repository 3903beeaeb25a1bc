#!/usr/bin/env python3
"""Typeset the demo issue's text with xelatex + ctex (4 A3 pages, 4 columns,
Noto CJK) and time it, for comparison with `cargo bench -p zonepress-export`.
Optional, not a test: needs `apt-get install texlive-xetex texlive-lang-chinese`.

Usage: python3 benches/xelatex_compare.py [runs]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "../../zonepress-api/demo/demo-issue.json")


def tex_escape(s):
    out = []
    for c in s:
        if c in "#$%&_{}":
            out.append("\\" + c)
        elif c == "\\":
            out.append("\\textbackslash{}")
        elif c == "~":
            out.append("\\textasciitilde{}")
        elif c == "^":
            out.append("\\textasciicircum{}")
        else:
            out.append(c)
    return "".join(out)


def document(demo):
    pages = {p["number"]: [] for p in demo["pages"]}
    for a in demo["articles"]:
        if a.get("page"):
            pages[a["page"]].append(a["content"])
    out = [
        r"\documentclass[fontset=none,zihao=5]{ctexart}",
        r"\usepackage[a3paper,margin=15mm]{geometry}",
        r"\usepackage{multicol}",
        r"\setCJKmainfont{Noto Serif CJK SC}",
        r"\setCJKsansfont{Noto Sans CJK SC}",
        r"\setlength{\columnsep}{14pt}",
        r"\pagestyle{plain}",
        r"\begin{document}",
    ]
    for n in sorted(pages):
        if n == 1:
            out.append(r"{\centering\sffamily\bfseries\fontsize{60}{70}\selectfont "
                       + tex_escape(demo["publication"]["name"]) + r"\par}\bigskip")
        for c in pages[n]:
            out.append(r"{\centering")
            if c.get("kicker"):
                out.append(r"{\large " + tex_escape(c["kicker"]) + r"\par}")
            out.append(r"{\sffamily\bfseries\LARGE " + tex_escape(c["title"]) + r"\par}")
            if c.get("subtitle"):
                out.append(r"{\large " + tex_escape(c["subtitle"]) + r"\par}")
            if c.get("byline"):
                out.append(tex_escape(c["byline"]) + r"\par")
            out.append(r"}\begin{multicols}{4}")
            for b in c["body"]:
                t = b.get("text") or b.get("caption") or ""
                if b["type"] == "subhead":
                    out.append(r"\noindent{\sffamily\bfseries " + tex_escape(t) + r"}\par")
                elif b["type"] == "brief":
                    out.append(r"\noindent◆" + tex_escape(t) + r"\par")
                else:
                    out.append(tex_escape(t) + r"\par")
            out.append(r"\end{multicols}")
        out.append(r"\newpage")
    out.append(r"\end{document}")
    return "\n".join(out)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    demo = json.load(open(DEMO, encoding="utf-8"))
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "demo.tex")
        with open(path, "w", encoding="utf-8") as f:
            f.write(document(demo))
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            r = subprocess.run(
                ["xelatex", "-interaction=batchmode", "-halt-on-error", "demo.tex"],
                cwd=d, capture_output=True,
            )
            times.append(time.perf_counter() - t)
            if r.returncode != 0:
                sys.exit(open(os.path.join(d, "demo.log"), encoding="utf-8", errors="replace").read()[-3000:])
        pages = subprocess.run(["pdfinfo", os.path.join(d, "demo.pdf")], capture_output=True, text=True).stdout
        pages = [l for l in pages.splitlines() if l.startswith("Pages")]
        times.sort()
        print(f"xelatex + ctex, one pass: median {times[len(times) // 2] * 1000:.0f} ms "
              f"(min {times[0] * 1000:.0f} ms) over {runs} runs; {pages[0] if pages else ''}")


if __name__ == "__main__":
    main()
