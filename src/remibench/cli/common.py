"""What every verb module shares: the user-facing error, the progress bar, result tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class CliError(Exception):
    """A user-facing error: printed without a traceback, exit status 2."""


def progress(total: int | None, desc: str, quiet: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="item", disable=quiet or None, dynamic_ncols=True)


def print_results(results: dict[str, Any], scorer: str = "official") -> None:
    key = "accuracy" if scorer == "official" else "accuracy_lenient"
    print(f"{'task':<13} {'n':>5} {'accuracy':>9} {'lenient':>8} {'bad json':>9} {'errors':>7}")
    for task, t in results["tasks"].items():
        print(f"{task:<13} {t['n']:>5} {t[key]:>9.1%} {t['accuracy_lenient']:>8.1%} {t['bad_json']:>9} {t['errors']:>7}")
    overall = results["overall"] if scorer == "official" else results["overall_lenient"]
    print(f"ReMI score ({scorer}, mean of per-task accuracies): {overall:.1%} over {results['n']} items"
          + ("" if results["complete"] else f"; {results['errors']} item(s) failed: run again to retry them"))
    for warning in results.get("warnings", []):
        print(f"warning: {warning}")


def load_configs(path: Path | None) -> dict[str, dict[str, Any]]:
    if path is None:
        return {}
    try:
        configs = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CliError(f"--config {path}: {error}") from error
    if not isinstance(configs, dict) or not all(isinstance(v, dict) for v in configs.values()):
        raise CliError(f"--config {path}: expected an object of task name -> object of knobs")
    return configs
