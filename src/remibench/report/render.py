"""Writing a report's analysis as one self-contained HTML page, markdown and CSV.

The page has no external reference of any kind (a Content-Security-Policy forbids them), and
every piece of run output is escaped by the template engine: model responses are untrusted.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from pathlib import Path
from typing import Any

from remibench import __version__
from remibench.report.gallery import Gallery
from remibench.report.runs import Run


def pct(value: float | None) -> str:
    return "–" if value is None or value != value else f"{100 * value:.1f}%"


def signed(value: float) -> str:
    return f"{100 * value:+.1f} pts"


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can end it early."""
    text = json.dumps(data, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(analysis: dict[str, Any], runs: list[Run], gallery: Gallery, plots: dict[str, bytes]) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=PackageLoader("remibench.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.get_template("report.html.j2")
    return template.render(analysis=analysis, runs=runs, gallery=gallery, version=__version__, pct=pct, signed=signed,
                           plots={name: _data_uri(png) for name, png in plots.items()},
                           images_json=Markup(script_json(gallery.images)))


def render_markdown(analysis: dict[str, Any]) -> str:
    tasks = analysis["tasks"]
    runs = analysis["runs"]
    lines = ["# ReMI report", "", "Official scoring; 95% bootstrap intervals in brackets.", "",
             "| task | " + " | ".join(run["name"] for run in runs) + " |", "|---|" + "---:|" * len(runs)]
    for task in tasks:
        cells = [pct(run["tasks"][task]["accuracy"]) if task in run["tasks"] else "–" for run in runs]
        lines.append(f"| {task} | " + " | ".join(cells) + " |")
    lines.append("| **ReMI score** | " + " | ".join(
        f"**{pct(run['overall'])}** [{pct(run['overall_ci'][0])}, {pct(run['overall_ci'][1])}]" for run in runs) + " |")
    lines.append("| lenient | " + " | ".join(pct(run["overall_lenient"]) for run in runs) + " |")
    lines += ["", "Paper reference (published ReMI test set): human average 95.8%; models, mid-2024: 28.6%-50.5%."]
    for prop, table in analysis["properties"].items():
        names = [run["name"] for run in analysis["runs"]]
        lines += ["", f"## By {prop.replace('_', ' ')}", "", "| value | " + " | ".join(names) + " |",
                  "|---|" + "---:|" * len(names)]
        for value, cells in table.items():
            lines.append(f"| {value} | " + " | ".join(
                f"{pct(cells[n]['accuracy'])} (n={cells[n]['n']})" if n in cells else "–" for n in names) + " |")
    if analysis["paired"]:
        lines += ["", "## Paired comparisons", "", "| first | second | items | difference | 95% CI | McNemar p |",
                  "|---|---|---:|---:|---|---:|"]
        for p in analysis["paired"]:
            lines.append(f"| {p['first']} | {p['second']} | {p['shared_items']} | {signed(p['difference'])} | "
                         f"{signed(p['ci'][0])} to {signed(p['ci'][1])} | {p['mcnemar_p']:.4f} |")
    if analysis["layout_ablation"]:
        layouts = ["interleaved", "images-first", "merged", "text-only"]
        lines += ["", "## Layout ablation", "", "| model | " + " | ".join(layouts) + " |", "|---|" + "---:|" * 4]
        for entry in analysis["layout_ablation"]:
            lines.append(f"| {entry['model']} | " + " | ".join(
                pct(entry["layouts"][l]["overall"]) if l in entry["layouts"] else "–" for l in layouts) + " |")
    lines += validity_markdown(analysis.get("validity"))
    lines += ["", "## Official vs lenient", ""]
    for name, diff in analysis["scorer_differences"].items():
        lines.append(f"- {name}: {diff['count']} item(s) differ")
    return "\n".join(lines) + "\n"


def validity_markdown(validity: Any) -> list[str]:
    """The item-validity section: necessity per image and the strongest shortcut of each task."""
    if validity is None:
        return []
    lines = ["", "## Item validity (audit)", ""]
    if validity.note:
        lines += [validity.note, ""]
    if validity.tasks:
        lines += ["| task | items | image necessity | strongest shortcut | chance | verdict |", "|---|---:|---|---|---:|---|"]
        for row in validity.tasks:
            necessity = ", ".join(f"{part} {pct(share)}" for part, share in row["necessity"].items()) or "not checked"
            s = row["strongest"]
            shortcut = f"{s['name']}: {pct(s['accuracy'])} (n={s['n']})" if s else "–"
            lines.append(f"| {row['task']} | {row['items']} | {necessity} | {shortcut} | "
                         f"{pct(s['chance']) if s else '–'} | {row['verdict']} |")
    return lines


def render_csv(analysis: dict[str, Any]) -> str:
    """One row per run and task (plus the overall row): the numbers behind the tables."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["run", "model", "kind", "layout", "task", "n", "correct", "accuracy", "ci_low", "ci_high",
                     "accuracy_lenient", "bad_json", "bad_json_rate", "errors"])
    for run in analysis["runs"]:
        for task, t in run["tasks"].items():
            writer.writerow([run["name"], run["model"], run["kind"], run["layout"], task, t["n"], t["correct"],
                             t["accuracy"], t["ci"][0], t["ci"][1], t["accuracy_lenient"], t["bad_json"],
                             t["bad_json_rate"], t["errors"]])
        writer.writerow([run["name"], run["model"], run["kind"], run["layout"], "OVERALL", run["n"], "",
                         run["overall"], run["overall_ci"][0], run["overall_ci"][1], run["overall_lenient"], "", "", ""])
    return out.getvalue()


def write_all(out: Path, html: str, markdown: str, table: str) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"html": out / "report.html", "markdown": out / "report.md", "csv": out / "results.csv"}
    paths["html"].write_text(html, encoding="utf-8")
    paths["markdown"].write_text(markdown, encoding="utf-8")
    paths["csv"].write_text(table, encoding="utf-8")
    return paths
