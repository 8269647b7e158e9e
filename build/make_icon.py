"""Draw the program's icon: a red seal-like square with 台 in white (``assets/dongan.png``/``.ico``).

Run once when the design changes (``python build/make_icon.py``); the results are committed,
so building needs no drawing. Uses the bundled WenQuanYi Micro Hei, so it looks the same
on every machine.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
FONT = ASSETS / "fonts" / "wqy-microhei.ttc"
SEAL_RED = (200, 16, 46, 255)
PAPER = (255, 250, 240, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 512) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pad, radius = size // 32, size // 10
    pen.rounded_rectangle((pad, pad, size - pad, size - pad), radius=radius, fill=SEAL_RED)
    inner = size // 11  # the white frame line of a seal
    pen.rounded_rectangle((inner, inner, size - inner, size - inner), radius=radius // 2,
                          outline=PAPER, width=max(2, size // 40))
    font = ImageFont.truetype(str(FONT), int(size * 0.62))
    pen.text((size / 2, size / 2 + size * 0.02), "台", font=font, fill=PAPER, anchor="mm")
    return image


def main() -> None:
    big = draw(512)
    big.resize((256, 256), Image.LANCZOS).save(ASSETS / "dongan.png")
    big.save(ASSETS / "dongan.ico", sizes=ICO_SIZES)
    print(f"已生成 {ASSETS / 'dongan.png'} 和 {ASSETS / 'dongan.ico'}")


if __name__ == "__main__":
    main()
