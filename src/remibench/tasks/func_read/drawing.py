"""Drawing one FuncRead function on a square integer grid.

The plot shows every integer as a grid line with its tick label, the coordinate axes, and the
graph; breakpoints where the graph jumps or has a hole carry a closed dot (the value) and
open circles (limits that are not the value), the usual textbook convention.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

from remibench.render.plots import PlotArea, blank_axes, drawing, fmt_number, frame, grid_lines, snapshot, text

SIZE = 560  # px, square
LEFT, RIGHT, BOTTOM, TOP = 52, 18, 40, 48  # px margins around the grid
TICK_PX = 17
TITLE_PX = 21
LINE_WIDTH = 2.6
MARKER_PT = 10


def _graph_pieces(ax: Any, fn: dict[str, Any], color: str) -> None:
    xs, seg, at = fn["xs"], fn["seg"], fn["at"]
    for (x0, x1), (s, e) in zip(zip(xs, xs[1:]), seg):
        ax.plot([x0, x1], [s, e], color=color, lw=LINE_WIDTH, solid_capstyle="butt", zorder=2)
    for j, c in enumerate(xs[1:-1]):
        left, right, v = seg[j][1], seg[j + 1][0], at[j]
        if left == right == v:
            continue
        for limit in sorted({left, right} - {v}):
            ax.plot([c], [limit], marker="o", ms=MARKER_PT, mfc="white", mec=color, mew=2.2, zorder=4)
        ax.plot([c], [v], marker="o", ms=MARKER_PT, mfc=color, mec=color, mew=2.2, zorder=5)


def _graph_polynomial(ax: Any, fn: dict[str, Any], window: list[int], color: str) -> None:
    import numpy as np

    x0, x1 = window[0], window[1]
    xs = np.linspace(x0, x1, 8 * (x1 - x0) * 4 + 1)
    ys = np.zeros_like(xs)
    for c in reversed(fn["num"]):
        ys = ys * xs + c
    ys = ys / fn["den"]
    span = window[3] - window[2]
    ys = np.clip(ys, window[2] - span, window[3] + span)  # keep far-off values finite for the clipper
    ax.plot(xs, ys, color=color, lw=LINE_WIDTH, zorder=2)


def plot_function(fn: dict[str, Any], window: list[int], name: str, color: str) -> Image.Image:
    """The graph of ``fn`` over ``window`` = [xmin, xmax, ymin, ymax], titled ``y = name(x)``."""
    from matplotlib.collections import LineCollection

    x0, x1, y0, y1 = window
    area = PlotArea(SIZE, SIZE, LEFT, RIGHT, BOTTOM, TOP, (x0, x1), (y0, y1))
    with drawing(), blank_axes(area) as ax:
        grid_lines(ax, range(x0, x1 + 1), range(y0, y1 + 1), (x0, x1), (y0, y1))
        axes = []
        if x0 < 0 < x1:
            axes.append([(0, y0), (0, y1)])
        if y0 < 0 < y1:
            axes.append([(x0, 0), (x1, 0)])
        ax.add_collection(LineCollection(axes, colors="#202020", linewidths=1.6, zorder=1))
        frame(ax, (x0, x1), (y0, y1), color="#606060", width=1.2)
        if fn["family"] == "polynomial":
            _graph_polynomial(ax, fn, window, color)
        else:
            _graph_pieces(ax, fn, color)
        image = snapshot(SIZE, SIZE)
    for x in range(x0, x1 + 1):
        px, py = area.px(x, y0)
        text(image, (px, py + 8), fmt_number(x), TICK_PX, anchor="mt")
    for y in range(y0, y1 + 1):
        px, py = area.px(x0, y)
        text(image, (px - 8, py), fmt_number(y), TICK_PX, anchor="rm")
    text(image, (SIZE / 2, TOP - 16), f"y = {name}(x)", TITLE_PX, anchor="ms", family="sans-bold")
    return image
