#!/usr/bin/python3
"""Reference values for the corpus test: for each file given, one JSON line
{"file", "readable", "width", "height", "average", "alpha"} as Pillow reads it.

The average follows the service's alpha rule: the mean of R, G, B and A over all pixels when the format declares
transparency (an alpha band, or a transparent colour in any mode), else the mean of R, G and B (a grey image's mean).
16-bit grey samples are scaled to 0-255. A file Pillow cannot read completely (it raises, truncated data included)
is "readable": false."""
import json
import sys
import warnings

import numpy as np
from PIL import Image, ImageFile

ImageFile.LOAD_TRUNCATED_IMAGES = False
Image.MAX_IMAGE_PIXELS = None
warnings.simplefilter("ignore")


def reference(path):
    try:
        with Image.open(path) as im:
            im.load()
            declared = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
            if im.format == "PNG" and im.mode == "L" and "transparency" in im.info:
                # Pillow 9 keeps a 1-, 2- or 4-bit grey PNG's tRNS value unscaled while it scales the samples to 8 bits.
                with open(path, "rb") as f:
                    depth = f.read(25)[24]
                if depth < 8:
                    im.info["transparency"] = im.info["transparency"] * 255 // ((1 << depth) - 1)
            if im.mode.startswith("I"):
                grey = np.asarray(im).astype(np.float64)
                scale = 257.0 if grey.max(initial=0) > 255 or im.mode.startswith("I;16") else 1.0
                alpha = None
                if declared:
                    alpha = np.where(np.asarray(im) == im.info["transparency"], 0.0, 255.0)
                grey = grey / scale
                average = (3 * grey.sum() + alpha.sum()) / (4 * grey.size) if declared else grey.mean()
            else:
                rgba = np.asarray(im.convert("RGBA")).astype(np.float64)
                average = rgba.mean() if declared else rgba[:, :, :3].mean()
            return {"readable": True, "width": im.width, "height": im.height, "average": float(average), "alpha": declared}
    except Exception as e:  # noqa: BLE001 - any failure is "Pillow cannot read it"
        return {"readable": False, "error": f"{type(e).__name__}: {e}"}


for path in sys.argv[1:]:
    print(json.dumps({"file": path, **reference(path)}), flush=True)
