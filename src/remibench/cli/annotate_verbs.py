"""The verb for people: answer items in a local web page, recorded as a run scored like a model's."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from remibench.cli.common import CliError


def register(sub: Any) -> None:
    p = sub.add_parser("annotate", help="answer items yourself in a local web page; the run is scored like a model's")
    p.add_argument("--data", required=True, help="dataset folder, parquet file or hub name")
    p.add_argument("--out", required=True, type=Path, help="this annotator's run folder; the same folder continues")
    p.add_argument("--annotator", default="anonymous", help="recorded as the model human/NAME (default anonymous)")
    p.add_argument("--split", default="test")
    p.add_argument("--tasks", default="all", help="'all' or a comma list of task names")
    p.add_argument("--limit", type=int, help="at most N items per task")
    p.add_argument("--host", default="127.0.0.1",
                   help="interface to listen on (default 127.0.0.1, this machine only; others print a warning)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    p.set_defaults(func=cmd_annotate)


def cmd_annotate(args: argparse.Namespace) -> int:
    from remibench.annotate import AnnotationError, is_loopback, open_session, serve
    from remibench.tasks.registry import parse_task_list

    if args.limit is not None and args.limit < 1:
        raise CliError("--limit must be >= 1")
    if not 0 <= args.port <= 65535:
        raise CliError("--port must be 0..65535")
    tasks = None if args.tasks == "all" else parse_task_list(args.tasks, implemented_only=False)
    try:
        session = open_session(args.data, args.out, args.annotator, split=args.split, tasks=tasks, limit=args.limit)
    except AnnotationError as error:
        raise CliError(str(error)) from error
    if not is_loopback(args.host):
        print(f"warning: --host {args.host} lets other machines reach the page and record answers in this run "
              "(labels are never served); use it only on a network you trust", file=sys.stderr)
    with session:
        state = session.state()
        print(f"{session.model}: {state['answered']} of {state['total']} items answered, {state['skipped']} skipped; "
              f"answers are saved to {args.out} as they are given")
        try:
            serve(session, args.host, args.port,
                  ready=lambda url: print(f"open {url} in a browser; Ctrl+C stops", flush=True))
        except KeyboardInterrupt:
            pass
        except OSError as error:
            raise CliError(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}") from error
        state = session.state()
    print(f"\nstopped: {state['answered']} of {state['total']} answered, {state['skipped']} skipped; "
          f"`remi score {args.out}` gives the score, `remi report {args.out} MODEL_RUN ...` compares")
    return 0
