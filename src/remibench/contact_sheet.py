"""``remi show``: one picture of an item for a person to look at.

The question is wrapped at the top, the images follow in order at native size (only shrunk
when wider than the sheet), each captioned image1..imageK, and the label closes the sheet.
"""

from __future__ import annotations

import io
import textwrap

from PIL import Image

from remibench.items import Item
from remibench.render.canvas import new_canvas, pack_rows
from remibench.render.fonts import font

SHEET_WIDTH = 1400
MARGIN = 24
GAP = 20
TEXT_SIZE = 18
CAPTION_SIZE = 16


def _wrap(text: str, size: int, width: int) -> list[str]:
    chars = max(20, int(width / (size * 0.55)))
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, chars) or [""])
    return lines


def contact_sheet(item: Item) -> Image.Image:
    """The item as one RGB picture."""
    inner = SHEET_WIDTH - 2 * MARGIN
    images = []
    for data in item.images:
        image = Image.open(io.BytesIO(data)).convert("RGB")
        if image.width > inner:
            image = image.resize((inner, round(image.height * inner / image.width)), Image.Resampling.LANCZOS)
        images.append(image)
    header = _wrap(f"[{item.task}] {item.id}", CAPTION_SIZE, inner)
    question = _wrap(item.question, TEXT_SIZE, inner)
    footer = _wrap(f"Label: {item.label}", TEXT_SIZE, inner)
    line = round(TEXT_SIZE * 1.45)
    rows = pack_rows([image.width for image in images], inner, GAP)
    row_heights = [max(images[k].height for k in row) + CAPTION_SIZE + 10 for row in rows]
    height = (MARGIN * 2 + len(header) * line + len(question) * line + GAP
              + sum(row_heights) + GAP * len(rows) + len(footer) * line)
    sheet, draw = new_canvas(SHEET_WIDTH, height, (250, 250, 250))
    y = MARGIN
    for text in header:
        draw.text((MARGIN, y), text, fill=(110, 110, 110), font=font(CAPTION_SIZE))
        y += line
    for text in question:
        draw.text((MARGIN, y), text, fill="black", font=font(TEXT_SIZE))
        y += line
    y += GAP
    for row, row_height in zip(rows, row_heights):
        x = MARGIN
        for k in row:
            draw.text((x, y), f"image{k + 1}", fill=(30, 60, 160), font=font(CAPTION_SIZE, "sans-bold"))
            sheet.paste(images[k], (x, y + CAPTION_SIZE + 6))
            draw.rectangle((x - 1, y + CAPTION_SIZE + 5, x + images[k].width, y + CAPTION_SIZE + 6 + images[k].height),
                           outline=(180, 180, 180))
            x += images[k].width + GAP
        y += row_height + GAP
    for text in footer:
        draw.text((MARGIN, y), text, fill=(0, 110, 0), font=font(TEXT_SIZE, "sans-bold"))
        y += line
    return sheet
