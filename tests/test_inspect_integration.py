"""`inspect eval remibench/remi` run by inspect itself, in its own process, against a loopback
OpenAI-compatible server: the official prompt reaches the server byte for byte, and inspect's
verdicts and metrics equal those `remi score` gives the same responses."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("inspect_ai")

from fake_providers import FakeProvider, Part, prompt_key  # noqa: E402

from remibench.build import build_dataset  # noqa: E402
from remibench.data.loader import load_items  # noqa: E402
from remibench.predictions import import_predictions  # noqa: E402
from remibench.prompt import ImagePart, build_message  # noqa: E402

pytestmark = pytest.mark.slow
TASKS = ("Clocks", "IQ", "RefCoco")


def expected_parts(item) -> list[Part]:  # type: ignore[no-untyped-def]
    return [("image", p.png) if isinstance(p, ImagePart) else ("text", p.text) for p in build_message(item).parts]


class ByPrompt(FakeProvider):
    """Answers by the exact prompt: the label for every other item, something wrong for the rest."""

    def __init__(self, items: list) -> None:  # type: ignore[type-arg]
        super().__init__()
        self.by_key = {prompt_key(expected_parts(item)): item.label.split(",")[0] if k % 2 == 0 else "wrong"
                       for k, item in enumerate(items)}

    def answer_for(self, parts: list[Part]) -> str:
        return json.dumps({"explanation": "looked", "answer": self.by_key.get(prompt_key(parts), "unknown")})


def inspect_eval(data: Path, url: str, logs: Path, *extra: str) -> dict:
    inspect = shutil.which("inspect", path=str(Path(os.sys.executable).parent)) or "inspect"
    env = {**os.environ, "OPENAI_API_KEY": "sk-inspect-test", "INSPECT_LOG_DIR": str(logs)}
    result = subprocess.run([inspect, "eval", "remibench/remi", "--model", "openai/gpt-4o", "--model-base-url", url,
                             "-M", "responses_api=false", "-T", f"tasks={','.join(TASKS)}", "-T", f"data={data}",
                             "--log-format", "json", "--log-dir", str(logs), "--display", "none", *extra],
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    (log,) = glob.glob(str(logs / "*.json"))
    return json.loads(Path(log).read_text())


@pytest.mark.parametrize("scorer", ["official", "lenient"])
def test_inspect_runs_remi_with_the_official_prompt_and_scorer(scorer: str, tmp_path: Path) -> None:
    build_dataset(tmp_path / "data", list(TASKS), per_task=4, train_per_task=0, seed=2)
    items = list(load_items(tmp_path / "data"))
    fake = ByPrompt(items)
    server, url = fake.start()
    try:
        log = inspect_eval(tmp_path / "data", url + "/v1", tmp_path / "logs", "-T", f"scorer={scorer}")
    finally:
        server.shutdown()
    assert log["status"] == "success" and len(log["samples"]) == len(items)
    by_id = {item.id: item for item in items}
    assert {request.key for request in fake.received} == set(fake.by_key)  # every prompt, byte for byte
    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text("".join(json.dumps({"id": s["id"], "prediction": s["output"]["completion"]}) + "\n"
                                   for s in log["samples"]))
    results = import_predictions(predictions, tmp_path / "data", tmp_path / "run", "openai/gpt-4o")
    ours = {json.loads(line)["id"]: json.loads(line) for line in (tmp_path / "run" / "samples.jsonl").read_text().splitlines()}
    key = "correct" if scorer == "official" else "correct_lenient"
    for sample in log["samples"]:
        verdict = sample["scores"]["remi_scorer"]["value"] == "C"
        assert verdict == ours[sample["id"]][key], sample["id"]
        assert sample["metadata"]["task"] == by_id[sample["id"]].task
    metrics = log["results"]["scores"][0]["metrics"]
    accuracy = "accuracy" if scorer == "official" else "accuracy_lenient"
    for task in TASKS:
        assert metrics[task]["value"] == pytest.approx(results["tasks"][task][accuracy])
    overall = results["overall"] if scorer == "official" else results["overall_lenient"]
    assert metrics["ReMI score"]["value"] == pytest.approx(overall)
    assert 0 < overall < 1  # the server answers half the items right
