"""Drawing one Charts image: bar, grouped-bar, line or pie chart (matplotlib graphics with
Pillow text), or a table (Pillow only).

Every value a question may need is either printed (pies, tables, labelled bars and lines) or
sits exactly on a grid line that carries, or is between, labelled ticks. Layout choices
(axis scale, bar orientation, colours) come from the spec; nothing here is random.
"""

from __future__ import annotations

from typing import Any

from PIL import Image, ImageDraw

from remibench.render.fonts import font
from remibench.render.plots import PlotArea, blank_axes, drawing, grid_lines, snapshot, text

CHART_W, CHART_H = 640, 480
MARGINS = {"left": 72, "right": 24, "bottom": 62, "top": 96}  # px around the plotting area
PLOT_H = CHART_H - MARGINS["bottom"] - MARGINS["top"]
TITLE_PX, TEXT_PX, VALUE_PX, LEGEND_PX = 21, 16, 15, 16
MARKERS = ("o", "s", "^")


def fmt_value(value: float, decimals: int, unit: str) -> str:
    """A printed value: ``23``, ``23.5`` or ``23.5%``."""
    return f"{value:.{decimals}f}" + ("%" if unit == "%" else "")


def _title(image: Image.Image, spec: dict[str, Any], chart: dict[str, Any]) -> None:
    title = f"{spec['topic']['title']} ({chart['dataset']})"
    size = TITLE_PX
    while size > 16 and font(size, "sans-bold").getlength(title) > image.width - 24:
        size -= 1
    text(image, (image.width / 2, 28), title, size, family="sans-bold")


def _legend(image: Image.Image, names: list[str], colors: list[str], y: float, right: float) -> None:
    """A one-row legend (colour box + name), right-aligned at ``right``."""
    draw = ImageDraw.Draw(image)
    widths = [int(font(LEGEND_PX).getlength(n)) for n in names]
    x = right - sum(w + 40 for w in widths) + 18
    for name, color, width in zip(names, colors, widths):
        draw.rectangle((x, y - 7, x + 14, y + 7), fill=color)
        text(image, (x + 20, y), name, LEGEND_PX, anchor="lm")
        x += width + 40


def _wrap(label: str, max_px: float, size: int) -> list[str]:
    """Split a category name at spaces so every line fits ``max_px``."""
    words, lines = label.split(), []
    for word in words:
        if lines and font(size).getlength(lines[-1] + " " + word) <= max_px:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _axis_ticks(chart: dict[str, Any]) -> list[int]:
    axis = chart["axis"]
    return list(range(0, axis["top"] + 1, axis["step"]))


def _header(image: Image.Image, spec: dict[str, Any], chart: dict[str, Any], caption_x: float) -> None:
    _title(image, spec, chart)
    text(image, (caption_x, 66), spec["topic"]["axis"], TEXT_PX, anchor="lm", fill="#333333")
    if spec["series"]:
        _legend(image, spec["series"], spec["colors"], 66, image.width - MARGINS["right"])


def _vertical(spec: dict[str, Any], chart: dict[str, Any]) -> Image.Image:
    """Vertical bars, grouped bars or lines over the categories."""
    cats, values, kind = spec["categories"], chart["values"], chart["kind"]
    n, n_series, top = len(cats), len(values), chart["axis"]["top"]
    xlim = (-0.5, n - 0.5) if kind == "line" else (-0.6, n - 0.4)
    area = PlotArea(CHART_W, CHART_H, MARGINS["left"], MARGINS["right"], MARGINS["bottom"], MARGINS["top"], xlim, (0, top))
    ticks = _axis_ticks(chart)
    colors = spec["colors"] if n_series > 1 else [spec["colors"][0]]
    tops: list[tuple[float, float, float]] = []  # (x, y, value) of each printed value
    lowest: set[tuple[float, float]] = set()
    with drawing(), blank_axes(area) as ax:
        grid_lines(ax, [], ticks[1:], xlim, (0, top))
        ax.plot(xlim, [0, 0], color="#333333", lw=1.4, zorder=3)
        if kind == "line":
            for s, row in enumerate(values):
                ax.plot(range(n), row, color=colors[s], lw=2.6, marker=MARKERS[s], ms=9, zorder=4)
                tops += [(k, v, v) for k, v in enumerate(row)]
            lowest = {(k, min(col)) for k, col in enumerate(zip(*values))} if n_series > 1 else set()
        else:
            width = 0.62 if n_series == 1 else 0.8 / n_series
            for s, row in enumerate(values):
                xs = [k + (s - (n_series - 1) / 2) * width for k in range(n)]
                ax.bar(xs, row, width=width * (0.98 if n_series > 1 else 1), color=colors[s], zorder=2)
                tops += [(x, v, v) for x, v in zip(xs, row)]
        image = snapshot(CHART_W, CHART_H)
    _header(image, spec, chart, MARGINS["left"] - 40)
    for i, t in enumerate(ticks):
        if i % chart["axis"]["label_every"] == 0:
            px, py = area.px(xlim[0], t)
            text(image, (px - 8, py), str(t), TEXT_PX, anchor="rm")
    slot = (CHART_W - MARGINS["left"] - MARGINS["right"]) / n - 8
    for k, name in enumerate(cats):
        px, py = area.px(k, 0)
        for line_no, line in enumerate(_wrap(name, slot, TEXT_PX)):
            text(image, (px, py + 10 + 19 * line_no), line, TEXT_PX, anchor="mt")
    if chart["value_labels"]:
        unit = spec["topic"]["unit"]
        for x, y, v in tops:
            px, py = area.px(x, y)
            if kind == "line" and (x, v) in lowest:  # the lowest line's values go below its markers
                text(image, (px, py + 12), fmt_value(v, chart["decimals"], unit), VALUE_PX, anchor="mt")
            else:
                text(image, (px, py - (12 if kind == "line" else 4)), fmt_value(v, chart["decimals"], unit),
                     VALUE_PX, anchor="mb")
    return image


def _horizontal(spec: dict[str, Any], chart: dict[str, Any]) -> Image.Image:
    """Single-series horizontal bars (for long category names), first category on top."""
    cats, row, top = spec["categories"], chart["values"][0], chart["axis"]["top"]
    n = len(cats)
    left = int(max(font(TEXT_PX).getlength(c) for c in cats)) + 24
    area = PlotArea(CHART_W, CHART_H, left, MARGINS["right"] + 30, 46, MARGINS["top"], (0, top), (-0.6, n - 0.4))
    ticks = _axis_ticks(chart)
    with drawing(), blank_axes(area) as ax:
        grid_lines(ax, ticks[1:], [], (0, top), (-0.6, n - 0.4))
        ax.plot([0, 0], [-0.6, n - 0.4], color="#333333", lw=1.4, zorder=3)
        ax.barh([n - 1 - k for k in range(n)], row, height=0.62, color=spec["colors"][0], zorder=2)
        image = snapshot(CHART_W, CHART_H)
    _header(image, spec, chart, 16)
    for i, t in enumerate(ticks):
        if i % chart["axis"]["label_every"] == 0:
            px, py = area.px(t, -0.6)
            text(image, (px, py + 8), str(t), TEXT_PX, anchor="mt")
    for k, (name, v) in enumerate(zip(cats, row)):
        px, py = area.px(0, n - 1 - k)
        text(image, (px - 10, py), name, TEXT_PX, anchor="rm")
        if chart["value_labels"]:
            px, py = area.px(v, n - 1 - k)
            text(image, (px + 6, py), fmt_value(v, chart["decimals"], spec["topic"]["unit"]), VALUE_PX, anchor="lm")
    return image


def _pie(spec: dict[str, Any], chart: dict[str, Any]) -> Image.Image:
    """A pie with the percentage printed in every slice and a legend of category names."""
    from matplotlib.patches import Wedge

    row, cats, colors = chart["values"][0], spec["categories"], spec["colors"]
    diameter = 350
    area = PlotArea(CHART_W, CHART_H, 24, CHART_W - 24 - diameter, 30, CHART_H - 30 - diameter, (-1.05, 1.05), (-1.05, 1.05))
    total = sum(row)
    angles, start = [], 90.0
    with drawing(), blank_axes(area) as ax:
        for v, color in zip(row, colors):
            sweep = 360.0 * v / total
            ax.add_patch(Wedge((0, 0), 1.0, start - sweep, start, facecolor=color, edgecolor="white", lw=2))
            angles.append(start - sweep / 2)
            start -= sweep
        image = snapshot(CHART_W, CHART_H)
    _title(image, spec, chart)
    import math

    for v, angle, color in zip(row, angles, colors):
        r = 0.66
        px, py = area.px(r * math.cos(math.radians(angle)), r * math.sin(math.radians(angle)))
        red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
        ink = "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 130 else "white"
        text(image, (px, py), fmt_value(v, chart["decimals"], "%"), VALUE_PX + 1, family="sans-bold", fill=ink)
    draw = ImageDraw.Draw(image)
    x0 = 24 + diameter + 36
    y = CHART_H / 2 + 20 - 16 * len(cats)
    for name, color in zip(cats, colors):
        draw.rectangle((x0, y - 8, x0 + 16, y + 8), fill=color)
        text(image, (x0 + 24, y), name, TEXT_PX, anchor="lm")
        y += 32
    return image


def _table(spec: dict[str, Any], chart: dict[str, Any]) -> Image.Image:
    """The chart's numbers as a ruled table: a row per category, a column per series."""
    cats, values, unit = spec["categories"], chart["values"], spec["topic"]["unit"]
    headers = [spec["topic"]["noun"].capitalize(), *(spec["series"] or [spec["topic"]["axis"]])]
    cells = [[c, *(fmt_value(row[k], chart["decimals"], unit) for row in values)] for k, c in enumerate(cats)]
    size, row_h = 18, 38
    widths = [max(int(font(size, "sans-bold").getlength(headers[j])),
                  *(int(font(size).getlength(r[j])) for r in cells)) + 32 for j in range(len(headers))]
    table_w = sum(widths)
    width = max(table_w + 48, 480)
    height = 84 + row_h * (len(cats) + 1) + 28
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    _title(image, spec, chart)
    if spec["series"]:
        text(image, (width / 2, 58), spec["topic"]["axis"], TEXT_PX, fill="#333333")
    x0, y0 = (width - table_w) // 2, 76
    draw.rectangle((x0, y0, x0 + table_w, y0 + row_h), fill="#e4e8ee")
    for r in range(len(cats) + 2):
        draw.line((x0, y0 + r * row_h, x0 + table_w, y0 + r * row_h), fill="#555555", width=1)
    x = x0
    for j, w in enumerate(widths):
        draw.line((x, y0, x, y0 + row_h * (len(cats) + 1)), fill="#555555", width=1)
        text(image, (x + w / 2, y0 + row_h / 2), headers[j], size, family="sans-bold")
        for r, row in enumerate(cells, start=1):
            anchor, xx = ("lm", x + 14) if j == 0 else ("rm", x + w - 14)
            text(image, (xx, y0 + r * row_h + row_h / 2), row[j], size, anchor=anchor)
        x += w
    draw.line((x, y0, x, y0 + row_h * (len(cats) + 1)), fill="#555555", width=1)
    return image


def draw_chart(spec: dict[str, Any], index: int) -> Image.Image:
    """Image ``index`` of a Charts spec."""
    chart = spec["charts"][index]
    if chart["kind"] == "table":
        return _table(spec, chart)
    if chart["kind"] == "pie":
        return _pie(spec, chart)
    if chart.get("horizontal"):
        return _horizontal(spec, chart)
    return _vertical(spec, chart)
