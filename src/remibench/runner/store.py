"""A run's folder: ``samples.jsonl`` (append-only, one line per finished sample), the manifest
and the results.

Each sample is appended with one write and flushed at once, so a run killed at any moment
keeps every sample that finished; a torn last line is cut off when the run continues.
The latest record of an id wins, so an error that is retried later is superseded.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SAMPLES = "samples.jsonl"
MANIFEST = "manifest.json"
RESULTS = "results.json"
LOCK = ".lock"


class RunStoreError(ValueError):
    """A run folder that cannot be continued as asked."""


class RunLocked(RunStoreError):
    """Another process is writing this run folder."""


def read_json_object(path: Path) -> dict[str, Any]:
    """A JSON object from ``path``, or a RunStoreError saying what is wrong with the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise RunStoreError(f"{path}: not a JSON file written by remibench ({error}); move it aside to start over") from error
    if not isinstance(data, dict):
        raise RunStoreError(f"{path}: expected a JSON object, found {type(data).__name__}")
    return data


def write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n")
    os.replace(tmp, path)


class RunStore:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.samples_path = self.folder / SAMPLES
        self._fd: int | None = None
        self._lock_fd: int | None = None

    def lock(self) -> None:
        """Hold the folder for this process until :meth:`unlock` (or exit); refuse at once if
        another process holds it. The operating system drops the lock of a process that dies
        (kill -9 included), so a stale lock never needs clearing by hand."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / LOCK
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise RunLocked(f"{self.folder} is being written by {holder}; wait for it to finish or stop it "
                            "(one command per run folder)") from None
        os.ftruncate(fd, 0)
        command = " ".join(os.path.basename(a) if k == 0 else a for k, a in enumerate(sys.argv))[:300]
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()} since "
                      f"{time.strftime('%Y-%m-%d %H:%M:%S')} ({command})\n".encode(), 0)
        self._lock_fd = fd

    def unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

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
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise RunStoreError(f"{self.samples_path}:{number}: not a JSON record ({error.msg})") from error
                except UnicodeDecodeError as error:
                    raise RunStoreError(f"{self.samples_path}:{number}: not UTF-8 text") from error
                if not isinstance(record, dict) or not isinstance(record.get("id"), str) or "task" not in record:
                    raise RunStoreError(f"{self.samples_path}:{number}: not a sample record of remibench "
                                        "(expected an object with an id and a task)")
                yield record

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
        return read_json_object(path)

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        write_json_atomic(self.folder / MANIFEST, manifest)

    def write_results(self, results: dict[str, Any]) -> None:
        write_json_atomic(self.folder / RESULTS, results)
