"""GeomCost pictures: a to-scale plan with dimension lines, a price list and an offer card.

The plan spec (see ``remibench.tasks.geom_cost.task``) holds world coordinates in metres, the edges
whose lengths are printed, an optional semicircular end and an optional house wall. The table
and card are plain typeset images. Nothing here computes costs.
"""

from __future__ import annotations

import math
from typing import Any

from PIL import Image, ImageDraw

from remibench.render.fonts import font
from remibench.render.geometry import Block, Dimension, Figure, Item, Path, Pt, arc_points
from remibench.render.geometry_layout import render_figure

GARDEN_FILL = (212, 236, 198)
ROOM_FILL = (244, 234, 212)
INK = (25, 25, 35)


def money(value: float) -> str:
    """``$1,234.50``."""
    return f"${value:,.2f}"


def metres(value: float) -> str:
    return f"{value:g} m"


def _orientation(coords: list[Pt]) -> float:
    """Twice the signed area: > 0 for counter-clockwise vertex order."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(coords, coords[1:] + coords[:1]))


def _outward(p: Pt, q: Pt, ccw: bool) -> Pt:
    dx, dy = q[0] - p[0], q[1] - p[1]
    n = math.hypot(dx, dy)
    return (dy / n, -dx / n) if ccw else (-dy / n, dx / n)


def plan_outline(plan: dict[str, Any]) -> list[Pt]:
    """The plot's boundary (semicircular end sampled), in metres."""
    coords = [(float(x), float(y)) for x, y in plan["coords"]]
    ccw = _orientation(coords) > 0
    out: list[Pt] = []
    for i, p in enumerate(coords):
        q = coords[(i + 1) % len(coords)]
        out.append(p)
        if plan.get("semi") == i:
            m = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
            start = math.degrees(math.atan2(p[1] - m[1], p[0] - m[0]))
            # Bulge outwards: from p, turn away from the interior.
            arc = arc_points(m, math.dist(p, q) / 2, start, 180.0 if ccw else -180.0, 4.0)
            out.extend(arc[1:-1])
    return out


def house_block(plan: dict[str, Any]) -> list[Pt] | None:
    """The house drawn against edge ``plan['house']``, outside the plot."""
    if plan.get("house") is None:
        return None
    coords = [(float(x), float(y)) for x, y in plan["coords"]]
    i = plan["house"]
    p, q = coords[i], coords[(i + 1) % len(coords)]
    n = _outward(p, q, _orientation(coords) > 0)
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    depth = 0.22 * max(max(xs) - min(xs), max(ys) - min(ys))
    return [p, q, (q[0] + n[0] * depth, q[1] + n[1] * depth), (p[0] + n[0] * depth, p[1] + n[1] * depth)]


def plan_figure(plan: dict[str, Any], place: str) -> Figure:
    """The to-scale plan of one plot or room with its printed dimensions."""
    coords = [(float(x), float(y)) for x, y in plan["coords"]]
    ccw = _orientation(coords) > 0
    outline = plan_outline(plan)
    items: list[Item] = [Path(tuple(outline), closed=True, width=3.5, fill=GARDEN_FILL if place == "garden" else ROOM_FILL)]
    if plan.get("semi") is not None:
        i = plan["semi"]
        items.append(Path((coords[i], coords[(i + 1) % len(coords)]), width=1.5, color=(120, 120, 130), dash=7.0))
    block = house_block(plan)
    if block is not None:
        items.append(Block(tuple(block), "HOUSE"))
    for i, edge in enumerate(plan["edges"]):
        if edge["len"] is None:
            continue
        p, q = coords[i], coords[(i + 1) % len(coords)]
        n = _outward(p, q, ccw)
        mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
        sign = -1.0 if plan.get("house") == i else 1.0  # a measured house wall is dimensioned inside
        away = (mid[0] - sign * n[0] * 1e-3, mid[1] - sign * n[1] * 1e-3)
        items.append(Dimension(p, q, metres(edge["len"]), away))
    return Figure(640, 540, items, margin=78.0, title=plan["title"])


def plan_image(plan: dict[str, Any], place: str) -> Image.Image:
    return render_figure(plan_figure(plan, place))


# ----------------------------------------------------------------------------- price list

def price_table_image(table: dict[str, Any]) -> Image.Image:
    """A clean price list: title, then one block of rows per section, with the unit per row."""
    width, row_h, pad = 560, 38, 18
    n_rows = sum(1 + len(s["rows"]) for s in table["sections"])
    height = 70 + row_h + n_rows * row_h + pad
    image = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(image)
    d.rectangle((0, 0, width - 1, 56), fill=(38, 70, 110))
    d.text((width / 2, 28), table["title"], fill="white", font=font(24, "sans-bold"), anchor="mm")
    y = 70
    d.text((pad + 6, y + row_h / 2), "Item", fill=INK, font=font(18, "sans-bold"), anchor="lm")
    d.text((width - pad - 6, y + row_h / 2), "Price", fill=INK, font=font(18, "sans-bold"), anchor="rm")
    d.line((pad, y + row_h, width - pad, y + row_h), fill=INK, width=2)
    y += row_h
    for section in table["sections"]:
        d.rectangle((pad, y + 2, width - pad, y + row_h - 2), fill=(222, 230, 240))
        d.text((pad + 6, y + row_h / 2), section["name"], fill=(38, 70, 110), font=font(17, "sans-bold"), anchor="lm")
        y += row_h
        for k, row in enumerate(section["rows"]):
            if k % 2:
                d.rectangle((pad, y, width - pad, y + row_h), fill=(246, 246, 246))
            d.text((pad + 14, y + row_h / 2), row["item"], fill=INK, font=font(18), anchor="lm")
            unit = "per m" if section["unit"] == "m" else "per m\u00b2"
            d.text((width - pad - 6, y + row_h / 2), f"{money(row['price'])} {unit}", fill=INK, font=font(18), anchor="rm")
            y += row_h
    d.line((pad, y, width - pad, y), fill=INK, width=2)
    return image


# ----------------------------------------------------------------------------- offer card

def offer_lines(offer: dict[str, Any]) -> tuple[str, list[str]]:
    """The card's title and body lines, worded from the offer spec."""
    kind = offer["kind"]
    if kind == "pct_all":
        return "SPRING SALE", [f"{offer['pct']}% off your whole order", "(every item on our price list)"]
    if kind == "fitting":
        return "FITTING SERVICE", ["Every order is fitted by our team:", f"{money(offer['per_m2'])} per m\u00b2 laid",
                                   f"{money(offer['per_m'])} per metre fitted", "(added to the price of the goods)"]
    if kind == "pct_over":
        return "SPECIAL OFFER", [f"{offer['pct']}% off your whole order", f"when the order total is over {money(offer['threshold'])}",
                                 "(total before the discount)"]
    if kind == "section_pct":
        return "THIS WEEK ONLY", [f"{offer['pct']}% off every item", f"in the {offer['section']} section",
                                  "of our price list"]
    lines = [f"Delivery charge: {money(offer['fee'])} per order"]
    if offer.get("free_over") is not None:
        lines += ["FREE delivery when the order", f"total is over {money(offer['free_over'])}"]
    else:
        lines += ["All orders are delivered"]
    return "DELIVERY TERMS", lines


def offer_image(offer: dict[str, Any]) -> Image.Image:
    title, lines = offer_lines(offer)
    width, height = 560, 110 + 40 * len(lines)
    image = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(image)
    d.rounded_rectangle((10, 10, width - 10, height - 10), radius=22, fill=(255, 246, 214), outline=(200, 120, 20), width=4)
    d.text((width / 2, 52), title, fill=(180, 60, 10), font=font(30, "sans-bold"), anchor="mm")
    for k, line in enumerate(lines):
        d.text((width / 2, 100 + 40 * k + 10), line, fill=INK, font=font(22), anchor="mm")
    return image
