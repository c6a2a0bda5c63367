"""Verbs about models: evaluate a model on a dataset, and re-score stored responses."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from remibench.cli.common import CliError, print_results, progress


def add_eval_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, help="dataset folder, parquet file or hub name (mehrankazemi/ReMI)")
    p.add_argument("--model", required=True, help="PROVIDER/NAME: openai/..., azure/DEPLOYMENT, anthropic/..., google/..., hf/..., "
                   "baseline/oracle|majority|random")
    p.add_argument("--split", default="test")
    p.add_argument("--tasks", default="all", help="'all' or a comma list of task names")
    p.add_argument("--limit", type=int, help="at most N items per task")
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--temperature", type=float, default=0.0)
    p.add_argument("--max-tokens", type=int, default=512)
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    p.add_argument("--max-retries", type=int, default=6)
    p.add_argument("--backoff", type=float, default=1.0, help="first retry delay in seconds (doubles, with jitter)")
    p.add_argument("--base-url", action="append", help="API base URL (default: the provider's, or OPENAI_BASE_URL "
                   "etc.); give it several times for replicas of one model: requests go to the least busy one")
    p.add_argument("--api-version", help="Azure OpenAI API version (default OPENAI_API_VERSION, else 2024-10-21)")
    p.add_argument("--base-urls", type=Path, help="file listing replica base URLs, one per line (# comments)")
    p.add_argument("--max-images", type=int, help="refuse items with more images than the model takes")
    p.add_argument("--cache", type=Path, help="response cache file (default ~/.cache/remibench/responses.sqlite)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the response cache")
    p.add_argument("--hf-batch-size", type=int, default=4, help="items per forward pass for hf/ models")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="ray: run --replicas copies of an hf/ model as Ray actors (one GPU each when there are GPUs)")
    p.add_argument("--replicas", type=int, default=1, help="model replicas with --engine ray (default 1)")
    p.add_argument("--address", help="Ray cluster address (default: RAY_ADDRESS, else a local Ray)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--rpm", type=float, help="at most this many requests per minute (client-side, shared by all requests)")
    p.add_argument("--tpm", type=float, help="at most this many estimated tokens per minute (input + --max-tokens)")
    p.add_argument("--dry-run", action="store_true", help="send nothing: print requests, images, estimated tokens "
                   "and (with --price-in/--price-out) cost per task, and what the cache and --out already hold")
    p.add_argument("--price-in", type=float, help="dollars per million input tokens, for --dry-run")
    p.add_argument("--price-out", type=float, help="dollars per million output tokens, for --dry-run")
    p.add_argument("--batch", action="store_true", help="send through the provider's batch API (openai/ models); "
                   "run the same command again to collect, or add --wait")
    p.add_argument("--wait", action="store_true", help="with --batch: poll until every batch has ended")
    p.add_argument("--poll", type=float, default=30.0, help="with --batch --wait: seconds between polls (default 30)")


def base_urls(args: argparse.Namespace) -> list[str]:
    """Every --base-url, then the URLs listed in --base-urls."""
    urls = list(args.base_url or [])
    if args.base_urls is not None:
        try:
            lines = args.base_urls.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CliError(f"--base-urls {args.base_urls}: {error}") from error
        listed = [line.split("#", 1)[0].strip() for line in lines]
        urls += [url for url in listed if url]
        if not any(listed):
            raise CliError(f"--base-urls {args.base_urls}: no URL in the file")
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise CliError(f"base URL {url!r} does not start with http:// or https://")
    return urls


def register(sub: Any) -> None:
    p = sub.add_parser("eval", help="evaluate a model on a dataset (resumable; never requests an answer twice)")
    add_eval_args(p)
    p.add_argument("--out", required=True, type=Path, help="run folder; the same folder continues an interrupted run")
    p.add_argument("--layout", default="interleaved", help="interleaved (official), images-first, merged, text-only")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("ablate", help="evaluate one model under several prompt layouts and report them side by side")
    add_eval_args(p)
    p.add_argument("--out", required=True, type=Path, help="folder: one run folder per layout, and report/")
    p.add_argument("--layouts", default="interleaved,images-first,merged,text-only", help="comma list of layouts")
    p.set_defaults(func=cmd_ablate)

    p = sub.add_parser("score", help="re-score a run's stored responses (calls nothing)")
    p.add_argument("run", type=Path, help="run folder")
    p.add_argument("--scorer", choices=("official", "lenient"), default="official", help="which verdicts to print")
    p.set_defaults(func=cmd_score)


def run_one(args: argparse.Namespace, layout: str, out: Path) -> dict[str, Any]:
    """One evaluation run with the command's settings, under ``layout`` into ``out``."""
    import asyncio

    from remibench.backends.base import GenerationSettings, ImageLimits
    from remibench.backends.factory import API_PROVIDERS, make_backend
    from remibench.data.loader import count_rows, load_items
    from remibench.prompt import LAYOUTS
    from remibench.runner.cache import ResponseCache, default_cache_path
    from remibench.runner.retry import RetryPolicy
    from remibench.runner.run import EvalOptions, evaluate
    from remibench.tasks.registry import parse_task_list

    if layout not in LAYOUTS:
        raise CliError(f"layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    if args.concurrency < 1 or args.max_retries < 0 or args.max_tokens < 1 or args.timeout <= 0:
        raise CliError("--concurrency and --max-tokens must be >= 1, --max-retries >= 0, --timeout > 0")
    tasks = None if args.tasks == "all" else parse_task_list(args.tasks, implemented_only=False)
    backend = make_backend(args.model, data=args.data, base_url=base_urls(args), timeout=args.timeout,
                           concurrency=args.concurrency, hf_batch_size=args.hf_batch_size, engine=args.engine,
                           replicas=args.replicas, address=args.address, api_version=args.api_version)
    if args.max_images is not None:
        backend.limits = ImageLimits(args.max_images, backend.limits.max_image_bytes, backend.limits.max_side)
    for name in ("rpm", "tpm"):
        if getattr(args, name) is not None and getattr(args, name) <= 0:
            raise CliError(f"--{name} must be > 0")
    batch_backend = None
    if getattr(args, "batch", False):
        if backend.spec.split("/", 1)[0] not in ("openai", "anthropic", "google"):
            raise CliError("--batch takes openai/, anthropic/ or google/ models (their batch APIs)")
        batch_backend = backend
    if backend.spec.split("/", 1)[0] in API_PROVIDERS:
        from remibench.estimate import request_estimator
        from remibench.runner.limits import RateLimited

        backend = RateLimited(backend, rpm=args.rpm, tpm=args.tpm, concurrency=args.concurrency,
                              estimate=request_estimator(backend.spec))
    elif args.rpm or args.tpm:
        raise CliError("--rpm and --tpm apply to API models (openai, azure, anthropic, google)")
    options = EvalOptions(layout=layout, concurrency=args.concurrency, data=str(args.data), split=args.split,
                          tasks=tasks,
                          limit=args.limit,
                          settings=GenerationSettings(args.temperature, args.max_tokens, args.timeout),
                          retry=RetryPolicy(max_retries=args.max_retries, base_delay=args.backoff))
    cache = None if args.no_cache else ResponseCache(args.cache or default_cache_path())
    total = count_rows(args.data, args.split) if tasks is None and args.limit is None else None
    stats = {"answered": 0, "correct": 0, "errors": 0}

    def items():  # type: ignore[no-untyped-def]
        return load_items(args.data, args.split, tasks=tasks, limit=args.limit)

    if getattr(args, "dry_run", False):
        try:
            return dry_run(args, layout, out, backend, options, cache, items)
        finally:
            if cache is not None:
                cache.close()
    if batch_backend is not None:
        from remibench.runner.batch_run import batch_api, evaluate_batch

        try:
            return asyncio.run(evaluate_batch(items, batch_backend, batch_api(batch_backend), out, options, cache,
                                              wait=args.wait, poll_s=args.poll))
        finally:
            if cache is not None:
                cache.close()
    with progress(total, f"{args.model} [{layout}]", args.quiet) as bar:
        def on_record(record: dict[str, Any]) -> None:
            stats["errors" if record["error"] else "answered"] += 1
            stats["correct"] += bool(record["correct"])
            accuracy = stats["correct"] / stats["answered"] if stats["answered"] else 0.0
            bar.set_postfix(acc=f"{accuracy:.1%}", errors=stats["errors"], refresh=False)
            bar.update(1)

        try:
            results = asyncio.run(evaluate(items, backend, out, options, cache, on_record))
        finally:
            if cache is not None:
                cache.close()
    return results


def dry_run(args: argparse.Namespace, layout: str, out: Path, backend: Any, options: Any, cache: Any,
            items: Any) -> dict[str, Any]:
    """Print the estimate of what the run would send and cost; send nothing."""
    from remibench.estimate import cost, estimate_run
    from remibench.runner.cache import cache_key
    from remibench.runner.store import RunStore

    store = RunStore(out)
    done = {i for i, r in store.latest().items() if not r.get("error")} if store.samples_path.exists() else set()
    model_id, fields = backend.describe(), options.settings.cache_fields()

    def covered(item: Any, message: Any) -> bool:
        if item.id in done:
            return True
        return cache is not None and cache.get(cache_key(model_id, fields, message.fingerprint)) is not None

    estimate = estimate_run(items(), backend.spec, layout, args.max_tokens, backend.limits, covered)
    print(f"dry run of {backend.spec} [{layout}]: nothing is sent. Image tokens by the {estimate['rule']} rule; "
          f"text at {estimate['chars_per_token']} characters a token; output ceiling = --max-tokens per request.")
    print(f"{'task':<13} {'requests':>8} {'images':>7} {'input tok':>10} {'output max':>10} {'covered':>8} {'refused':>8}")
    for task, t in estimate["tasks"].items():
        print(f"{task:<13} {t['requests']:>8} {t['images']:>7} {t['input_tokens']:>10} {t['output_ceiling']:>10} "
              f"{t['covered']:>8} {len(t['refused']):>8}")
    total = estimate["total"]
    print(f"{'total':<13} {total['requests']:>8} {total['images']:>7} {total['input_tokens']:>10} "
          f"{total['output_ceiling']:>10} {total['covered']:>8} {total['refused']:>8}")
    dollars = cost(estimate, args.price_in, args.price_out)
    if dollars is not None:
        print(f"cost at ${args.price_in or 0:g} in / ${args.price_out or 0:g} out per million tokens: at most "
              f"${dollars:,.2f} (input ${total['input_tokens'] * (args.price_in or 0) / 1e6:,.2f}, output ceiling "
              f"${total['output_ceiling'] * (args.price_out or 0) / 1e6:,.2f})")
    refused = [r for t in estimate["tasks"].values() for r in t["refused"]]
    for line in refused[:10]:
        print(f"would be refused: {line}")
    return {"dry_run": estimate, "cost": dollars}


def cmd_eval(args: argparse.Namespace) -> int:
    results = run_one(args, args.layout, args.out)
    if "dry_run" in results:
        return 0
    print_results(results)
    if "batch" in results:
        b = results["batch"]
        print(f"batches: {b['submitted']} submitted now, {b['collected']} collected, {b['running']} still running, "
              f"{b['ended_without_results']} ended without results; {b['failed_items']} item(s) failed in a batch"
              + ("; run the same command again to collect the rest" if b["running"] else ""))
    print(f"results: {args.out / 'results.json'}; samples: {args.out / 'samples.jsonl'}")
    return 0


def cmd_ablate(args: argparse.Namespace) -> int:
    """Every layout shares the response cache, so rerunning an ablation pays for nothing twice."""
    from remibench.report.build import build_report

    layouts = [layout.strip() for layout in args.layouts.split(",") if layout.strip()]
    folders = []
    for layout in layouts:
        folder = args.out / layout
        results = run_one(args, layout, folder)
        if "dry_run" in results:
            continue
        print(f"{layout:<13} ReMI score {results['overall']:.1%} ({results['n']} items, {results['errors']} failed)")
        folders.append(folder)
    if args.dry_run:
        return 0
    paths = build_report(folders, args.out / "report")
    print(f"report: {paths['html']}")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from remibench.runner.run import rescore

    results = rescore(args.run)
    print_results(results, args.scorer)
    return 0
