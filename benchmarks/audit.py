"""The full validity audit of every task at default knobs, with its cost.

Runs what ``remi audit`` runs (1,000 fresh items per task for the shortcut guessers, 100 of them
for image necessity, 16 variations per image) and records, per task, the figures, the verdict and
the seconds it took. Usage:

    python benchmarks/audit.py --json benchmarks/results/audit.json
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

from remibench import __version__
from remibench.audit.run import audit_generated
from remibench.cli.audit_verbs import format_report
from remibench.tasks.registry import parse_task_list


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", default="all")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--necessity-items", type=int, default=100)
    parser.add_argument("--tries", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    reports: list[dict[str, Any]] = []
    for task in parse_task_list(args.tasks):
        started = time.perf_counter()
        (report,) = audit_generated([task], items=args.items, necessity_items=args.necessity_items,
                                    tries=args.tries, seed=args.seed)
        report["seconds"] = round(time.perf_counter() - started, 2)
        reports.append(report)
        print("\n".join(format_report(report)) + f"\n    ({report['seconds']:.1f} s)", flush=True)
    passed = sum(r["verdict"] == "pass" for r in reports)
    total = sum(r["seconds"] for r in reports)
    print(f"\n{passed} of {len(reports)} task(s) pass; {total:.0f} s in all")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        record = {"remibench": __version__, "python": sys.version.split()[0], "machine": platform.machine(),
                  "settings": vars(args) | {"json": str(args.json)}, "tasks": reports}
        args.json.write_text(json.dumps(record, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0 if passed == len(reports) else 1


if __name__ == "__main__":
    sys.exit(main())
