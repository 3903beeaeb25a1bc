#!/usr/bin/env python3
"""Draw photo-1.jpg, the demo 图片新闻 picture: a stylised industrial park at
dawn (factory halls with solar roofs, an R&D tower, an elevated road, wind
turbines on the hills, the skyline mirrored in the lake, reeds in front).

Pure Pillow, deterministic (fixed seed), no downloaded material.
Output: 2400×1600 px JPEG, quality 85 — 300 dpi across about 200 mm, so it
prints sharp at 3 columns of an A3 page.

Usage: python3 make_photo.py [out.jpg]
"""
import math
import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter

W, H = 2400, 1600          # output size
SS = 2                     # supersampling factor: draw at 2× and shrink
CW, CH = W * SS, H * SS    # canvas size
HORIZON = int(CH * 0.60)   # where the land meets the lake
rng = random.Random(137)


def lerp(a, b, t):
    return a + (b - a) * t


def mix(c1, c2, t):
    return tuple(int(round(lerp(a, b, t))) for a, b in zip(c1, c2))


def ramp(stops, t):
    """Colour at t in [0, 1] along (position, colour) stops."""
    for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
        if t <= p1:
            return mix(c0, c1, (t - p0) / (p1 - p0) if p1 > p0 else 0)
    return stops[-1][1]


SKY = [
    (0.00, (34, 46, 92)),
    (0.30, (78, 86, 142)),
    (0.55, (172, 128, 150)),
    (0.78, (238, 170, 132)),
    (0.92, (252, 202, 146)),
    (1.00, (255, 222, 168)),
]


def s(v):
    """Scale a length given in output pixels to canvas pixels."""
    return int(round(v * SS))


def sky():
    img = Image.new("RGB", (CW, CH))
    d = ImageDraw.Draw(img)
    for y in range(HORIZON + 1):
        d.line([(0, y), (CW, y)], fill=ramp(SKY, y / HORIZON))
    return img


def glow(img, cx, cy, radius, colour, strength):
    """Add a soft round light centred at (cx, cy)."""
    g = Image.radial_gradient("L").resize((radius * 2, radius * 2), Image.BICUBIC)
    mask = Image.eval(g, lambda v: int(strength * max(0, 255 - v) ** 2 / 255))
    layer = Image.new("RGB", img.size, colour)
    full = Image.new("L", img.size, 0)
    full.paste(mask, (cx - radius, cy - radius))
    img.paste(layer, (0, 0), full)


def clouds(img):
    """Thin streaks of cloud, lit pink from below, thicker towards the horizon."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    bands = [(0.22, 0.30, 0.50, (214, 150, 170)), (0.70, 0.36, 0.40, (226, 160, 168)),
             (0.40, 0.52, 0.55, (246, 182, 160)), (0.85, 0.60, 0.35, (250, 190, 158)),
             (0.15, 0.68, 0.40, (252, 198, 156)), (0.55, 0.76, 0.30, (255, 210, 160))]
    for fx, fy, length, colour in bands:
        cx, cy = int(fx * CW), int(fy * HORIZON)
        for _ in range(14):
            w = int(length * CW * rng.uniform(0.2, 0.55))
            h = s(rng.uniform(2.5, 6 + 6 * fy))
            x = cx + rng.randint(-w // 2, w // 2)
            y = cy + rng.randint(-s(22), s(22))
            d.ellipse([x - w // 2, y - h, x + w // 2, y + h], fill=colour + (rng.randint(40, 90),))
    layer = layer.filter(ImageFilter.GaussianBlur(s(5)))
    img.paste(layer, (0, 0), layer)


def ridge(base, amp, seed, colour, img):
    """A smooth hill line made of a few sines, filled down to the horizon."""
    r = random.Random(seed)
    waves = [(r.uniform(0.6, 2.2), r.uniform(0, 6.28), r.uniform(0.3, 1.0)) for _ in range(4)]
    pts = []
    for x in range(0, CW + s(8), s(8)):
        t = x / CW
        v = sum(a * math.sin(f * 6.28 * t + p) for f, p, a in waves) / sum(a for *_, a in waves)
        pts.append((x, base - amp * (0.5 + 0.5 * v)))
    pts += [(CW, HORIZON + 2), (0, HORIZON + 2)]
    ImageDraw.Draw(img).polygon(pts, fill=colour)
    return pts


def turbine(d, x, base_y, height, colour, angle):
    hub = (x, base_y - height)
    d.polygon([(x - s(5), base_y), (x + s(5), base_y), (x + s(2), hub[1]), (x - s(2), hub[1])], fill=colour)
    blade = height * 0.55
    for k in range(3):
        a = math.radians(angle + k * 120)
        tip = (hub[0] + blade * math.cos(a), hub[1] + blade * math.sin(a))
        n = (math.cos(a + math.pi / 2) * s(4), math.sin(a + math.pi / 2) * s(4))
        d.polygon([(hub[0] + n[0], hub[1] + n[1]), tip, (hub[0] - n[0], hub[1] - n[1])], fill=colour)
    d.ellipse([hub[0] - s(6), hub[1] - s(6), hub[0] + s(6), hub[1] + s(6)], fill=colour)


def windows(d, x0, y0, x1, y1, cols, rows, lit, dark, p_lit):
    """A grid of windows, some lit warm, the rest a shade off the wall."""
    cw = (x1 - x0) / cols
    rh = (y1 - y0) / rows
    for i in range(cols):
        for j in range(rows):
            wx, wy = x0 + i * cw + cw * 0.22, y0 + j * rh + rh * 0.28
            colour = lit if rng.random() < p_lit else dark
            d.rectangle([wx, wy, wx + cw * 0.56, wy + rh * 0.44], fill=colour)


def city_back(img, gap_x, gap_w):
    """Distant blocks in haze behind the park, leaving the rising sun clear."""
    d = ImageDraw.Draw(img)
    colour = (132, 118, 150)
    x = 0
    while x < CW:
        w = s(rng.uniform(40, 110))
        h = s(rng.uniform(60, 190)) if rng.random() < 0.7 else s(rng.uniform(200, 260))
        if abs(x + w / 2 - gap_x) < gap_w:
            h = s(rng.uniform(20, 60))
        d.rectangle([x, HORIZON - s(40) - h, x + w, HORIZON], fill=colour)
        if h > s(150) and rng.random() < 0.5:  # a mast on some roofs
            d.line([(x + w // 2, HORIZON - s(40) - h), (x + w // 2, HORIZON - s(70) - h)], fill=colour, width=s(3))
        x += w + s(rng.uniform(0, 30))


def park(img):
    """The industrial park itself, backlit: slate silhouettes with lit windows."""
    d = ImageDraw.Draw(img)
    wall = (52, 56, 86)
    wall2 = (66, 68, 100)
    lit = (255, 206, 128)
    unlit = (72, 76, 108)
    ground = HORIZON - s(14)

    # R&D tower with a crown, left of centre
    tx, tw, th = s(720), s(150), s(560)
    d.rectangle([tx, ground - th, tx + tw, ground], fill=wall)
    d.polygon([(tx, ground - th), (tx + tw, ground - th), (tx + tw - s(30), ground - th - s(50)),
               (tx + s(30), ground - th - s(50))], fill=wall)
    d.line([(tx + tw // 2, ground - th - s(50)), (tx + tw // 2, ground - th - s(120))], fill=wall, width=s(5))
    # glass facade: vertical mullions catching the dawn on the right edge
    for k in range(1, 10):
        xx = tx + k * tw // 10
        d.line([(xx, ground - th + s(12)), (xx, ground - s(20))], fill=(84, 88, 126), width=s(2))
    d.rectangle([tx + tw - s(10), ground - th, tx + tw, ground], fill=(214, 150, 128))
    windows(d, tx + s(6), ground - th + s(20), tx + tw - s(14), ground - s(30), 8, 30, lit, wall, 0.16)

    # office slab with horizontal window bands
    ox, ow, oh = s(900), s(260), s(300)
    d.rectangle([ox, ground - oh, ox + ow, ground], fill=wall2)
    for k in range(14):
        yy = ground - oh + s(16) + k * s(20)
        d.rectangle([ox + s(10), yy, ox + ow - s(10), yy + s(8)], fill=(88, 92, 128))
    windows(d, ox + s(10), ground - oh + s(14), ox + ow - s(10), ground - s(10), 16, 14, lit, (88, 92, 128), 0.12)

    # long factory halls with sawtooth roofs and solar panels
    def hall(x, w, h, teeth):
        top = ground - h
        d.rectangle([x, top, x + w, ground], fill=wall)
        tw_ = w / teeth
        for k in range(teeth):
            a = x + k * tw_
            d.polygon([(a, top), (a + tw_ * 0.8, top - s(34)), (a + tw_ * 0.8, top), (a + tw_, top)], fill=wall)
            # north-light glazing catches the glow
            d.polygon([(a + tw_ * 0.8, top - s(34)), (a + tw_ * 0.86, top - s(30)), (a + tw_ * 0.86, top),
                       (a + tw_ * 0.8, top)], fill=(236, 176, 136))
            # solar panels on the sloped side
            for j in range(3):
                t0, t1 = 0.12 + j * 0.22, 0.30 + j * 0.22
                p = [(a + tw_ * 0.8 * t0, top - s(34) * t0), (a + tw_ * 0.8 * t1, top - s(34) * t1),
                     (a + tw_ * 0.8 * t1, top - s(34) * t1 + s(6)), (a + tw_ * 0.8 * t0, top - s(34) * t0 + s(6))]
                d.polygon(p, fill=(104, 116, 170))
        # a band of lit clerestory windows along the hall
        for k in range(int(w / s(26))):
            if rng.random() < 0.55:
                xx = x + s(10) + k * s(26)
                d.rectangle([xx, ground - h * 0.62, xx + s(14), ground - h * 0.62 + s(9)], fill=lit)

    hall(s(60), s(560), s(120), 9)
    hall(s(1240), s(520), s(104), 8)
    hall(s(1800), s(520), s(130), 8)

    # storage tanks
    for cx, r, h in [(s(1180), s(46), s(150)), (s(1110), s(34), s(110))]:
        d.rectangle([cx - r, ground - h, cx + r, ground], fill=wall2)
        d.ellipse([cx - r, ground - h - r * 0.35, cx + r, ground - h + r * 0.35], fill=wall2)
        d.line([(cx + r - s(6), ground - h), (cx + r - s(6), ground)], fill=(204, 146, 130), width=s(4))

    # a tower crane over the new plot on the right
    cx, cy = s(2230), ground
    d.rectangle([cx - s(7), cy - s(420), cx + s(7), cy], fill=wall)
    for k in range(0, 420, 24):
        d.line([(cx - s(7), cy - s(k)), (cx + s(7), cy - s(k + 24))], fill=(90, 94, 130), width=s(2))
    d.rectangle([cx - s(260), cy - s(432), cx + s(120), cy - s(420)], fill=wall)
    d.polygon([(cx - s(4), cy - s(432)), (cx + s(4), cy - s(432)), (cx, cy - s(480))], fill=wall)
    d.line([(cx, cy - s(480)), (cx - s(250), cy - s(432))], fill=wall, width=s(2))
    d.line([(cx, cy - s(480)), (cx + s(110), cy - s(432))], fill=wall, width=s(2))
    d.rectangle([cx + s(70), cy - s(446), cx + s(118), cy - s(420)], fill=wall)
    d.line([(cx - s(180), cy - s(420)), (cx - s(180), cy - s(300))], fill=wall, width=s(2))
    d.ellipse([cx - s(2), cy - s(400), cx + s(4), cy - s(394)], fill=(255, 90, 70))

    # the elevated road in front, with its piers and the first headlights
    ry = ground + s(2) - s(58)
    d.rectangle([0, ry, CW, ry + s(14)], fill=(44, 46, 72))
    d.line([(0, ry), (CW, ry)], fill=(220, 160, 136), width=s(2))
    for x in range(s(40), CW, s(150)):
        d.rectangle([x, ry + s(14), x + s(14), ground + s(2)], fill=(44, 46, 72))
    for k in range(14):
        x = rng.randint(0, CW - s(120))
        trail = s(rng.uniform(40, 110))
        colour = (255, 236, 200) if k % 2 else (255, 112, 84)
        d.line([(x, ry + s(5)), (x + trail, ry + s(5))], fill=colour, width=s(2))
    d.rectangle([0, ground, CW, HORIZON + 2], fill=(40, 42, 66))


def reflect(src, top):
    """Mirror everything above the horizon into the lake, rippled and darker."""
    above = src.crop((0, top - (CH - top), CW, top)).transpose(Image.FLIP_TOP_BOTTOM)
    rippled = Image.new("RGB", above.size)
    for y in range(0, above.height, 2):
        depth = y / above.height
        shift = int(math.sin(y * 0.045) * s(3 + 14 * depth) + math.sin(y * 0.011) * s(4))
        row = above.crop((0, y, CW, y + 2))
        rippled.paste(row, (shift, y))
        if shift > 0:
            rippled.paste(row.crop((0, 0, 1, 2)).resize((shift, 2)), (0, y))
        elif shift < 0:
            rippled.paste(row.crop((CW - 1, 0, CW, 2)).resize((-shift, 2)), (CW + shift, y))
    rippled = rippled.filter(ImageFilter.GaussianBlur(s(1.5)))
    tint = Image.new("RGB", rippled.size, (46, 52, 92))
    grad = Image.linear_gradient("L").resize(rippled.size)
    grad = Image.eval(grad, lambda v: int(70 + v * 0.55))
    water = Image.composite(tint, rippled, grad)
    src.paste(water, (0, top))


def water_light(img, sun_x):
    """Horizontal glints on the water and the sun's broken path."""
    d = ImageDraw.Draw(img)
    for _ in range(260):
        y = rng.randint(HORIZON + s(6), CH - s(10))
        depth = (y - HORIZON) / (CH - HORIZON)
        spread = s(40 + 260 * depth)
        x = int(rng.gauss(sun_x, spread))
        w = s(rng.uniform(10, 60) * (0.5 + depth))
        c = (255, 214, 156) if abs(x - sun_x) < spread * 0.8 else (236, 178, 150)
        d.line([(x - w // 2, y), (x + w // 2, y)], fill=c, width=s(1.5 + depth * 2.5))
    for _ in range(240):
        y = rng.randint(HORIZON + s(6), CH - s(10))
        x = rng.randint(0, CW)
        w = s(rng.uniform(20, 120))
        d.line([(x, y), (x + w, y)], fill=(120, 112, 152), width=s(1))


def reeds(img):
    """Dark reeds in the near corners, framing the view."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    colour = (22, 22, 38, 255)
    for side in (0, 1):
        for _ in range(70):
            bx = rng.uniform(0, 330) if side == 0 else rng.uniform(2080, 2400)
            x0, y0 = s(bx), CH + s(10)
            height = s(rng.uniform(150, 430)) * (1.0 if (bx < 200 or bx > 2200) else 0.6)
            lean = rng.uniform(-0.35, 0.35) + (0.15 if side == 0 else -0.15)
            pts = []
            for k in range(13):
                t = k / 12
                pts.append((x0 + lean * height * t * t, y0 - height * t))
            d.line(pts, fill=colour, width=s(rng.uniform(2.5, 4.5)))
            if rng.random() < 0.45:          # a feathery seed head
                hx, hy = pts[-1]
                d.ellipse([hx - s(5), hy - s(26), hx + s(5), hy + s(4)], fill=colour)
            if rng.random() < 0.5:           # a leaf
                k = rng.randint(3, 8)
                lx, ly = pts[k]
                dirn = rng.choice((-1, 1))
                d.line([(lx, ly), (lx + dirn * s(60), ly - s(30)), (lx + dirn * s(110), ly + s(10))],
                       fill=colour, width=s(3))
    img.paste(layer, (0, 0), layer)


def birds(img):
    d = ImageDraw.Draw(img)
    colour = (44, 40, 66)
    for x, y, size in [(1380, 300, 16), (1430, 270, 12), (1470, 318, 13), (1525, 288, 10),
                       (1575, 330, 9), (1300, 340, 11)]:
        x, y, w = s(x), s(y), s(size)
        d.line([(x - w, y - w * 0.4), (x - w * 0.35, y - w * 0.15), (x, y + w * 0.15)], fill=colour, width=s(2.2))
        d.line([(x, y + w * 0.15), (x + w * 0.35, y - w * 0.15), (x + w, y - w * 0.45)], fill=colour, width=s(2.2))


def vignette(img):
    g = Image.radial_gradient("L").resize(img.size, Image.BICUBIC)
    mask = Image.eval(g, lambda v: int(max(0, v - 150) * 0.55))
    dark = Image.new("RGB", img.size, (20, 18, 34))
    img.paste(dark, (0, 0), mask)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "photo-1.jpg")
    img = sky()
    sun_x, sun_y = int(CW * 0.645), HORIZON - s(172)
    glow(img, sun_x, sun_y, s(900), (255, 214, 160), 0.55)
    glow(img, sun_x, sun_y, s(260), (255, 236, 196), 0.8)
    clouds(img)
    d = ImageDraw.Draw(img)
    d.ellipse([sun_x - s(44), sun_y - s(44), sun_x + s(44), sun_y + s(44)], fill=(255, 244, 214))

    ridge(HORIZON - s(120), s(110), 7, (176, 138, 160), img)
    hills = ridge(HORIZON - s(70), s(120), 11, (150, 120, 152), img)
    # wind turbines along the nearer ridge, on the right
    d = ImageDraw.Draw(img)
    for fx, h, a in [(0.80, 250, 12), (0.87, 210, 47), (0.935, 180, 80)]:
        x = int(CW * fx)
        base = min(p[1] for p in hills if abs(p[0] - x) < s(8)) + s(10)
        turbine(d, x, base, s(h), (118, 100, 136), a)
    city_back(img, sun_x, s(170))
    park(img)
    reflect(img, HORIZON)
    water_light(img, sun_x)
    reeds(img)
    birds(img)
    vignette(img)

    final = img.resize((W, H), Image.LANCZOS)
    final.save(out, "JPEG", quality=85, optimize=True, progressive=True, dpi=(300, 300))
    print(out, final.size, os.path.getsize(out) // 1024, "KB")


if __name__ == "__main__":
    main()
