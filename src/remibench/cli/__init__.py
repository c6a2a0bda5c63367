"""The ``remi`` command: parses flags and calls one library function per verb.

Only this package prints. Imports of anything heavy happen inside the verb that needs it, so
``remi --help`` answers at once. Verbs live in one module per theme, each with ``register``.

Errors caused by the input (files, folders, flags, environment, the cache, a server's replies)
and by the machine (a folder that cannot be written, a full disk) end with one message naming
what is wrong and where, and exit status 2; only a bug in remibench shows a traceback.
``--debug`` (or ``REMI_DEBUG=1``) shows the traceback of any error.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys

from remibench.cli import annotate_verbs, audit_verbs, data_verbs, eval_verbs, export_verbs, report_verbs
from remibench.cli.common import CliError


def describe(error: BaseException) -> str:
    """The message for an error, with advice for the machine's own failures."""
    if isinstance(error, OSError) and not isinstance(error, (CliError,)):
        where = f" ({error.filename})" if getattr(error, "filename", None) else ""
        if error.errno == errno.ENOSPC:
            return f"the disk is full{where}; free some space and run the same command again"
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"cannot write{where}: {error.strerror}; choose a folder you can write to"
        return f"{error.strerror or error}{where}" if error.strerror else str(error)
    return str(error)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="remi",
        description="ReMI (Reasoning with Multiple Images): generate data, evaluate models, report results.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--debug", action="store_true", help="show the traceback of any error (also REMI_DEBUG=1)")
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

    debug = args.debug or os.environ.get("REMI_DEBUG", "") not in ("", "0")
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, where it is handled, not at interpreter exit
        return code
    except BrokenPipeError:
        # the reader stopped early (`remi audit | head`): nothing is wrong, so leave quietly, and point
        # stdout at /dev/null so the interpreter's final flush does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # what a shell reports for a command ended by SIGPIPE
    except (CliError, *USER_ERRORS, OSError) as error:
        if debug:
            raise
        print(f"remi {args.verb}: error: {describe(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"remi {args.verb}: interrupted", file=sys.stderr)
        return 130

