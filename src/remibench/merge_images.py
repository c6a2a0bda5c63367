"""The ``merged`` layout's single picture: all of an item's images tiled and labelled."""

from __future__ import annotations

import io

from PIL import Image

from remibench.render.canvas import new_canvas, pack_rows, to_png
from remibench.render.fonts import font

MAX_ROW_WIDTH = 1600
GAP = 16
CAPTION = 22


def merge_labelled(images: tuple[bytes, ...] | list[bytes]) -> bytes:
    """One PNG with the images in rows (native size), each captioned "image N" above it."""
    pictures = [Image.open(io.BytesIO(data)).convert("RGB") for data in images]
    rows = pack_rows([picture.width for picture in pictures], MAX_ROW_WIDTH, GAP)
    row_widths = [sum(pictures[k].width for k in row) + GAP * (len(row) + 1) for row in rows]
    row_heights = [max(pictures[k].height for k in row) + CAPTION + 2 * GAP for row in rows]
    canvas, draw = new_canvas(max(row_widths), sum(row_heights) + GAP)
    y = GAP
    for row, row_height in zip(rows, row_heights):
        x = GAP
        for k in row:
            draw.text((x, y), f"image {k + 1}", fill="black", font=font(CAPTION - 2, "sans-bold"))
            canvas.paste(pictures[k], (x, y + CAPTION + 4))
            draw.rectangle((x - 1, y + CAPTION + 3, x + pictures[k].width, y + CAPTION + 4 + pictures[k].height),
                           outline=(120, 120, 120))
            x += pictures[k].width + GAP
        y += row_height
    return to_png(canvas)
