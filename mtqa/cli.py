"""The ``mtqa`` command: a thin layer over the same API a notebook uses.

Exit codes: 0 the run worked; 2 usage or input error (one line on stderr); 3 internal error.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import InputError
from .pipeline import Engine, Options
from .read import STDIN, read_story
from .report import FORMATS
from .translate import BACKENDS, DEFAULT_BACKEND

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL = 0, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not a usage dump
        raise InputError(f"{message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mtqa", description="Find where a machine-translated story betrays its sources.")
    parser.add_argument("--version", action="version", version=f"mtqa {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    compare = commands.add_parser(
        "compare", help="compare a translated story with source stories",
        description="Align every sentence of a translated story (TARGET) with the closest sentences of "
                    "comparable source stories (SOURCES), through machine translation.")
    compare.add_argument("target", help="the translated story, a UTF-8 text file, or - for stdin")
    compare.add_argument("sources", nargs="+", help="source stories in one language (UTF-8 text files)")
    compare.add_argument("--source-lang", help="language of the sources (ISO 639-1, e.g. en); detected if absent")
    compare.add_argument("--target-lang", help="language of the target (ISO 639-1, e.g. pt); detected if absent")
    compare.add_argument("--backend", default=DEFAULT_BACKEND, choices=sorted(BACKENDS), help="machine translation backend")
    compare.add_argument("--model", help="model for the backend: a local directory or a hub id (transformers)")
    compare.add_argument("--device", help="transformers: cpu, cuda or auto (default cpu)")
    compare.add_argument("--batch-size", type=int, help="transformers: sentences per batch (default 16)")
    compare.add_argument("--allow-download", action="store_true",
                         help="transformers: fetch the model from the hub if it is not on disk (off by default)")
    compare.add_argument("--format", default="text", choices=sorted(FORMATS), help="report format (default: text)")
    compare.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    return parser


def _compare(args: argparse.Namespace) -> int:
    if args.sources.count(STDIN) + (args.target == STDIN) > 1:
        raise InputError("only one story can come from stdin (-)")
    options = Options(backend=args.backend, model=args.model,
                      source_lang=_lang(args.source_lang), target_lang=_lang(args.target_lang),
                      backend_options=_backend_options(args))
    target = read_story(args.target)
    sources = [read_story(path) for path in args.sources]
    report = Engine(options).compare(target, sources)
    text = FORMATS[args.format](report)
    if args.output:
        _write(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _backend_options(args: argparse.Namespace) -> tuple[tuple[str, object], ...]:
    chosen = {"device": args.device, "batch_size": args.batch_size,
              "local_files_only": False if args.allow_download else None}
    chosen = {name: value for name, value in chosen.items() if value is not None}
    if chosen and args.backend != "transformers":
        raise InputError(f"--{next(iter(chosen)).replace('_', '-')} applies to the transformers backend only")
    if args.batch_size is not None and args.batch_size < 1:
        raise InputError("--batch-size must be at least 1")
    return tuple(sorted(chosen.items()))


def _lang(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.strip().lower()
    if not code.isalpha() or len(code) not in (2, 3):
        raise InputError(f"{code!r} is not a language code; use ISO 639-1 such as en or pt")
    return code


def _write(path: Path, text: str) -> None:
    """Write atomically: a failed run never leaves half a report behind."""
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the report ({exc.strerror})") from None


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return _compare(args)
    except InputError as exc:
        print(f"mtqa: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("mtqa: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for users, the traceback with MTQA_DEBUG=1
        if os.environ.get("MTQA_DEBUG"):
            raise
        print(f"mtqa: internal error: {type(exc).__name__}: {exc} (set MTQA_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
