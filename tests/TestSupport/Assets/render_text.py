"""Draws lines of text on a photograph with Pillow, for the OCR tests (tests/TestSupport/TextPictures.cs).

    render_text.py PHOTO FONT SIZE_PX ANGLE_DEGREES BOX(0|1) OUT.png LINE...

The text block starts at 24 px from the left and 18 % down, turned ANGLE degrees clockwise about its top-left corner;
on a light box (dark text), or directly on the photo (white or black, whichever differs more from the area behind).
"""
import sys

from PIL import Image, ImageDraw, ImageFont, ImageStat

photo, font_path, size, angle, box, out = sys.argv[1:7]
lines = sys.argv[7:]
image = Image.open(photo).convert("RGB")
font = ImageFont.truetype(font_path, int(float(size)))
ascent, descent = font.getmetrics()
line_height = (ascent + descent) * 1.2
width = max(font.getlength(line) for line in lines)
pad_x, pad_y = 12, 8
layer = Image.new("RGBA", (int(width + 2 * pad_x), int(line_height * len(lines) + 2 * pad_y)), (0, 0, 0, 0))
left, top = 24, int(image.height * 0.18)
draw = ImageDraw.Draw(layer)
if box == "1":
    draw.rectangle([0, 0, layer.width - 1, layer.height - 1], fill=(255, 255, 255, 225))
    ink = (0, 0, 0, 255)
else:
    behind = image.crop((left, top, min(image.width, left + layer.width), min(image.height, top + layer.height)))
    ink = (255, 255, 255, 255) if sum(ImageStat.Stat(behind.convert("L")).mean) / 255 < 0.5 else (0, 0, 0, 255)
for i, line in enumerate(lines):
    draw.text((pad_x, pad_y + i * line_height), line, font=font, fill=ink)

# Pillow turns counter-clockwise for a positive angle; the layer keeps its top-left corner where it was.
turned = layer.rotate(-float(angle), resample=Image.BICUBIC, expand=True)
shift_y = max(0, int(layer.width * __import__("math").sin(__import__("math").radians(-float(angle)))))
image.paste(turned, (left - pad_x, max(0, top - pad_y - shift_y)), turned)
image.save(out)
