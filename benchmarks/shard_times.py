"""Per-task shard times from a sharded run's ledger: does a shard take as long late in a run as early?

Time linear in the item count means a task's shards cost the same wherever they fall in the run;
growth (a leak, a cache that never stops filling) shows as later shards of a task getting slower.
Reads the ``.shards.jsonl`` a run leaves in its folder (``benchmarks/generate.py --keep-ledger``
copies it out). Usage:

    python benchmarks/shard_times.py benchmarks/results/gen-local-100k.shards.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path


def shard_rows(ledger: Path) -> list[dict]:
    """The ledger's shard records (its first line holds the run's settings), in shard order."""
    lines = [json.loads(line) for line in ledger.read_text().splitlines() if line.strip()]
    return sorted((r for r in lines if "index" in r), key=lambda r: r["index"])


def per_task(rows: list[dict]) -> dict[str, list[float]]:
    """Seconds of every full single-task shard, per task, in run order."""
    out: dict[str, list[float]] = defaultdict(list)
    full = max(r["rows"] for r in rows)
    for row in rows:
        if len(row["items"]) == 1 and row["rows"] == full:
            out[next(iter(row["items"]))].append(row["seconds"])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ledger", type=Path)
    args = parser.parse_args()
    rows = shard_rows(args.ledger)
    print(f"{'task':<13} {'shards':>6} {'first half s':>13} {'second half s':>14} {'items/s/worker':>15}")
    for task, seconds in per_task(rows).items():
        half = len(seconds) // 2
        first, second = seconds[:half] or seconds, seconds[half:]
        items = len(seconds) * max(r["rows"] for r in rows)
        print(f"{task:<13} {len(seconds):>6} {sum(first) / len(first):>13.1f} {sum(second) / len(second):>14.1f} "
              f"{items / sum(seconds):>15.1f}")
    total = sum(r["seconds"] for r in rows)
    print(f"\n{len(rows)} shards, {sum(r['rows'] for r in rows)} items, {total:.0f} worker-seconds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
