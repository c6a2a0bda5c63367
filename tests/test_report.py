"""``remi report``: numbers equal results.json, intervals are right, the page is safe and whole."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from browser import chromium_page
from conftest import synthetic_item
from remibench.cli import main
from remibench.data.writer import DatasetWriter
from remibench.items import Item
from remibench.report.stats import bootstrap_macro, bootstrap_mean, mcnemar_exact, paired_bootstrap_macro

HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
TASKS = [("Clocks", 2, "15"), ("IQ", 6, "C"), ("Maps", 4, "D,B"), ("Isomorphism", 2, "1"), ("Charts", 3, "(Orange, up)")]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("report")
    data = root / "data"
    for split, per_task in (("test", 8), ("train", 2)):
        with DatasetWriter(data / f"{split}.parquet") as writer:
            for task, n, label in TASKS:
                for i in range(per_task):
                    base = synthetic_item(i, task, n, label if i % 3 else label + "0")
                    writer.write(Item(f"{task}-{split}-{i:03d}", task, base.question, base.images, base.label))
    folders = {}
    for model, layout in (("oracle", "interleaved"), ("random", "interleaved"), ("majority", "interleaved"),
                          ("oracle", "text-only")):
        out = root / f"{model}-{layout}"
        assert main(["eval", "--data", str(data), "--model", f"baseline/{model}", "--out", str(out), "--quiet",
                     "--layout", layout]) == 0
        folders[f"{model}-{layout}"] = out
    second = root / "second"
    second.mkdir()
    random_records = [json.loads(line) for line in (folders["random-interleaved"] / "samples.jsonl").read_text().splitlines()]
    (second / "samples.jsonl").write_text("".join(json.dumps({**r, "model": "openai/second-model"}) + "\n"
                                                  for r in random_records))
    folders["second"] = second
    hostile = root / "hostile"
    hostile.mkdir()
    lines = (folders["majority-interleaved"] / "samples.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    records[0]["response"] = HOSTILE
    records[1]["response"] = '{"answer": "</script><script>window.pwned = 3</script>"}'
    for record in records:
        record["model"] = "openai/hostile-model"
    (hostile / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    manifest = json.loads((folders["majority-interleaved"] / "manifest.json").read_text())
    (hostile / "manifest.json").write_text(json.dumps({**manifest, "model": "openai/hostile-model"}))
    assert main(["score", str(hostile)]) == 0
    folders["hostile"] = hostile
    return folders


@pytest.fixture(scope="module")
def report(runs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["report", *map(str, runs.values()), "--out", str(out), "--resamples", "2000"]) == 0
    return out


def test_interval_arithmetic_on_cases_worked_by_hand() -> None:
    # 6 of 10 right: the bootstrap distribution is Binomial(10, 0.6)/10, whose 2.5% and 97.5%
    # quantiles are 3/10 (P(X<=2)=0.012, P(X<=3)=0.055) and 9/10 (P(X<=8)=0.954, P(X<=9)=0.994).
    interval = bootstrap_mean([1] * 6 + [0] * 4, resamples=20_000)
    assert (interval.estimate, interval.low, interval.high) == (0.6, 0.3, 0.9)
    assert bootstrap_mean([1, 1, 1]).to_dict() == {"estimate": 1.0, "low": 1.0, "high": 1.0}
    macro = bootstrap_macro([[1] * 6 + [0] * 4, [1, 1, 1, 1]], resamples=20_000)
    assert macro.estimate == 0.8 and (macro.low, macro.high) == (0.65, 0.95)  # (0.3+1)/2, (0.9+1)/2
    same = paired_bootstrap_macro([[1, 0, 1]], [[1, 0, 1]])
    assert (same.estimate, same.low, same.high) == (0.0, 0.0, 0.0)
    # McNemar with 10 vs 2 discordant pairs: 2 * (C(12,0)+C(12,1)+C(12,2)) / 2^12 = 158/4096
    assert mcnemar_exact(10, 2) == pytest.approx(158 / 4096)
    assert mcnemar_exact(4, 4) == 1.0 and mcnemar_exact(0, 0) == 1.0


def test_report_numbers_equal_results_json(runs: dict[str, Path], report: Path) -> None:
    rows = list(csv.DictReader((report / "results.csv").open()))
    for key in ("random-interleaved", "majority-interleaved", "hostile"):
        results = json.loads((runs[key] / "results.json").read_text())
        manifest = json.loads((runs[key] / "manifest.json").read_text())
        mine = [r for r in rows if r["model"] == manifest["model"] and r["layout"] == manifest["layout"]]
        by_task = {r["task"]: r for r in mine}
        for task, figures in results["tasks"].items():
            assert float(by_task[task]["accuracy"]) == pytest.approx(figures["accuracy"])
            assert int(by_task[task]["n"]) == figures["n"] and int(by_task[task]["correct"]) == figures["correct"]
            assert float(by_task[task]["accuracy_lenient"]) == pytest.approx(figures["accuracy_lenient"])
        assert float(by_task["OVERALL"]["accuracy"]) == pytest.approx(results["overall"])
    markdown = (report / "report.md").read_text()
    oracle = json.loads((runs["oracle-interleaved"] / "results.json").read_text())
    assert oracle["overall"] == 1.0 and "**100.0%**" in markdown
    assert "human average 95.8%" in markdown
    header = markdown.splitlines()[4]
    assert header.startswith("| task | ") and "baseline/oracle" in header  # runs in columns, tasks in rows
    assert "| Clocks | " in markdown and "| **ReMI score** | " in markdown


def test_layout_ablation_and_paired_comparison_are_reported(report: Path) -> None:
    markdown = (report / "report.md").read_text()
    assert "## Layout ablation" in markdown
    ablation = markdown.split("## Layout ablation")[1]
    assert "| baseline/oracle | 100.0% | – | – | 100.0% |" in ablation
    paired = markdown.split("## Paired comparisons")[1].split("##")[0]
    rows = [line for line in paired.splitlines() if line.startswith("| openai/")]
    assert len(rows) == 1 and "openai/hostile-model" in rows[0] and "openai/second-model" in rows[0]
    assert "baseline/" not in paired  # reference runs are not compared pairwise when models are present


def test_hostile_output_is_escaped_and_the_page_has_no_external_reference(report: Path) -> None:
    html = (report / "report.html").read_text()
    assert "window.pwned" in html  # the text is there ...
    assert "<script>window.pwned" not in html and "onerror=\"window" not in html  # ... but never as markup
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html
    assert "</script><script>window.pwned = 3" not in html
    for attribute in re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', html):
        assert attribute.startswith(("data:image/", "#")), attribute
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "Content-Security-Policy" in html


@pytest.mark.slow
def test_page_renders_in_chromium_and_filters_work(report: Path, tmp_path: Path) -> None:
    with chromium_page(tmp_path) as page:
        page.goto((report / "report.html").as_uri())
        assert page.evaluate("typeof window.pwned") == "undefined"
        total = page.locator("article.item").count()
        assert total == 5 * 8  # every item is in the gallery (at most 12 per task)
        images = page.locator(".question img")
        assert images.count() > 0
        assert page.evaluate("Array.from(document.querySelectorAll('.question img')).every(i => i.complete && i.naturalWidth > 0)")
        page.select_option("#f-task", "IQ")
        assert page.locator("article.item:visible").count() == 8
        assert page.locator("#count").inner_text() == "8 item(s) shown"
        page.select_option("#f-task", "")
        page.select_option("#f-run", "baseline/oracle [text-only]")
        page.select_option("#f-verdict", "wrong")
        assert page.locator("article.item:visible").count() == 0  # the oracle is never wrong
        page.select_option("#f-run", "openai/hostile-model [interleaved]")
        wrong = page.locator("article.item:visible").count()
        assert 0 < wrong < total
        page.select_option("#f-verdict", "")
        page.select_option("#f-run", "")
        hostile = page.locator("pre", has_text="window.pwned = 1").first
        assert "<script>" in hostile.inner_text()
        page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.errors == []  # type: ignore[attr-defined]
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_item_validity_section_audits_the_runs_dataset(report: Path) -> None:
    markdown = (report / "report.md").read_text()
    section = markdown.split("## Item validity (audit)", 1)[1].split("\n## ", 1)[0]
    for task, _, _ in TASKS:
        assert f"| {task} | 8 |" in section
    assert "not checked" in section  # these rows carry no generator spec: necessity cannot be varied
    assert 'id="validity"' in (report / "report.html").read_text()


def test_item_validity_from_an_audit_file_or_left_out(runs: dict[str, Path], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    audit = tmp_path / "audit.json"
    row = {"task": "Clocks", "items": 1000, "verdict": "pass", "gates": [], "skipped": [],
           "necessity": {"image1": {"n": 100, "necessary": 100, "share": 1.0}},
           "guessers": {"zero": {"n": 1000, "correct": 3, "accuracy": 0.003, "ci95": [0.001, 0.009], "chance": 0.05,
                                 "margin": -0.047, "beats_chance": False}}}
    audit.write_text(json.dumps({"settings": {}, "tasks": [row]}))
    folder = str(runs["oracle-interleaved"])
    assert main(["report", folder, "--out", str(tmp_path / "a"), "--resamples", "200", "--audit", str(audit)]) == 0
    assert "| Clocks | 1000 | image1 100.0% | zero: 0.3% (n=1000) | 5.0% | pass |" in (tmp_path / "a" / "report.md").read_text()
    assert main(["report", folder, "--out", str(tmp_path / "b"), "--resamples", "200", "--audit", "none"]) == 0
    assert "was not checked" in (tmp_path / "b" / "report.md").read_text()
    (tmp_path / "bad.json").write_text("{not json")
    assert main(["report", folder, "--out", str(tmp_path / "c"), "--resamples", "200", "--audit", str(tmp_path / "bad.json")]) == 2
    assert "not a file written by remi audit --json" in capsys.readouterr().err
