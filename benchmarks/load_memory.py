"""Memory while streaming a large dataset: peak RSS of ``load_items`` over N rows, for growing N.

The rows are the given dataset's row groups repeated, so no generation is needed. A flat peak
across N is the point: the loader must not hold the dataset's images. Usage:

    python benchmarks/load_memory.py --data D --repeats 1,2,4 --json benchmarks/results/load_memory.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

# Every row is read and checked as load_items does it (ids repeat across the copies, so the
# loader's duplicate-id check is left out here).
MEASURE = """
import resource, sys, time
from remibench.data.loader import iter_rows, row_to_item
started = time.perf_counter()
n = 0
for label, index, base, row in iter_rows(sys.argv[1]):
    row_to_item(row, source=label, row_index=index, split="test", ordinal=index, base=base)
    n += 1
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, round(time.perf_counter() - started, 2))
"""


def repeated(source: Path, repeats: int, out: Path) -> Path:
    parquet = pq.ParquetFile(source)
    with pq.ParquetWriter(out, parquet.schema_arrow, compression="zstd") as writer:
        for _ in range(repeats):
            for group in range(parquet.metadata.num_row_groups):
                writer.write_table(parquet.read_row_group(group))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="a dataset folder with test.parquet")
    parser.add_argument("--repeats", default="1,2,4")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for repeats in (int(r) for r in args.repeats.split(",")):
            file = repeated(args.data / "test.parquet", repeats, Path(folder) / f"x{repeats}.parquet")
            out = subprocess.run([sys.executable, "-c", MEASURE, str(file)], capture_output=True, text=True, check=True)
            n, rss, seconds = out.stdout.split()
            rows.append({"rows": int(n), "file_mib": round(file.stat().st_size / 2**20, 1), "peak_rss_mib": int(rss),
                         "seconds": float(seconds)})
            file.unlink()
    print(f"{'rows':>7} {'file MiB':>9} {'peak RSS MiB':>13} {'seconds':>8}")
    for row in rows:
        print(f"{row['rows']:>7} {row['file_mib']:>9} {row['peak_rss_mib']:>13} {row['seconds']:>8}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
