"""Harness overhead of ``remi eval``: items/s, CPU seconds per item and peak RSS against an
instant OpenAI-compatible server on loopback, at several concurrency levels.

The server runs in its own process and answers at once, so the figures measure the harness
(streaming the dataset, building prompts, base64 encoding, HTTP, scoring, appending records),
not a model. Usage:

    python benchmarks/eval_overhead.py --data D --concurrency 1,8,32,128 --json benchmarks/results/eval.json

Without ``--data`` a default-size set (200 test items per implemented task) is generated first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ANSWER = json.dumps({"choices": [{"index": 0, "finish_reason": "stop", "message": {
    "role": "assistant", "content": json.dumps({"explanation": "instant", "answer": "1"})}}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1}}).encode()


async def _serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                         + str(len(ANSWER)).encode() + b"\r\n\r\n" + ANSWER)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


def _server(port_queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    async def main() -> None:
        server = await asyncio.start_server(_serve_connection, "127.0.0.1", 0, backlog=512)
        port_queue.put(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


def _measure(data: Path, url: str, concurrency: int, scratch: Path) -> dict[str, float]:
    from remibench.backends.openai_compat import OpenAICompatible
    from remibench.data.loader import load_items
    from remibench.runner.retry import RetryPolicy
    from remibench.runner.run import EvalOptions, evaluate

    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    backend = OpenAICompatible("bench", url + "/v1", timeout=60, concurrency=concurrency)
    options = EvalOptions(concurrency=concurrency, retry=RetryPolicy(max_retries=0), data=str(data))
    results = asyncio.run(evaluate(lambda: load_items(data, "test"), backend, scratch / f"c{concurrency}", options))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    n = results["n"]
    return {"concurrency": concurrency, "items": n, "errors": results["errors"], "wall_s": round(wall, 2),
            "items_per_s": round(n / wall, 1), "cpu_ms_per_item": round(1000 * cpu / n, 2),
            "peak_rss_mib": round(after.ru_maxrss / 1024, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--concurrency", default="1,8,32,128")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        data = args.data
        if data is None:
            from remibench.build import build_dataset
            from remibench.tasks.registry import implemented_tasks

            data = scratch / "data"
            build_dataset(data, implemented_tasks(), per_task=200, train_per_task=2, seed=0, workers=os.cpu_count() or 1)
        ports: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
        server = multiprocessing.Process(target=_server, args=(ports,), daemon=True)
        server.start()
        url = f"http://127.0.0.1:{ports.get(timeout=10)}"
        try:
            rows = [_measure(data, url, level, scratch) for level in levels]
        finally:
            server.terminate()
    print(f"{'concurrency':>11} {'items':>6} {'items/s':>8} {'CPU ms/item':>12} {'peak RSS MiB':>13} {'errors':>7}")
    for row in rows:
        print(f"{row['concurrency']:>11} {row['items']:>6} {row['items_per_s']:>8.1f} {row['cpu_ms_per_item']:>12.2f} "
              f"{row['peak_rss_mib']:>13.0f} {row['errors']:>7}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"python": sys.version.split()[0], "levels": rows}, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
