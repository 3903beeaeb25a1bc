#!/usr/bin/env python3
"""Read a print PDF the way a print shop's preflight does, with pikepdf
(qpdf), and print what the press tests assert on as JSON: the PDF/X
identification in Info and XMP, the output intents with their profiles'
channel count, every colour space used in page content, forms and images
(named, device and inline), each image's resolution at its placed size, the
fill colour under every text-showing operator, the page boxes and the fonts.

Usage: pdfx_report.py FILE.pdf  (prints JSON on stdout)
"""
import json
import re
import sys

import pikepdf
from pikepdf import Name


def num(x):
    return float(x)


def cs_kind(cs, resources, depth=0):
    """A colour space as a short kind: DeviceRGB, DeviceCMYK, DeviceGray,
    ICCBased/N, Lab, CalRGB, Separation, DeviceN, Indexed(<base>), Pattern."""
    if depth > 5:
        return "?"
    if isinstance(cs, Name):
        n = str(cs)[1:]
        if n in ("DeviceRGB", "RGB"):
            return "DeviceRGB"
        if n in ("DeviceCMYK", "CMYK"):
            return "DeviceCMYK"
        if n in ("DeviceGray", "G"):
            return "DeviceGray"
        if n == "Pattern":
            return "Pattern"
        named = resources.get("/ColorSpace", {}) if resources is not None else {}
        if str(cs) in named:
            return cs_kind(named[str(cs)], resources, depth + 1)
        return "Unknown:" + n
    if isinstance(cs, pikepdf.Array) and len(cs) > 0:
        kind = str(cs[0])[1:]
        if kind == "ICCBased":
            return "ICCBased/%d" % int(cs[1].get("/N"))
        if kind in ("Indexed", "I"):
            return "Indexed(%s)" % cs_kind(cs[1], resources, depth + 1)
        if kind == "Separation":
            return "Separation"
        if kind == "DeviceN":
            return "DeviceN"
        return kind
    return "?"


class Walker:
    def __init__(self, pdf):
        self.pdf = pdf
        self.spaces = {}
        self.counts = {}
        self.images = []
        self.text = {"total": 0, "black_k": 0, "cmyk_other": 0, "not_cmyk": 0, "samples_not_cmyk": [],
                     "rich_black": 0, "fills": {}}
        self.seen_forms = set()

    def use(self, kind, where):
        self.counts[kind] = self.counts.get(kind, 0) + 1
        samples = self.spaces.setdefault(kind, [])
        if len(samples) < 5:
            samples.append(where)

    def walk(self, obj, resources, ctm, page, where, depth=0):
        if depth > 10:
            return
        fill = ("DeviceGray", [0.0])
        stroke = ("DeviceGray", [0.0])
        stack = []
        for operands, op in pikepdf.parse_content_stream(obj):
            op = str(op)
            if op == "q":
                stack.append((ctm, fill, stroke))
            elif op == "Q":
                if stack:
                    ctm, fill, stroke = stack.pop()
            elif op == "cm":
                m = [num(x) for x in operands]
                ctm = mul(m, ctm)
            elif op in ("cs", "CS"):
                kind = cs_kind(operands[0], resources)
                self.use(kind, where)
                init = [0.0, 0.0, 0.0, 1.0] if kind in ("DeviceCMYK", "ICCBased/4") else [0.0]
                if op == "cs":
                    fill = (kind, init)
                else:
                    stroke = (kind, init)
            elif op in ("sc", "scn"):
                fill = (fill[0], [num(x) for x in operands if not isinstance(x, Name)])
            elif op in ("SC", "SCN"):
                stroke = (stroke[0], [num(x) for x in operands if not isinstance(x, Name)])
            elif op in ("g", "G"):
                self.use("DeviceGray", where)
                v = ("DeviceGray", [num(operands[0])])
                fill, stroke = (v, stroke) if op == "g" else (fill, v)
            elif op in ("rg", "RG"):
                self.use("DeviceRGB", where)
                v = ("DeviceRGB", [num(x) for x in operands])
                fill, stroke = (v, stroke) if op == "rg" else (fill, v)
            elif op in ("k", "K"):
                self.use("DeviceCMYK", where)
                v = ("DeviceCMYK", [num(x) for x in operands])
                fill, stroke = (v, stroke) if op == "k" else (fill, v)
            elif op in ("Tj", "TJ", "'", '"'):
                self.text_op(fill, page, where)
            elif op == "sh":
                sh = resources.get("/Shading", {}).get(str(operands[0]))
                if sh is not None:
                    self.use(cs_kind(sh.get("/ColorSpace"), resources), where + " shading")
            elif op == "BI":
                pass
            elif op == "INLINE IMAGE":
                img = operands[0]
                cs = img.obj.get("/CS", img.obj.get("/ColorSpace"))
                if cs is not None:
                    self.use(cs_kind(cs, resources), where + " inline image")
            elif op == "Do":
                name = str(operands[0])
                x = resources.get("/XObject", {}).get(name)
                if x is None:
                    continue
                sub = str(x.get("/Subtype"))
                if sub == "/Image":
                    self.image(x, name, resources, ctm, page, where)
                elif sub == "/Form":
                    res = x.get("/Resources", resources)
                    m = [num(v) for v in x.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                    self.walk(x, res, mul(m, ctm), page, where + " form " + name, depth + 1)

    def text_op(self, fill, page, where):
        t = self.text
        t["total"] += 1
        kind, v = fill
        key = "%s %s" % (kind, " ".join("%g" % round(x, 3) for x in v))
        t["fills"][key] = t["fills"].get(key, 0) + 1
        if kind == "DeviceCMYK" and len(v) == 4:
            if v == [0.0, 0.0, 0.0, 1.0]:
                t["black_k"] += 1
            else:
                t["cmyk_other"] += 1
                if v[3] > 0.9 and sum(v[:3]) > 0:
                    t["rich_black"] += 1
        else:
            t["not_cmyk"] += 1
            if len(t["samples_not_cmyk"]) < 5:
                t["samples_not_cmyk"].append({"page": page, "fill": key})

    def image(self, x, name, resources, ctm, page, where):
        if bool(x.get("/ImageMask", False)):
            return
        kind = cs_kind(x.get("/ColorSpace"), resources)
        self.use(kind, where + " image " + name)
        w, h = int(x.get("/Width")), int(x.get("/Height"))
        placed_w = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5
        placed_h = (ctm[2] ** 2 + ctm[3] ** 2) ** 0.5
        ppi = min(w / (placed_w / 72.0), h / (placed_h / 72.0)) if placed_w and placed_h else 0
        filters = x.get("/Filter")
        filters = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)]
        self.images.append({
            "page": page, "name": name, "colour_space": kind, "width": w, "height": h,
            "placed_mm": [round(placed_w / 72 * 25.4, 1), round(placed_h / 72 * 25.4, 1)],
            "ppi": round(ppi, 1), "filters": filters,
            "decode": [num(v) for v in x.get("/Decode", [])],
        })


def mul(a, b):
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def rect(r):
    return [round(num(v), 3) for v in r] if r is not None else None


def text_of(v):
    return str(v) if v is not None else None


def main():
    pdf = pikepdf.open(sys.argv[1])
    info = pdf.docinfo
    out = {
        "version": pdf.pdf_version,
        "info": {k: text_of(info.get("/" + k)) for k in
                 ("Title", "GTS_PDFXVersion", "Trapped", "CreationDate", "ModDate")},
        "attachments": len(pdf.attachments),
    }
    meta = pdf.Root.get("/Metadata")
    xmp = meta.read_bytes().decode("utf-8", "replace") if meta is not None else ""
    m = re.search(r"<pdfxid:GTS_PDFXVersion>([^<]*)</pdfxid:GTS_PDFXVersion>", xmp)
    out["xmp_pdfxid"] = m.group(1) if m else None
    m = re.search(r"<pdf:Trapped>([^<]*)</pdf:Trapped>", xmp)
    out["xmp_trapped"] = m.group(1) if m else None
    intents = []
    for oi in pdf.Root.get("/OutputIntents", []):
        prof = oi.get("/DestOutputProfile")
        data = prof.read_bytes() if prof is not None else b""
        intents.append({
            "S": str(oi.get("/S")),
            "N": int(prof.get("/N")) if prof is not None else None,
            "profile_bytes": len(data),
            "profile_space": data[16:20].decode("latin-1") if len(data) > 20 else None,
            "profile_class": data[12:16].decode("latin-1") if len(data) > 20 else None,
            "condition": text_of(oi.get("/OutputConditionIdentifier")),
            "info": text_of(oi.get("/Info")),
        })
    out["output_intents"] = intents
    walker = Walker(pdf)
    pages = []
    for i, page in enumerate(pdf.pages, start=1):
        o = page.obj
        pages.append({
            "media": rect(o.get("/MediaBox")), "trim": rect(o.get("/TrimBox")),
            "bleed": rect(o.get("/BleedBox")), "crop": rect(o.get("/CropBox")),
            "group_cs": cs_kind(o["/Group"].get("/CS"), o.get("/Resources")) if "/Group" in o and o["/Group"].get("/CS") is not None else None,
        })
        walker.walk(page, o.get("/Resources", {}), [1, 0, 0, 1, 0, 0], i, "page %d" % i)
    out["pages"] = pages
    out["colour_spaces"] = walker.counts
    out["colour_space_samples"] = walker.spaces
    out["images"] = walker.images
    out["text"] = walker.text
    fonts = {}
    for page in pdf.pages:
        for name, f in page.obj.get("/Resources", {}).get("/Font", {}).items():
            d = f
            if str(f.get("/Subtype")) == "/Type0":
                d = f["/DescendantFonts"][0]
            fd = d.get("/FontDescriptor")
            emb = fd is not None and any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(f.get("/BaseFont"))] = emb or str(f.get("/Subtype")) == "/Type3"
    out["fonts"] = fonts
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
