"""Draw the ZonePress icon: a red seal with the character 编 (edit)."""
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"


def icon(size: int) -> Image.Image:
    scale = 4
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    r = s // 7
    d.rounded_rectangle([0, 0, s - 1, s - 1], radius=r, fill=(184, 49, 47, 255))
    inset = s // 14
    d.rounded_rectangle([inset, inset, s - 1 - inset, s - 1 - inset], radius=r * 2 // 3,
                        outline=(255, 240, 230, 255), width=max(2, s // 40))
    font = ImageFont.truetype(FONT, int(s * 0.62), index=2)  # index 2: SC in the collection
    box = d.textbbox((0, 0), "编", font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    d.text(((s - w) / 2 - box[0], (s - h) / 2 - box[1]), "编", font=font, fill=(255, 255, 255, 255))
    return img.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
        icon(size).save(name)
    icon(256).save("icon.ico", sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])
