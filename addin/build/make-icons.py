#!/usr/bin/python3
"""Draws the add-in's icons (a green leaf with a white bolt) at the sizes the manifest declares.

Run once after changing the design: /usr/bin/python3 addin/build/make-icons.py
Needs Pillow (Debian/Ubuntu: apt-get install -y python3-pil). The PNGs are committed; the build only copies them.
"""
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[2] / 'manifests' / 'excel' / 'icons'
SIZES = [16, 32, 64, 80]  # ribbon buttons 16/32/80; IconUrl 32; HighResolutionIconUrl 64
SCALE = 8  # draw large, then shrink, for smooth edges

GREEN = (16, 124, 65, 255)  # Excel green
WHITE = (255, 255, 255, 255)


def draw(size: int) -> Image.Image:
    s = size * SCALE
    m = s * 0.04
    # Leaf: the overlap of two large circles, a lens from the bottom-left to the top-right corner.
    left = Image.new('L', (s, s), 0)
    ImageDraw.Draw(left).ellipse([m - s * 0.62, m - s * 0.02, s - m, s * 1.6], fill=255)
    right = Image.new('L', (s, s), 0)
    ImageDraw.Draw(right).ellipse([m, m - s * 0.6, s * 1.62 - m, s - m], fill=255)
    lens = Image.composite(left, Image.new('L', (s, s), 0), right)
    img = Image.new('RGBA', (s, s), (0, 0, 0, 0))
    img.paste(Image.new('RGBA', (s, s), GREEN), (0, 0), lens)
    d = ImageDraw.Draw(img)
    # Bolt across the middle of the leaf.
    bolt = [(0.56, 0.16), (0.30, 0.56), (0.48, 0.56), (0.40, 0.86), (0.70, 0.42), (0.52, 0.42), (0.60, 0.16)]
    d.polygon([(x * s, y * s) for x, y in bolt], fill=WHITE)
    return img.resize((size, size), Image.LANCZOS)


if __name__ == '__main__':
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        draw(size).save(OUT / f'icon-{size}.png', optimize=True)
        print(OUT / f'icon-{size}.png')
