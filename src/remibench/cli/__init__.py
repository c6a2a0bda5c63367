"""The ``remi`` command: parses flags and calls one library function per verb.

Only this package prints. Imports of anything heavy happen inside the verb that needs it, so
``remi --help`` answers at once. Verbs live in one module per theme, each with ``register``.
"""

from __future__ import annotations

import argparse
import sys

from remibench.cli import annotate_verbs, audit_verbs, data_verbs, eval_verbs, export_verbs, report_verbs
from remibench.cli.common import CliError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="remi",
        description="ReMI (Reasoning with Multiple Images): generate data, evaluate models, report results.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for module in (data_verbs, audit_verbs, eval_verbs, export_verbs, annotate_verbs, report_verbs):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from remibench import __version__

        print(f"remibench {__version__}")
        return 0
    if not args.verb:
        parser.print_help()
        return 0
    from remibench.errors import USER_ERRORS

    try:
        return int(args.func(args))
    except (CliError, *USER_ERRORS) as error:
        print(f"remi {args.verb}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"remi {args.verb}: interrupted", file=sys.stderr)
        return 130

