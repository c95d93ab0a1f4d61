"""Draws the PDF benchmark's photos: 40 distinct 1200x675 JPEGs (quality 85, about what X
serves as `name=large`) and a 400x400 avatar, into the directory given (deterministic).

python3 bench/photos.py target/bench/photos   (needs Pillow)
"""
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter

out = sys.argv[1] if len(sys.argv) > 1 else "target/bench/photos"
os.makedirs(out, exist_ok=True)
random.seed(7)


def photo(w, h, hue):
    """A sky gradient, a sun, ridges and grain: detail like a photo, so JPEG sizes are real."""
    img = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    top = [random.randint(20, 120) for _ in range(3)]
    bottom = [random.randint(140, 250) for _ in range(3)]
    img = Image.merge("RGB", [
        band.point(lambda v, a=a, b=b: a + (b - a) * v // 255)
        for band, a, b in zip(img.split(), top, bottom)
    ])
    d = ImageDraw.Draw(img)
    r = random.randint(h // 10, h // 5)
    cx, cy = random.randint(r, w - r), random.randint(r, h // 2)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 230, 170))
    for k in range(4):
        base = h * (0.45 + 0.13 * k)
        points = [(0, h)]
        for x in range(0, w + 40, 40):
            points.append((x, base + random.randint(-h // 12, h // 12)))
        points.append((w, h))
        shade = 110 - 25 * k
        d.polygon(points, fill=((hue + 40 * k) % 200, shade, max(0, shade - 30)))
    grain = Image.effect_noise((w, h), 28).convert("RGB")
    img = Image.blend(img, grain, 0.12).filter(ImageFilter.SMOOTH)
    return img


for n in range(40):
    photo(1200, 675, n * 37).save(os.path.join(out, f"{n}.jpg"), quality=85)
photo(400, 400, 90).save(os.path.join(out, "avatar.jpg"), quality=85)
