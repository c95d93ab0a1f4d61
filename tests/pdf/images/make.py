"""Draws the small test images under tests/pdf/images/ (synthetic, so free of any licence).

python3 tests/pdf/images/make.py   (needs Pillow: pip install pillow)
"""
import math
import os
import random

from PIL import Image, ImageDraw, ImageFilter

here = os.path.dirname(os.path.abspath(__file__))
random.seed(7)


def gradient(w, h, top, bottom):
    img = Image.new("RGB", (w, h))
    px = img.load()
    for y in range(h):
        t = y / (h - 1)
        c = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom))
        for x in range(w):
            px[x, y] = c
    return img


def landscape(w, h):
    """Dusk over hills: sky gradient, sun, three ridges."""
    img = gradient(w, h, (34, 60, 110), (244, 170, 110))
    d = ImageDraw.Draw(img)
    d.ellipse((w * 0.62, h * 0.38, w * 0.74, h * 0.38 + w * 0.12), fill=(255, 226, 160))
    for i, color in enumerate([(92, 84, 120), (60, 58, 92), (30, 32, 56)]):
        base = h * (0.62 + 0.12 * i)
        pts = [(0, h)]
        for x in range(0, w + 20, 20):
            pts.append((x, base + math.sin(x / (70 + 30 * i) + i) * 18 - i * 4))
        pts.append((w, h))
        d.polygon(pts, fill=color)
    return img.filter(ImageFilter.GaussianBlur(0.6))


def chart(w, h):
    """A flat 'screenshot' of a bar chart: what PNGs on X usually are."""
    img = Image.new("RGB", (w, h), (250, 250, 252))
    d = ImageDraw.Draw(img)
    for i in range(8):
        y = 40 + i * (h - 80) / 8
        d.line((60, y, w - 30, y), fill=(226, 228, 234), width=1)
    bars = [0.35, 0.5, 0.42, 0.66, 0.58, 0.8, 0.72, 0.9]
    bw = (w - 120) / len(bars)
    for i, v in enumerate(bars):
        x = 70 + i * bw
        d.rounded_rectangle((x, h - 40 - v * (h - 90), x + bw * 0.62, h - 40), 6,
                            fill=(29, 155, 240) if i % 2 else (23, 191, 99))
    d.line((60, h - 40, w - 30, h - 40), fill=(120, 124, 132), width=2)
    return img


def leaves(w, h):
    """Green bokeh, lossy WebP."""
    img = gradient(w, h, (20, 70, 40), (120, 170, 80))
    d = ImageDraw.Draw(img, "RGBA")
    for _ in range(60):
        r = random.randint(10, 60)
        x, y = random.randint(0, w), random.randint(0, h)
        d.ellipse((x - r, y - r, x + r, y + r),
                  fill=(random.randint(150, 255), random.randint(200, 255), 120, 60))
    return img.filter(ImageFilter.GaussianBlur(3))


def avatar(s):
    img = gradient(s, s, (255, 200, 120), (220, 90, 120))
    d = ImageDraw.Draw(img)
    d.ellipse((s * 0.3, s * 0.18, s * 0.7, s * 0.58), fill=(255, 236, 220))
    d.ellipse((s * 0.12, s * 0.62, s * 0.88, s * 1.3), fill=(255, 236, 220))
    return img


def poster(w, h):
    img = gradient(w, h, (12, 16, 28), (60, 40, 90))
    d = ImageDraw.Draw(img)
    for i in range(12):
        x = i * w / 12
        d.rectangle((x + 8, h * 0.3, x + w / 12 - 8, h * 0.7),
                    fill=(80 + i * 12, 60 + i * 8, 160 - i * 5))
    return img


landscape(960, 640).save(os.path.join(here, "dusk.jpg"), quality=78, optimize=True)
chart(800, 500).save(os.path.join(here, "chart.png"), optimize=True)
leaves(720, 900).save(os.path.join(here, "leaves.webp"), quality=70)
avatar(200).save(os.path.join(here, "avatar.jpg"), quality=85)
landscape(600, 314).save(os.path.join(here, "card.jpg"), quality=75)
poster(960, 540).save(os.path.join(here, "poster.jpg"), quality=75)
with open(os.path.join(here, "broken.jpg"), "wb") as f:
    f.write(b"\xff\xd8\xff\xe0 this is not really a JPEG")
# X's large rendition of a photo: more pixels than the PDF's measure uses (the extension
# scales it down before the PDF embeds it).
landscape(2048, 1365).save(os.path.join(here, "large.jpg"), quality=85)
# A photo carrying an ICC profile the PDF can use (krilla's own sRGB v2 profile): the writer
# embeds it as the image's ICCBased colour space.
with open(os.path.join(here, "../../../vendor/krilla/icc/sRGB-v2-magic.icc"), "rb") as f:
    landscape(96, 64).save(os.path.join(here, "icc.jpg"), quality=80, icc_profile=f.read())
