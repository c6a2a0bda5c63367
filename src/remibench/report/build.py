"""``remi report``: runs in, one folder with report.html, report.md and results.csv out."""

from __future__ import annotations

from pathlib import Path

from remibench.report.analysis import analyse
from remibench.report.gallery import build_gallery
from remibench.report.plots import accuracy_by_images, layout_bars, per_task_bars
from remibench.report.render import render_csv, render_html, render_markdown, write_all
from remibench.report.runs import display_names, load_run
from remibench.report.validity import load_validity


def build_report(run_folders: list[str | Path], out: str | Path, resamples: int = 10_000,
                 gallery_per_task: int = 12, audit: str = "auto") -> dict[str, Path]:
    """Analyse the runs and write the three files; returns their paths.

    ``audit``: ``auto`` audits the runs' dataset for the validity section, ``none`` leaves it out,
    anything else is the path of a ``remi audit --json`` file to show instead.
    """
    runs = [load_run(folder) for folder in run_folders]
    display_names(runs)
    analysis = analyse(runs, resamples)
    plots = {"per_task": per_task_bars(analysis), "by_images": accuracy_by_images(analysis)}
    if analysis["layout_ablation"]:
        plots["layouts"] = layout_bars(analysis["layout_ablation"])
    gallery = build_gallery(runs, gallery_per_task)
    analysis["validity"] = load_validity(runs, analysis["tasks"], audit)
    return write_all(Path(out), render_html(analysis, runs, gallery, plots), render_markdown(analysis),
                     render_csv(analysis))
