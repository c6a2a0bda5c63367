"""The reused matplotlib figure of ``render.plots`` starts every drawing empty."""

from __future__ import annotations

from remibench.render.plots import PlotArea, blank_axes, drawing, snapshot


def test_a_reused_figure_keeps_nothing_from_the_drawing_before() -> None:
    """bar() files its artists in ax.containers too; a wipe that left them there kept every chart
    ever drawn alive (Charts workers grew by about 80 KiB an item). Two identical drawings in a row
    must also give identical pixels."""
    area = PlotArea(width=320, height=240, left=30, right=10, bottom=30, top=10, xlim=(0, 4), ylim=(0, 10))
    pictures = []
    with drawing():
        for _ in range(3):
            with blank_axes(area) as ax:
                ax.bar([1, 2, 3], [4, 7, 2], color="#1f77b4")
                assert len(ax.containers) == 1 and len(ax.patches) == 3
            pictures.append(snapshot(area.width, area.height).tobytes())
        with blank_axes(area) as ax:
            assert len(ax.containers) == 0 and len(ax.patches) == 0 and len(ax.lines) == 0
    assert pictures[0] == pictures[1] == pictures[2]
