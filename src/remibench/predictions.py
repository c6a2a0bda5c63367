"""``remi import-predictions``: responses made by another harness, scored as ``remi eval`` scores.

VLMEvalKit, lmms-eval or any script that wrote one response per item (with the item's ``id``)
can be turned into a run folder; ``remi score`` and ``remi report`` then treat it like any run,
with the official and lenient verdicts of this project.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from remibench import __version__
from remibench.data.loader import DatasetError, load_items
from remibench.results import summarize
from remibench.runner.run import score_record
from remibench.runner.store import RunStore, RunStoreError
from remibench.stats import item_properties


def read_predictions(path: Path, column: str) -> Iterator[tuple[int, str, str]]:
    """(row number, id, response) of every row of a .tsv, .csv, .jsonl or .xlsx file."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        try:
            import pandas as pd

            frame = pd.read_excel(path, dtype=str, keep_default_na=False)
        except ImportError as error:
            raise DatasetError(f"{path}: reading .xlsx needs pandas and openpyxl ({error})") from error
        rows: Iterator[dict[str, Any]] = iter(frame.to_dict("records"))
    elif suffix == ".jsonl":
        rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    elif suffix in (".tsv", ".csv"):
        csv.field_size_limit(1 << 30)
        handle = path.open(newline="", encoding="utf-8")
        rows = csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ",")
    else:
        raise DatasetError(f"{path}: expected a .tsv, .csv, .jsonl or .xlsx file of predictions")
    for number, row in enumerate(rows, start=2 if suffix != ".jsonl" else 1):
        if "id" not in row or column not in row:
            raise DatasetError(f"{path}: row {number} has no 'id' or no '{column}' column (it has {', '.join(row)})")
        yield number, str(row["id"]), "" if row[column] is None else str(row[column])


def import_predictions(path: str | Path, data: str | Path, out: str | Path, model: str,
                       column: str = "prediction", split: str = "test") -> dict[str, Any]:
    """Score every prediction against the item of the same id in ``data``; write a run folder."""
    path = Path(path)
    predictions: dict[str, str] = {}
    for number, item_id, response in read_predictions(path, column):
        if item_id in predictions:
            raise DatasetError(f"{path}: row {number}: id {item_id} appears twice")
        predictions[item_id] = response
    store = RunStore(out)
    store.lock()
    if store.samples_path.exists():
        store.unlock()
        raise RunStoreError(f"{out} already holds a run; import into a new folder")
    store.open()
    found = 0
    try:
        for item in load_items(data, split):
            response = predictions.get(item.id)
            if response is None:
                continue
            found += 1
            record = {"id": item.id, "task": item.task, "label": item.label, "response": response, "error": None,
                      "layout": "imported", "model": model, "latency_s": None, "attempts": 0, "cached": False,
                      "input_tokens": None, "output_tokens": None, "prompt_fingerprint": None, "parts": [],
                      "properties": item_properties(item),
                      "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            record.update(score_record(item.task, item.label, response))
            store.append(record)
    finally:
        store.close()
        store.unlock()
    missing = len(predictions) - found
    if missing:
        raise DatasetError(f"{path}: {missing} prediction id(s) are not items of {data} ({split}); nothing is scored "
                           f"for them (see {store.samples_path} for the {found} that matched)")
    results = summarize(store.latest().values())
    results["settings"] = {"model": model, "layout": "imported"}
    store.write_manifest({"remibench": __version__, "model": model, "endpoint": "imported", "layout": "imported",
                          "data": str(data), "split": split, "predictions": str(path), "scorers": ["official", "lenient"]})
    store.write_results(results)
    return results
