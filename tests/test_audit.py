"""The audit machinery on a toy task whose answers are obvious: necessity, unfair variations,
shortcut scoring against chance, the text-only model, the CLI and audits of stored data."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from remibench.audit import run as audit_run
from remibench.audit.base import NoVariation, Part, TaskAudit, View, load_audit
from remibench.audit.necessity import check_item
from remibench.audit.text_model import NaiveBayesText, features, suits_text_model
from remibench.cli import main
from remibench.data.writer import DatasetWriter
from remibench.generate import Job, make_item
from remibench.items import Item
from remibench.tasks.base import Task


class SumTask(Task):
    """<image1> shows a, <image2> shows b (as grey levels); the label is a + b."""

    name = "Sum"
    domain = "toy"
    consumption = "set"

    def sample(self, rng: Any, config: Any, ctx: Any) -> dict[str, Any]:
        return {"a": rng.randint(1, 9), "b": rng.randint(1, 9), "ask": "plus", "hidden": 0}

    def question(self, spec: dict[str, Any]) -> str:
        return f"What is <image1> {spec['ask']} <image2>?"

    def solve(self, spec: dict[str, Any]) -> str:
        total = spec["a"] + spec["b"] if spec["ask"] == "plus" else spec["a"] - spec["b"]
        return str(total + spec["hidden"])

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        return [Image.new("L", (8, 8), 20 * spec["a"]), Image.new("L", (8, 8), 20 * spec["b"])]


SUM = SumTask()
SPEC = {"a": 3, "b": 4, "ask": "plus", "hidden": 0}


class FairAudit(TaskAudit):
    task = "Sum"

    def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
        varied = copy.deepcopy(spec)
        if part == "text":
            varied["ask"] = "minus"
        else:
            varied["ab"[part - 1]] = rng.choice([v for v in range(1, 10) if v != spec["ab"[part - 1]]])
        return varied

    def text_carries_data(self, spec: dict[str, Any]) -> bool:
        return True


def run_check(audit: TaskAudit, spec: dict[str, Any] = SPEC, tries: int = 4) -> Any:
    return check_item(SUM, audit, spec, 2, tries, random.Random(0))


def test_a_fair_variation_shows_every_part_is_needed() -> None:
    result = run_check(FairAudit())
    assert result.necessary == {1: True, 2: True, "text": True}
    assert result.faults == []


def test_a_part_whose_variations_never_change_the_label_is_not_needed() -> None:
    class SwapOnly(FairAudit):
        def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
            if part == 2:
                raise NoVariation("nothing to vary")
            return super().vary(spec, part, rng)

    assert run_check(SwapOnly()).necessary == {1: True, 2: False, "text": True}


@pytest.mark.parametrize("cheat, message", [
    (lambda s, part: s.update(a=s["a"] + 1, ask="minus"), "changes the question text"),
    (lambda s, part: s.update(a=s["a"] + 1, b=s["b"] + 1), "also changes image(s) [2]"),
    (lambda s, part: s.update(hidden=5), "leaves image 1 unchanged"),
])
def test_an_unfair_variation_is_a_fault_not_evidence(cheat: Any, message: str) -> None:
    class Cheat(FairAudit):
        def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
            if part != 1:
                return super().vary(spec, part, rng)
            varied = copy.deepcopy(spec)
            cheat(varied, part)
            return varied

    result = run_check(Cheat(), tries=2)
    assert result.necessary[1] is False
    assert result.faults and message in result.faults[0]


def test_text_variation_must_change_only_the_text() -> None:
    class TextCheat(FairAudit):
        def vary(self, spec: dict[str, Any], part: Part, rng: Any) -> dict[str, Any]:
            varied = super().vary(spec, part, rng)
            if part == "text":
                varied["a"] += 1
            return varied

    result = run_check(TextCheat(), tries=1)
    assert result.necessary["text"] is False and "text variation changes image(s) [1]" in result.faults[0]


def test_distractors_are_skipped_and_at_most_one_is_allowed() -> None:
    class OneDistractor(FairAudit):
        def distractors(self, spec: dict[str, Any]) -> dict[int, str]:
            return {2: "not asked about"}

    class TwoDistractors(FairAudit):
        def distractors(self, spec: dict[str, Any]) -> dict[int, str]:
            return {1: "x", 2: "y"}

    assert set(run_check(OneDistractor()).necessary) == {1, "text"}
    assert "at most one" in run_check(TwoDistractors()).faults[0]


def test_wilson_interval_matches_the_textbook_values() -> None:
    low, high = audit_run.wilson(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-3) and high == pytest.approx(0.5962, abs=1e-3)
    assert audit_run.wilson(0, 0) == (0.0, 1.0)


def test_chance_counts_answers_the_scorer_accepts_as_the_same() -> None:
    labels = ["100", "105", "300"]  # Clocks accepts +-10 minutes: 100 also scores 105
    constants = audit_run.ConstantAnswers("Clocks", labels)
    assert constants.best(labels) == ("100", pytest.approx(2 / 3))
    exact = audit_run.ConstantAnswers("IQ", ["A", "B", "B"])
    assert exact.best(["A", "B", "B"]) == ("B", pytest.approx(2 / 3))
    options = [("A", "B", "C", "D", "E")] * 3
    assert audit_run.chance_level(exact, ["A", "B", "C"], options) == pytest.approx(1 / 3)


def test_a_guesser_beats_chance_only_clearly() -> None:
    views = [View(question=f"q{i}", options=("A", "B")) for i in range(400)]
    labels = ["A" if i % 2 else "B" for i in range(400)]
    oracle_like = {"parity": lambda v: "A" if int(v.question[1:]) % 2 else "B", "always A": lambda v: "A",
                   "never applies": lambda v: None}
    scores = audit_run.score_guessers("IQ", oracle_like, views, labels)
    assert scores["parity"]["accuracy"] == 1.0 and scores["parity"]["beats_chance"]
    assert scores["always A"]["accuracy"] == 0.5 and not scores["always A"]["beats_chance"]
    assert scores["never applies"]["n"] == 0 and not scores["never applies"]["beats_chance"]


def test_text_model_learns_a_wording_shortcut_and_only_for_small_label_sets() -> None:
    questions = [f"the {'red' if i % 2 else 'blue'} one number {i}" for i in range(40)]
    labels = ["A" if i % 2 else "B" for i in range(40)]
    model = NaiveBayesText(questions, labels)
    assert model("which red thing?") == "A" and model("which blue thing?") == "B"
    assert "red one" in features("The red one")
    assert suits_text_model(labels) and not suits_text_model([str(i) for i in range(40)])


def test_audit_cases_gates_a_task_with_a_shortcut(monkeypatch: pytest.MonkeyPatch) -> None:
    class Leaky(FairAudit):
        def view(self, spec: dict[str, Any]) -> View:
            return View(question=SUM.question(spec), seen={"a": spec["a"], "b": spec["b"]})

    audit = Leaky()
    audit.guessers = {"reads both images": lambda v: str(v.seen["a"] + v.seen["b"])}
    monkeypatch.setattr(audit_run, "load_audit", lambda task: audit)
    monkeypatch.setattr(audit_run, "get_task", lambda task: SUM)
    monkeypatch.setattr(audit_run, "official_match", lambda task, pred, label: pred == label)
    rng = random.Random(1)
    cases = [audit_run.Case(s, SUM.question(s), SUM.solve(s), 2) for s in (SUM.sample(rng, None, None) for _ in range(120))]
    report = audit_run.audit_cases("Sum", cases[:80], cases[80:], necessity_items=10, tries=4, seed=0)
    assert report["necessity"]["image1"]["share"] == 1.0 and report["necessity"]["text"]["n"] == 10
    assert report["verify"] == 1.0
    assert report["guessers"]["reads both images"]["beats_chance"]
    assert report["verdict"] == "FAIL" and any("reads both images" in g for g in report["gates"])


def test_every_registered_audit_names_its_own_task() -> None:
    from remibench.tasks.registry import TASKS

    for task in TASKS:
        audit = load_audit(task)
        assert audit is None or audit.task == task


def test_cli_prints_the_table_writes_json_and_exits_1_on_a_failed_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    report = {"task": "Clocks", "items": 10, "top_label_share": 0.1, "top_label": "5", "verify": 1.0,
              "necessity": {"image1": {"n": 10, "necessary": 9, "share": 0.9}}, "skipped": [],
              "guessers": {"zero": {"n": 10, "correct": 1, "accuracy": 0.1, "ci95": [0.02, 0.4], "chance": 0.1,
                                    "margin": 0.0, "beats_chance": False}},
              "gates": ["image1 necessary in only 90.0% of items"], "verdict": "FAIL"}

    def fake_audit(tasks: list[str], **kwargs: Any) -> list[dict[str, Any]]:
        kwargs["on_task"](report)
        return [report]

    monkeypatch.setattr(audit_run, "audit_generated", fake_audit)
    out = tmp_path / "audit.json"
    assert main(["audit", "--tasks", "Clocks", "--items", "10", "--json", str(out)]) == 1
    captured = capsys.readouterr()
    assert "image1=90.0%" in captured.out and "gate: image1 necessary" in captured.out
    assert "failing: Clocks" in captured.err
    assert json.loads(out.read_text())["tasks"][0]["verdict"] == "FAIL"
    report.update(gates=[], verdict="pass")
    assert main(["audit", "--tasks", "Clocks", "--items", "10"]) == 0
    assert main(["audit", "--tasks", "Clocks", "--items", "0"]) == 2


def _write(path: Path, items: list[Item]) -> Path:
    with DatasetWriter(path) as writer:
        for item in items:
            writer.write(item)
    return path


def test_stored_data_is_audited_from_its_specs_and_published_rows_get_what_needs_none(tmp_path: Path) -> None:
    items = [make_item(Job("IQ", "test", i, 3, {})) for i in range(12)]
    generated = audit_run.audit_dataset(_write(tmp_path / "ours.parquet", items), ["IQ"], necessity_items=2, tries=2)
    assert generated[0]["items"] == 12 and generated[0]["verify"] == 1.0
    published = [Item(id=i.id, task=i.task, question=i.question, images=i.images, label=i.label, metadata={})
                 for i in items]
    reports = audit_run.audit_dataset(_write(tmp_path / "published.parquet", published), ["IQ"])
    report = reports[0]
    assert report["items"] == 12 and "necessity" not in report and "verify" not in report
    assert any("no generator spec" in s for s in report["skipped"]) and report["verdict"] == "pass"
    assert "text only (naive Bayes)" in report["guessers"]
    assert report["guessers"]["majority label"]["n"] == 12  # both folds pooled


class PickTask(SumTask):
    """Three candidate images hold numbers; the answer is the image (1-3) holding the target in the text."""

    def question(self, spec: dict[str, Any]) -> str:
        return f"Which of <image1> <image2> <image3> shows {spec['target']}?"

    def solve(self, spec: dict[str, Any]) -> str:
        (answer,) = [k for k, v in enumerate(spec["shown"], start=1) if v == spec["target"]]
        return str(answer)

    def render(self, spec: dict[str, Any]) -> list[Image.Image]:
        return [Image.new("L", (8, 8), 20 * v) for v in spec["shown"]]


class PickAudit(TaskAudit):
    task = "Pick"

    def candidates(self, spec: dict[str, Any]) -> list[int]:
        return [1, 2, 3]

    def answer_set(self, spec: dict[str, Any]) -> frozenset[str]:
        return frozenset(str(k) for k, v in enumerate(spec["shown"], start=1) if v == spec["target"])

    def vary_candidate(self, spec: dict[str, Any], image: int, rng: Any) -> dict[str, Any]:
        varied = copy.deepcopy(spec)
        shown = varied["shown"]
        shown[image - 1] = spec["target"] if shown[image - 1] != spec["target"] else spec["target"] + 1
        return varied


def test_a_candidate_image_is_needed_when_changing_it_alters_which_candidates_fit() -> None:
    spec = {"shown": [3, 5, 7], "target": 5}
    result = check_item(PickTask(), PickAudit(), spec, 3, 4, random.Random(0))
    assert result.necessary == {1: True, 2: True, 3: True} and result.faults == []

    class Blind(PickAudit):
        def candidates(self, spec: dict[str, Any]) -> list[int]:
            return []

    assert check_item(PickTask(), Blind(), spec, 3, 4, random.Random(0)).necessary == {1: False, 2: False, 3: False}
