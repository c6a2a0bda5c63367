"""Shared matplotlib plumbing for the plot-drawing tasks (FuncRead, Charts).

Figure set-up (axes, tick machinery) costs more than drawing, so each process keeps one
figure per pixel size and wipes it between images instead of building a new one. matplotlib
draws only the graphics (grid and frame as line collections, curves, bars, wedges; no tick
objects); texts are drawn afterwards with Pillow at pixel positions from :class:`PlotArea`,
which is several times faster than matplotlib text and uses the packaged DejaVu files from
:mod:`remibench.render.fonts`.

matplotlib is imported lazily (inside functions) so importing a task module stays cheap, and
every drawing runs under matplotlib's built-in default style, so a user's matplotlibrc can
never change the pixels.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from remibench.render.fonts import Family, font

DPI = 100  # figure inches * DPI = pixels

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
GRID_COLOR = "#c4c4c4"


@lru_cache(maxsize=8)
def _figure(width: int, height: int) -> tuple[Any, Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    return fig, canvas, ax


def _wipe(fig: Any, ax: Any) -> None:
    """Remove everything a previous image drew, leaving an empty axes with no decorations."""
    for group in (ax.lines, ax.collections, ax.patches, ax.texts, ax.images, ax.artists, ax.tables):
        for artist in list(group):
            artist.remove()
    # bar() and errorbar() also file their artists in ax.containers, which artist.remove() leaves
    # alone: without this every chart drawn stayed alive in the reused figure (about 80 KiB each)
    ax.containers.clear()
    for text in list(fig.texts):
        text.remove()
    for legend in list(fig.legends):
        legend.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.set_axis_off()
    ax.set_aspect("auto")
    ax.set_xscale("linear")
    ax.set_yscale("linear")


@dataclass(frozen=True)
class PlotArea:
    """A figure of ``width`` x ``height`` px whose data area has the given pixel margins.

    It maps data coordinates to image pixels, so texts can be drawn with Pillow after
    matplotlib has drawn the graphics (much faster than matplotlib text, same fonts).
    """

    width: int
    height: int
    left: int
    right: int
    bottom: int
    top: int
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """The data area as figure fractions (left, bottom, width, height)."""
        w, h = self.width, self.height
        return (self.left / w, self.bottom / h, (w - self.left - self.right) / w, (h - self.bottom - self.top) / h)

    def px(self, x: float, y: float) -> tuple[float, float]:
        """Image pixel (origin top left) of the data point (x, y)."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        inner_w = self.width - self.left - self.right
        inner_h = self.height - self.bottom - self.top
        return (self.left + (x - x0) / (x1 - x0) * inner_w,
                self.height - self.bottom - (y - y0) / (y1 - y0) * inner_h)

    def units_per_px(self) -> tuple[float, float]:
        """Data units per pixel along x and along y."""
        (x0, x1), (y0, y1) = self.xlim, self.ylim
        return ((x1 - x0) / (self.width - self.left - self.right), (y1 - y0) / (self.height - self.bottom - self.top))


@contextmanager
def blank_axes(area: PlotArea, equal_aspect: bool = False) -> Iterator[Any]:
    """An empty axes over ``area`` (no ticks, no frame); the figure object is reused per size.

    Use inside :func:`drawing`.
    """
    fig, _canvas, ax = _figure(area.width, area.height)
    _wipe(fig, ax)
    ax.set_position(list(area.rect))
    ax.set_xlim(*area.xlim)
    ax.set_ylim(*area.ylim)
    if equal_aspect:
        ax.set_aspect("equal", adjustable="datalim")
    yield ax


@contextmanager
def drawing() -> Iterator[None]:
    """Run plot code under matplotlib's default style, whatever the user's rc file says."""
    import matplotlib.style

    with matplotlib.style.context("default"):
        yield


def snapshot(width: int, height: int) -> Image.Image:
    """Render the figure of this size and return its pixels as an RGB image."""
    fig, canvas, _ax = _figure(width, height)
    canvas.draw()
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    return rgba.convert("RGB")


def grid_lines(ax: Any, xs: Sequence[float], ys: Sequence[float], xlim: tuple[float, float],
               ylim: tuple[float, float], color: str = GRID_COLOR, width: float = 0.9, zorder: float = 0.5) -> None:
    """Vertical lines at ``xs`` and horizontal lines at ``ys`` as one collection (fast)."""
    from matplotlib.collections import LineCollection

    segments = [[(x, ylim[0]), (x, ylim[1])] for x in xs] + [[(xlim[0], y), (xlim[1], y)] for y in ys]
    if segments:
        ax.add_collection(LineCollection(segments, colors=color, linewidths=width, zorder=zorder))


def frame(ax: Any, xlim: tuple[float, float], ylim: tuple[float, float], color: str = "#444444",
          width: float = 1.2, sides: str = "lrbt") -> None:
    """A rectangle (or some of its sides: l, r, b, t) around the data area."""
    from matplotlib.collections import LineCollection

    (x0, x1), (y0, y1) = xlim, ylim
    edges = {"l": [(x0, y0), (x0, y1)], "r": [(x1, y0), (x1, y1)], "b": [(x0, y0), (x1, y0)], "t": [(x0, y1), (x1, y1)]}
    segments = [edges[s] for s in sides]
    ax.add_collection(LineCollection(segments, colors=color, linewidths=width, zorder=3, capstyle="projecting"))


def text(image: Image.Image, xy: tuple[float, float], content: str, size: int, anchor: str = "mm",
         family: Family = "sans", fill: str | tuple[int, int, int] = "black") -> None:
    """Draw ``content`` at pixel ``xy`` with a Pillow anchor (e.g. ``mt`` = middle, top)."""
    ImageDraw.Draw(image).text(xy, content, fill=fill, font=font(size, family), anchor=anchor)


def fmt_number(value: float, decimals: int = 0) -> str:
    """A tick or value text: ``-3``, ``12.5``; a true minus sign keeps negatives readable."""
    text = f"{value:.{decimals}f}"
    return text.replace("-", "\u2212")
