"""Exports for other harnesses, read back by those harnesses' own code: lmms-eval's task manager
loads the exported folder, VLMEvalKit's way of reading a TSV (pandas, a list literal, base64)
gives back the items, and predictions come back through remi import-predictions and remi score."""

from __future__ import annotations

import ast
import base64
import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from remibench.build import build_dataset
from remibench.cli import main
from remibench.data.loader import load_items
from remibench.export.lmms_eval import subtask_name
from remibench.prompt import ImagePart, build_message
from remibench.scoring import score_lenient, score_official

TASKS = ["Clocks", "IQ", "Maps"]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    build_dataset(folder, TASKS, per_task=3, train_per_task=0, seed=6)
    return folder


def pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"))


def responses_for(item) -> list[str]:  # type: ignore[no-untyped-def]
    return [json.dumps({"explanation": "x", "answer": item.label}), '{"answer": "nothing"}',
            "{'answer': '%s'}" % item.label, "I think it is " + item.label]


def test_lmms_eval_task_manager_loads_the_folder_and_its_functions_follow_the_protocol(data: Path,
                                                                                        tmp_path: Path) -> None:
    tasks_module = pytest.importorskip("lmms_eval.tasks")
    assert main(["export", "lmms-eval", "--data", str(data), "--out", str(tmp_path / "remi-tasks"),
                 "--tasks", ",".join(TASKS)]) == 0
    manager = tasks_module.TaskManager(include_path=str(tmp_path / "remi-tasks"), include_defaults=False)
    assert {"remi", *map(subtask_name, TASKS)} <= set(manager.all_tasks)
    loaded = tasks_module.get_task_dict(["remi"], manager, task_type="chat")
    (group, subtasks), = loaded.items()
    assert "remi" in str(group) and set(subtasks) == set(map(subtask_name, TASKS))
    items = {item.id: item for item in load_items(data)}
    for name, task in subtasks.items():
        docs = list(task.test_docs())
        assert len(docs) == 3 and {doc["task"] for doc in docs} == {n for n in TASKS if subtask_name(n) == name}
        for doc in docs:
            item = items[doc["id"]]
            (message,) = task.doc_to_messages(doc)
            official = build_message(item).parts
            assert message["role"] == "user" and len(message["content"]) == len(official)
            for part, expected in zip(message["content"], official):
                if isinstance(expected, ImagePart):
                    assert part["type"] == "image"
                    assert np.array_equal(pixels(part["url"]), pixels(Image.open(io.BytesIO(expected.png))))
                else:
                    assert part == {"type": "text", "text": expected.text}
            for response in responses_for(item):
                verdicts = task.process_results(doc, [response])
                assert verdicts == {"accuracy": float(score_official(item.task, response, item.label)[1]),
                                    "accuracy_lenient": float(score_lenient(item.task, response, item.label)[1])}
    group_yaml = (tmp_path / "remi-tasks" / "remi.yaml").read_text()
    assert "weight_by_size: false" in group_yaml  # the group score is the mean of per-task accuracies


def test_vlmevalkit_reads_the_tsv_and_its_predictions_score_like_remi_eval(data: Path, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    pd = pytest.importorskip("pandas")
    tsv = tmp_path / "ReMI.tsv"
    assert main(["export", "vlmevalkit", "--data", str(data), "--out", str(tsv)]) == 0
    frame = pd.read_csv(tsv, sep="\t")  # as VLMEvalKit's load() reads a .tsv
    items = list(load_items(data))
    assert list(frame["index"]) == list(range(len(items))) and list(frame["id"]) == [i.id for i in items]
    for (_, row), item in zip(frame.iterrows(), items):
        images = ast.literal_eval(row["image"])  # VLMEvalKit's toliststr on a list literal
        names = ast.literal_eval(row["image_path"])
        assert len(images) == len(names) == item.n_images
        assert [base64.b64decode(b) for b in images] == list(item.images)
        assert row["answer"] == item.label and row["category"] == item.task
        assert row["question"].startswith("Question: ") and "<image" not in row["question"]
        assert "[image 1]" in row["question"] and "Output only a valid JSON string" in row["question"]
    predictions = frame[["index", "id"]].copy()
    predictions["prediction"] = [responses_for(item)[k % 4] for k, item in enumerate(items)]
    predictions.to_csv(tmp_path / "preds.tsv", sep="\t", index=False)
    assert main(["import-predictions", str(tmp_path / "preds.tsv"), "--data", str(data), "--out",
                 str(tmp_path / "run"), "--model", "vlmevalkit/some-model"]) == 0
    records = [json.loads(line) for line in (tmp_path / "run" / "samples.jsonl").read_text().splitlines()]
    for record, item, response in zip(records, items, predictions["prediction"]):
        assert record["id"] == item.id and record["response"] == response
        assert record["correct"] == score_official(item.task, response, item.label)[1]
    assert main(["score", str(tmp_path / "run")]) == 0
    results = json.loads((tmp_path / "run" / "results.json").read_text())
    assert results["n"] == len(items) and 0 < results["overall"] < 1
    capsys.readouterr()
    (tmp_path / "bad.tsv").write_text("id\tprediction\nno-such-item\t{}\n")
    assert main(["import-predictions", str(tmp_path / "bad.tsv"), "--data", str(data), "--out", str(tmp_path / "r2"),
                 "--model", "x"]) == 2
    assert "not items of" in capsys.readouterr().err
