"""Airport pictures: departure and arrival boards, boarding passes and itineraries.

Boards imitate flight-information screens (dark background, amber codes and times, white
cities, coloured remarks) with every column in the monospaced font so rows line up. Documents
are light cards. Everything is drawn from a Schedule spec (see ``task.py``); nothing
here decides an answer.
"""

from __future__ import annotations

import random
from typing import Any

from PIL import Image, ImageDraw

from remibench.render.canvas import new_canvas
from remibench.render.fonts import font

# (name, two-letter code, brand colour); fictional carriers.
AIRLINES: list[tuple[str, str, tuple[int, int, int]]] = [
    ("Aurora Air", "AU", (24, 78, 150)), ("Bluecrest Airways", "BQ", (12, 104, 150)),
    ("Meridian Air", "MR", (150, 40, 52)), ("Polaris Airlines", "PL", (40, 58, 110)),
    ("Tradewind Airways", "TW", (20, 116, 88)), ("Zephyr Air", "ZP", (106, 58, 146)),
    ("Northstar Airlines", "NS", (36, 44, 62)), ("Coral Airways", "CR", (190, 74, 56)),
    ("Cascadia Air", "CS", (34, 98, 68)), ("Sunline", "SL", (196, 118, 16)),
]

BOARD_W = 780
ROW_H = 36
BOARD_BG = (14, 17, 22)
BOARD_ALT = (24, 28, 36)
HEADER_BG = (30, 35, 44)
AMBER = (255, 184, 28)
WHITE = (238, 238, 238)
GREY = (150, 156, 166)
STATUS_COLOURS = {"on_time": (96, 214, 112), "boarding": (96, 214, 112), "delayed": (255, 212, 64),
                  "gate_change": (92, 200, 255), "cancelled": (255, 92, 82), "expected": (255, 212, 64),
                  "landed": (96, 214, 112)}
DEP_COLUMNS = (("TIME", 20), ("FLIGHT", 104), ("DESTINATION", 222), ("GATE", 448), ("REMARKS", 530))
ARR_COLUMNS = (("TIME", 20), ("FLIGHT", 104), ("FROM", 222), ("REMARKS", 470))


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def departure_remark(row: dict[str, Any], delay_style: str) -> str:
    status = row["status"]
    if status == "delayed":
        return f"Delayed {row['delay']} min" if delay_style == "min" else f"Delayed to {clock(row['time'] + row['delay'])}"
    if status == "gate_change":
        return "Gate changed"
    return {"on_time": "On time", "boarding": "Boarding", "cancelled": "Cancelled"}[status]


def arrival_remark(row: dict[str, Any]) -> str:
    status = row["status"]
    if status == "delayed":
        return f"Delayed {row['delay']} min"
    if status == "expected":
        return f"Expected {clock(row['at'])}"
    if status == "landed":
        return f"Landed {clock(row['at'])}"
    return {"on_time": "On time", "cancelled": "Cancelled"}[status]


# ---------------------------------------------------------------- boards

def _board_canvas(title: str, title_colour: tuple[int, int, int], place: str, n_rows: int,
                  columns: tuple[tuple[str, int], ...]) -> tuple[Image.Image, ImageDraw.ImageDraw, int]:
    height = 62 + 34 + n_rows * ROW_H + 12
    image, draw = new_canvas(BOARD_W, height, BOARD_BG)
    draw.rectangle([0, 0, BOARD_W, 60], fill=HEADER_BG)
    draw.text((20, 30), title, fill=title_colour, font=font(28, "sans-bold"), anchor="lm")
    draw.text((BOARD_W - 20, 30), place, fill=WHITE, font=font(20, "sans-bold"), anchor="rm")
    for name, x in columns:
        draw.text((x, 62 + 17), name, fill=GREY, font=font(15, "mono-bold"), anchor="lm")
    draw.line([(12, 62 + 33), (BOARD_W - 12, 62 + 33)], fill=(60, 66, 78), width=1)
    return image, draw, 62 + 34


def _row_band(draw: ImageDraw.ImageDraw, top: int, k: int) -> float:
    if k % 2:
        draw.rectangle([0, top + k * ROW_H, BOARD_W, top + (k + 1) * ROW_H - 1], fill=BOARD_ALT)
    return top + k * ROW_H + ROW_H / 2


def draw_departures(rows: list[dict[str, Any]], airport: str, page: int, n_pages: int, delay_style: str) -> Image.Image:
    place = f"{airport}  Terminal {page + 1}" if n_pages > 1 else airport
    image, draw, top = _board_canvas("DEPARTURES", AMBER, place, len(rows), DEP_COLUMNS)
    cell = font(19, "mono-bold")
    xs = [x for _, x in DEP_COLUMNS]
    for k, row in enumerate(rows):
        y = _row_band(draw, top, k)
        draw.text((xs[0], y), clock(row["time"]), fill=AMBER, font=cell, anchor="lm")
        draw.text((xs[1], y), row["flight"], fill=AMBER, font=cell, anchor="lm")
        draw.text((xs[2], y), row["dest"], fill=WHITE, font=cell, anchor="lm")
        gate = row["new_gate"] if row["status"] == "gate_change" else row["gate"]  # screens show the current gate
        draw.text((xs[3], y), gate, fill=AMBER, font=cell, anchor="lm")
        draw.text((xs[4], y), departure_remark(row, delay_style), fill=STATUS_COLOURS[row["status"]], font=cell, anchor="lm")
    return image


def draw_arrivals(rows: list[dict[str, Any]], airport: str) -> Image.Image:
    image, draw, top = _board_canvas("ARRIVALS", (120, 200, 255), airport, len(rows), ARR_COLUMNS)
    cell = font(19, "mono-bold")
    xs = [x for _, x in ARR_COLUMNS]
    for k, row in enumerate(rows):
        y = _row_band(draw, top, k)
        draw.text((xs[0], y), clock(row["time"]), fill=AMBER, font=cell, anchor="lm")
        draw.text((xs[1], y), row["flight"], fill=AMBER, font=cell, anchor="lm")
        draw.text((xs[2], y), row["origin"], fill=WHITE, font=cell, anchor="lm")
        draw.text((xs[3], y), arrival_remark(row), fill=STATUS_COLOURS[row["status"]], font=cell, anchor="lm")
    return image


# ---------------------------------------------------------------- documents

CARD_BG = (232, 235, 240)
DOC_INK = (30, 34, 40)
LABEL_INK = (110, 116, 126)


def _field(draw: ImageDraw.ImageDraw, x: float, y: float, label: str, value: str, size: int = 21) -> None:
    draw.text((x, y), label, fill=LABEL_INK, font=font(14, "sans-bold"))
    draw.text((x, y + 19), value, fill=DOC_INK, font=font(size, "mono-bold"))


def draw_boarding_pass(doc: dict[str, Any], person: dict[str, str]) -> Image.Image:
    """A boarding-pass card: airline band, route, flight details and a tear-off stub."""
    name, _, colour = AIRLINES[doc["airline"]]
    image, draw = new_canvas(BOARD_W, 366, CARD_BG)
    draw.rounded_rectangle([12, 12, BOARD_W - 12, 354], radius=16, fill="white", outline=(200, 204, 210), width=2)
    draw.rounded_rectangle([12, 12, BOARD_W - 12, 66], radius=16, fill=colour)
    draw.rectangle([12, 46, BOARD_W - 12, 66], fill=colour)
    draw.text((32, 39), name, fill="white", font=font(22, "sans-bold"), anchor="lm")
    draw.text((BOARD_W - 32, 39), "BOARDING PASS", fill="white", font=font(18, "sans-bold"), anchor="rm")
    stub = 572
    for y in range(74, 346, 12):
        draw.line([(stub, y), (stub, y + 6)], fill=(170, 174, 180), width=2)
    _field(draw, 34, 78, "PASSENGER", f"{person['last'].upper()} / {person['first'].upper()}")
    draw.text((34, 166), doc["from_code"], fill=DOC_INK, font=font(36, "mono-bold"), anchor="ls")
    draw.text((34, 190), doc["from"], fill=LABEL_INK, font=font(16, "sans"), anchor="ls")
    draw.text((218, 154), "\u2192", fill=colour, font=font(32, "sans-bold"), anchor="mm")
    draw.text((300, 166), doc["to_code"], fill=DOC_INK, font=font(36, "mono-bold"), anchor="ls")
    draw.text((300, 190), doc["to"], fill=LABEL_INK, font=font(16, "sans"), anchor="ls")
    first = [("FLIGHT", doc["flight"]), ("DATE", doc["date"]), ("DEPARTS", clock(doc["dep"]))]
    if "arr" in doc:
        first.append(("ARRIVES", clock(doc["arr"])))
    second = [("BOARDING", clock(doc["boarding"])), ("GATE", doc["gate"] or "TBA"), ("SEAT", doc["seat"]), ("GROUP", str(doc["group"]))]
    for row, fields in ((210, first), (278, second)):
        for k, (label, value) in enumerate(fields):
            _field(draw, 34 + k * 132, row, label, value)
    _field(draw, stub + 22, 80, "FLIGHT", doc["flight"], 19)
    _field(draw, stub + 22, 136, "SEAT", doc["seat"], 19)
    _field(draw, stub + 104, 136, "GROUP", str(doc["group"]), 19)
    bars = random.Random(doc["barcode"])
    x = stub + 22
    while x < BOARD_W - 34:
        w = bars.choice((1, 2, 2, 3, 4))
        draw.rectangle([x, 214, x + w - 1, 334], fill=DOC_INK)
        x += w + bars.choice((1, 2, 3))
    return image


def draw_itinerary(doc: dict[str, Any], person: dict[str, str]) -> Image.Image:
    """A printed itinerary: booking details and one table row per flight leg."""
    legs = doc["legs"]
    height = 176 + 42 * len(legs) + 20
    image, draw = new_canvas(BOARD_W, height, (246, 247, 249))
    draw.rectangle([12, 12, BOARD_W - 12, height - 12], fill="white", outline=(200, 204, 210), width=2)
    draw.text((32, 30), "TRIP ITINERARY", fill=(24, 60, 120), font=font(24, "sans-bold"))
    draw.text((32, 70), f"Passenger: {person['first']} {person['last']}", fill=DOC_INK, font=font(17, "sans"))
    draw.text((32, 96), f"Booking reference: {doc['ref']}", fill=DOC_INK, font=font(17, "sans"))
    draw.text((BOARD_W - 32, 70), f"Date: {doc['date']}", fill=DOC_INK, font=font(17, "sans"), anchor="ra")
    columns = (("FLIGHT", 32), ("FROM", 136), ("TO", 346), ("DEPARTS", 566), ("ARRIVES", 666))
    top = 134
    draw.rectangle([24, top, BOARD_W - 24, top + 34], fill=(226, 232, 242))
    for label, x in columns:
        draw.text((x, top + 17), label, fill=(60, 66, 80), font=font(15, "sans-bold"), anchor="lm")
    for k, leg in enumerate(legs):
        y = top + 34 + k * 42 + 21
        draw.line([(24, y + 21), (BOARD_W - 24, y + 21)], fill=(220, 224, 230), width=1)
        cells = (leg["flight"], f"{leg['from']} ({leg['from_code']})", f"{leg['to']} ({leg['to_code']})",
                 clock(leg["dep"]), clock(leg["arr"]))
        for (label, x), text in zip(columns, cells):
            family = "mono-bold" if label in ("FLIGHT", "DEPARTS", "ARRIVES") else "sans"
            draw.text((x, y), text, fill=DOC_INK, font=font(17, family), anchor="lm")
    return image


def render_schedule(spec: dict[str, Any], roles: list[tuple[str, int]]) -> list[Image.Image]:
    """The item's images in the order ``roles`` gives (document, arrivals, departure pages)."""
    images = []
    pages = spec["departures"]["pages"]
    for role, k in roles:
        if role == "doc":
            draw = draw_boarding_pass if spec["doc"]["kind"] == "pass" else draw_itinerary
            images.append(draw(spec["doc"], spec["person"]))
        elif role == "arrivals":
            images.append(draw_arrivals(spec["arrivals"]["rows"], spec["airport"]))
        else:
            images.append(draw_departures(pages[k], spec["airport"], k, len(pages), spec["departures"]["delay_style"]))
    return images
