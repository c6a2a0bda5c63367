"""Resident memory of a process and every process below it, sampled in the background.

``getrusage`` only sees the calling process and the children it waited for; Ray's workers are
grandchildren (started by the raylet), so their memory needs the process table. Linux only: it
reads /proc, which is where the figures come from anyway.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

PAGE_MIB = os.sysconf("SC_PAGE_SIZE") / 2**20


def _parents_and_rss() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, resident MiB) for every readable process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            statm = (entry / "statm").read_text().split()
        except OSError:  # the process ended while we looked
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        table[int(entry.name)] = (int(fields[1]), int(statm[1]) * PAGE_MIB)
    return table


def tree_rss(root: int) -> tuple[float, float, int]:
    """(total MiB, largest single process MiB, process count) of ``root`` and its descendants."""
    table = _parents_and_rss()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    stack, seen = [root], []
    while stack:
        pid = stack.pop()
        if pid in table:
            seen.append(table[pid][1])
        stack.extend(children.get(pid, []))
    return (sum(seen), max(seen, default=0.0), len(seen))


class TreeMemorySampler:
    """Samples ``tree_rss`` of this process every ``interval`` seconds until stopped."""

    def __init__(self, interval: float = 2.0) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float, float, int]] = []  # (seconds, total, largest, processes)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = 0.0

    def __enter__(self) -> TreeMemorySampler:
        self._started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        root = os.getpid()
        while not self._stop.is_set():
            total, largest, count = tree_rss(root)
            self.samples.append((time.perf_counter() - self._started, total, largest, count))
            self._stop.wait(self.interval)

    def summary(self) -> dict[str, float]:
        """Peaks over the whole run and over each half, so flat memory shows as equal halves."""
        if not self.samples:
            return {}
        half = self.samples[-1][0] / 2
        first = [s for s in self.samples if s[0] <= half] or self.samples
        second = [s for s in self.samples if s[0] > half] or self.samples
        return {
            "samples": len(self.samples),
            "peak_tree_mib": round(max(s[1] for s in self.samples), 1),
            "peak_tree_mib_first_half": round(max(s[1] for s in first), 1),
            "peak_tree_mib_second_half": round(max(s[1] for s in second), 1),
            "peak_process_mib": round(max(s[2] for s in self.samples), 1),
            "peak_process_mib_first_half": round(max(s[2] for s in first), 1),
            "peak_process_mib_second_half": round(max(s[2] for s in second), 1),
            "most_processes": max(s[3] for s in self.samples),
        }
