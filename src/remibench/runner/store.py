"""A run's folder: ``samples.jsonl`` (append-only, one line per finished sample), the manifest
and the results.

Each sample is appended with one write and flushed at once, so a run killed at any moment
keeps every sample that finished; a torn last line is cut off when the run continues.
The latest record of an id wins, so an error that is retried later is superseded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SAMPLES = "samples.jsonl"
MANIFEST = "manifest.json"
RESULTS = "results.json"


class RunStoreError(ValueError):
    """A run folder that cannot be continued as asked."""


def write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
    os.replace(tmp, path)


class RunStore:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.samples_path = self.folder / SAMPLES
        self._fd: int | None = None

    def open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._repair_tail()
        self._fd = os.open(self.samples_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def _repair_tail(self) -> None:
        """Cut a torn last line (a run killed mid-write) so the next append starts clean."""
        if not self.samples_path.exists():
            return
        data = self.samples_path.read_bytes()
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            with open(self.samples_path, "r+b") as handle:
                handle.truncate(keep)

    def append(self, record: dict[str, Any]) -> None:
        if self._fd is None:
            raise RuntimeError("RunStore.open() first")
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        os.write(self._fd, line.encode("utf-8"))

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """Every complete record in file order (a torn last line is skipped)."""
        if not self.samples_path.exists():
            return
        with open(self.samples_path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.endswith("\n"):
                    return
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise RunStoreError(f"{self.samples_path}:{number}: not a JSON record ({error.msg})") from error

    def latest(self) -> dict[str, dict[str, Any]]:
        """id -> its latest record."""
        return {record["id"]: record for record in self.iter_records()}

    def rewrite(self, records: list[dict[str, Any]]) -> None:
        """Replace the samples file whole (re-scoring), atomically."""
        tmp = self.samples_path.with_name(SAMPLES + ".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        os.replace(tmp, self.samples_path)

    def read_manifest(self) -> dict[str, Any] | None:
        path = self.folder / MANIFEST
        if not path.exists():
            return None
        return json.loads(path.read_text())

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        write_json_atomic(self.folder / MANIFEST, manifest)

    def write_results(self, results: dict[str, Any]) -> None:
        write_json_atomic(self.folder / RESULTS, results)
