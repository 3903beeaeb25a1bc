#!/usr/bin/env python3
"""Validate demo-issue.json: structure (mirrors zonepress-core's serde types),
character counts (the Chinese way: every non-whitespace character of the body,
captions included, as zonepress_core::text::article_length), a few house-style
text rules, the roster, and the asset files.

Usage: python3 check_demo.py [path/to/demo-issue.json]
Exit status 1 if any error was found.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "demo-issue.json")

errors = []
warnings = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def warn(where, msg):
    warnings.append(f"{where}: {msg}")


def count_chars(s):
    return sum(1 for c in s if not c.isspace())


KINDS = {"news", "briefs", "photo"}
TEMPLATES = {"front", "inner", "photo"}
STATES = {"approved", "draft", "in_review", "returned"}
BLOCK_FIELDS = {
    "paragraph": {"text"},
    "subhead": {"text"},
    "brief": {"text"},
    "image": {"asset_id", "caption", "credit"},
}
CONTENT_FIELDS = {"kind", "kicker", "title", "subtitle", "byline", "column", "body"}
PLACEMENT_FIELDS = {"headline_span", "body_columns", "image_columns", "type_scale"}
CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]"
# Reduplications that are words, not typos.
ALLOWED_DOUBLES = {"一一", "纷纷", "匆匆", "常常", "渐渐", "多多", "人人", "天天", "处处", "事事", "年年"}
# Doubles across a word boundary that official titles produce: 招商局局长,
# 党群工作部部长, 党工委委员. A checker must not flag these.
ALLOWED_DOUBLE_CONTEXTS = ("局局长", "部部长", "委委员")


def check_text(where, text, issue_year, issue_month):
    if text != text.strip():
        err(where, "leading or trailing whitespace (the template indents)")
    if "\n" in text or "\t" in text:
        err(where, "control character inside a block")
    # half-width punctuation in Chinese context
    for m in re.finditer(r"(?<=" + CJK + r")[,;:?!()]|[,;:?!()](?=" + CJK + r")", text):
        err(where, f"half-width {m.group()!r} in Chinese text at …{text[max(0, m.start()-8):m.end()+8]}…")
    for m in re.finditer(r"(?<=" + CJK + r") +| +(?=" + CJK + r")", text):
        err(where, f"ASCII space in Chinese text at …{text[max(0, m.start()-6):m.end()+6]}…")
    if '"' in text or "'" in text:
        err(where, "ASCII quote mark; use “” ‘’")
    if "其它" in text:
        err(where, "其它 → 其他")
    if re.search(r"截止(?=\d|目前|到)", text):
        err(where, "截止 before a date → 截至")
    if re.search(r"(?<!—)—(?!—)", text) and not re.search(r"\d—\d", text):
        err(where, "single — (use —— for a dash)")
    if re.search(r"(?<!…)…(?!…)", text):
        err(where, "single … (use ……)")
    if "◆" in text:
        err(where, "◆ is printed by the template")
    # doubled characters
    for m in re.finditer(r"([\u4e00-\u9fff])\1", text):
        if m.group() not in ALLOWED_DOUBLES and not text.startswith(ALLOWED_DOUBLE_CONTEXTS, m.start()):
            err(where, f"doubled character {m.group()!r} at …{text[max(0, m.start()-6):m.end()+6]}…")
    # doubled phrases of 2–6 characters
    for m in re.finditer(r"([\u4e00-\u9fff]{2,6})\1", text):
        err(where, f"doubled phrase {m.group()!r}")
    # balanced pairs
    for o, c in ["“”", "（）", "《》", "‘’"]:
        depth = 0
        for ch in text:
            if ch == o:
                depth += 1
            elif ch == c:
                depth -= 1
                if depth < 0:
                    break
        if depth != 0:
            err(where, f"unbalanced {o}{c}")
    # Chinese numerals where GB/T 15835 wants Arabic digits (counts with a measure word)
    for m in re.finditer(r"(?<![第一二三四五六七八九十])[二三四五六七八九十]+(?=[个家名项件所座台万亿千百元]|次|人|年|月|日)", text):
        ctx = text[max(0, m.start()-4):m.end()+4]
        if not re.search(r"[二三四五六七八九十](大|季度|级)", ctx):
            warn(where, f"Chinese numeral {m.group()!r} in …{ctx}… (GB/T 15835 prefers digits)")
    # dates: every 月 with a day must fall in the issue month or the month before
    for m in re.finditer(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日", text):
        year = int(m.group(1)) if m.group(1) else issue_year
        month = int(m.group(2))
        ok = (year, month) in {(issue_year, issue_month), (issue_year, issue_month - 1)}
        if not ok:
            err(where, f"date {m.group()} outside the issue period")
    for m in re.finditer(r"(?<!\d)(\d{1,2})月(?!\d)", text):
        if int(m.group(1)) not in (issue_month, issue_month - 1) and not re.match(r"\d+个月", text[m.start():]):
            err(where, f"month {m.group()} outside the issue period")


def check_roster(where, text, roster):
    names = {r["name"]: r["title"] for r in roster}
    titles = {r["title"]: r["name"] for r in roster}
    title_words = ("书记", "主任", "局长", "部长", "委员", "主席", "市长", "区长")
    for name, title in names.items():
        for m in re.finditer(re.escape(name), text):
            before = text[:m.start()]
            if before.endswith(title):
                continue
            # a title right before the name that is not this person's
            if before.endswith(title_words):
                err(where, f"{name} preceded by a title that is not exactly “{title}”: …{before[-16:]}{name}")
            after = text[m.end():m.end() + 3]
            if after.startswith(title_words):
                err(where, f"{name} followed by a title: {name}{after}")
    for title, name in titles.items():
        for m in re.finditer(re.escape(title), text):
            rest = text[m.end():]
            other = [n for n in names if rest.startswith(n)]
            if other and other[0] != name:
                err(where, f"title “{title}” belongs to {name}, not {other[0]}")


def main():
    with open(PATH, encoding="utf-8") as f:
        data = json.load(f)

    for key in ("publication", "issue", "roster", "pages", "articles", "assets"):
        if key not in data:
            err("top", f"missing {key}")
    pub = data["publication"]
    for k in ("name", "publisher", "permit_number", "page_size", "columns", "review_levels"):
        if k not in pub:
            err("publication", f"missing {k}")
    if pub.get("page_size") not in ("A3", "A4"):
        err("publication", "page_size must be A3 or A4")
    columns = pub["columns"]
    if not 1 <= pub.get("review_levels", 0) <= 3:
        err("publication", "review_levels must be 1–3")
    issue = data["issue"]
    iy, im = map(int, issue["date"].split("-")[:2])
    if iy != issue["year"]:
        err("issue", "date year differs from year")

    roster = data["roster"]
    seen_names = set()
    for r in roster:
        if set(r) != {"name", "title", "valid_from", "valid_to"}:
            err("roster", f"fields of {r}")
        if r["name"] in seen_names:
            err("roster", f"duplicate name {r['name']}")
        seen_names.add(r["name"])
    if len({r["title"] for r in roster}) != len(roster):
        err("roster", "two people share a title")

    pages = data["pages"]
    for i, p in enumerate(pages, 1):
        if p["number"] != i:
            err("pages", "pages must be numbered 1, 2, 3 …")
        if p["template"] not in TEMPLATES:
            err("pages", f"unknown template {p['template']}")
    if len(pages) != issue["page_count"]:
        err("pages", "page_count differs from pages")
    page_numbers = {p["number"] for p in pages}

    assets = {}
    for a in data["assets"]:
        assets[a["key"]] = a
        fpath = os.path.join(HERE, a["file"])
        if not os.path.isfile(fpath):
            err("assets", f"{a['file']} does not exist")
            continue
        size = os.path.getsize(fpath)
        info = f"{a['file']}: {size // 1024} KB"
        try:
            from PIL import Image

            with Image.open(fpath) as im_:
                w, h = im_.size
                info += f", {w}×{h} px, {im_.format}"
                if min(w, h) < 1200 or max(w, h) < 1800:
                    err("assets", f"{a['file']} is {w}×{h}, below 1800×1200")
        except ImportError:
            info += " (Pillow missing: size not checked)"
        if size > 400 * 1024:
            err("assets", f"{a['file']} is over 400 KB")
        print("asset", info)
    used_assets = set()

    keys = set()
    per_page = {n: [] for n in page_numbers}
    unplaced = []
    for art in data["articles"]:
        key = art.get("key", "?")
        where = f"article {key}"
        if key in keys:
            err(where, "duplicate key")
        keys.add(key)
        for k in ("author", "page", "placement", "target_length", "demo_state", "content"):
            if k not in art:
                err(where, f"missing {k}")
        state = art["demo_state"]
        if state not in STATES:
            err(where, f"unknown demo_state {state}")
        c = art["content"]
        if set(c) - CONTENT_FIELDS:
            err(where, f"unknown content fields {set(c) - CONTENT_FIELDS}")
        if c.get("kind", "news") not in KINDS:
            err(where, f"unknown kind {c.get('kind')}")
        if not c.get("title", "").strip():
            err(where, "empty title")
        for f_ in ("kicker", "title", "subtitle"):
            if len(c.get(f_, "")) > 200:
                err(where, f"{f_} too long")
        if c.get("subtitle") and not c["subtitle"].startswith("——"):
            warn(where, "subtitle does not start with ——")

        for f_ in ("kicker", "title", "subtitle"):
            if c.get(f_):
                check_text(f"{where} {f_}", c[f_].replace("\u3000", ""), iy, im)
                check_roster(f"{where} {f_}", c[f_], roster)

        body = c.get("body", [])
        images = 0
        for i, b in enumerate(body):
            bw = f"{where} block {i}"
            t = b.get("type")
            if t not in BLOCK_FIELDS:
                err(bw, f"unknown block type {t}")
                continue
            extra = set(b) - {"type"} - BLOCK_FIELDS[t]
            if extra:
                err(bw, f"unknown fields {extra}")
            if t == "image":
                images += 1
                aid = b.get("asset_id", "")
                if not aid.startswith("@") or aid[1:] not in assets:
                    err(bw, f"asset_id {aid} is not @<assets key>")
                used_assets.add(aid[1:])
                cap = b.get("caption", "")
                if not (cap.startswith("图为") and cap.endswith("。")):
                    err(bw, "caption must start with 图为 and end with 。")
                if not b.get("credit"):
                    err(bw, "image without credit")
                check_text(bw, cap, iy, im)
                check_roster(bw, cap, roster)
            else:
                text = b.get("text", "")
                if not text.strip():
                    err(bw, "empty block")
                check_text(bw, text, iy, im)
                check_roster(bw, text, roster)
                if t == "brief" and not re.match(r"\d{1,2}月\d{1,2}日(上午|下午|晚)?，", text):
                    err(bw, "a brief opens with a date like 11月12日，")
        kind = c.get("kind", "news")
        if kind == "briefs":
            if not all(b["type"] == "brief" for b in body):
                err(where, "a briefs article holds only brief blocks")
            if not 5 <= len(body) <= 7:
                warn(where, f"{len(body)} briefs (5–7 expected)")
        elif any(b["type"] == "brief" for b in body):
            err(where, "brief blocks outside a briefs article")
        if kind == "photo" and images == 0:
            err(where, "a photo article without an image")

        length = sum(count_chars(b.get("text", b.get("caption", ""))) for b in body)
        art["_length"] = length

        page = art["page"]
        if page is None:
            if art["placement"] is not None:
                err(where, "unplaced article with a placement")
            unplaced.append(art)
            continue
        if page not in page_numbers:
            err(where, f"page {page} is not in the plan")
            continue
        if state != "approved":
            err(where, "a placed article must be approved")
        pl = art["placement"] or {}
        if set(pl) != PLACEMENT_FIELDS:
            err(where, f"placement fields {set(pl)}")
        for k in ("headline_span", "body_columns", "image_columns"):
            v = pl.get(k)
            if v is not None and not 1 <= v <= columns:
                err(where, f"{k} {v} does not fit {columns} columns")
        if not 85 <= pl.get("type_scale", 100) <= 115:
            err(where, "type_scale outside 85–115")
        per_page[page].append(art)

    for a in assets:
        if a not in used_assets:
            warn("assets", f"{a} is not used by any article")
    if len(unplaced) != 3 or {a["demo_state"] for a in unplaced} != {"draft", "in_review", "returned"}:
        warn("articles", "expected 3 unplaced articles: draft, in_review, returned")

    # report
    total = 0
    for p in pages:
        n = p["number"]
        arts = per_page[n]
        s = sum(a["_length"] for a in arts)
        total += s
        print(f"\n第{n}版 {p['name']} ({p['template']}): {s} 字, {len(arts)} 篇")
        for a in arts:
            c = a["content"]
            tgt = a["target_length"]
            print(f"  {a['_length']:>5} 字 (目标 {tgt:>4})  {a['key']:<20} [{c.get('kind', 'news')}] {c['title']}")
    print(f"\n已排版合计 {total} 字")
    print("\n未排版（工作流演示）:")
    for a in unplaced:
        print(f"  {a['_length']:>5} 字  {a['key']:<20} [{a['demo_state']}] {a['content']['title']}")
    print(f"\n全部稿件合计 {total + sum(a['_length'] for a in unplaced)} 字")

    for w in warnings:
        print("WARNING", w)
    for e in errors:
        print("ERROR", e)
    print(f"\n{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
