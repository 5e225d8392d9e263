"""The ``mtqa`` command: a thin layer over the same API a notebook uses.

Exit codes: 0 the run worked; 2 usage or input error (one line on stderr); 3 internal error; 130 interrupted;
141 the reader of standard output went away.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
from pathlib import Path

from . import __version__
from .api import load_termbase, original_position, score_table
from .errors import InputError
from .pipeline import DETECT_ORIGINAL, Engine, Options, checked_options
from .progress import TerminalProgress
from .files import check_writable, refuse_overwriting, write_atomically
from .formats import COMPARISON_FORMATS, ROWS_FORMATS, write_comparison, write_rows
from .model import counted
from .read import ROW_FORMATS, STDIN, read_story, read_table
from .report import TEXT_WIDTH
from .scorers import SCORERS
from .translate import BACKENDS, DEFAULT_BACKEND

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 2, 3, 130
EXIT_BROKEN_PIPE = 141  # as a shell reports a program stopped by SIGPIPE
STDOUT = "-"
_TABLE_HELP = "csv, tsv (one line per issue), mqm (WMT MQM TSV), qe (WMT QE error spans)"


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
    compare.add_argument("--original", metavar="SOURCE",
                         help="the source the target translates (one of SOURCES), or none; against the others, "
                              "omissions and additions are only notes (default: told from the alignment)")
    _common_options(compare)
    compare.add_argument("--format", default="text", choices=COMPARISON_FORMATS, metavar="FORMAT",
                         help=f"report format: text, json, html (the review page), {_TABLE_HELP} (default: text)")
    compare.add_argument("-o", "--output", help="write the report to this file instead of stdout")

    segments = commands.add_parser(
        "segments", help="score pre-aligned source/target rows of a table",
        description="Score each row of a TSV, CSV or JSONL table of segment-aligned source and target text, or each "
                    "unit of an XLIFF (1.2, 2.0) or TMX file; alignment is skipped. Prints one JSON object per row, "
                    "in order.")
    segments.add_argument("table", help="the table (.tsv, .csv, .jsonl) or localization file (.xlf, .tmx), or - for stdin")
    segments.add_argument("--source-column", default="source", help="column of the source text (default: source)")
    segments.add_argument("--target-column", default="target", help="column of the translation (default: target)")
    segments.add_argument("--input-format", choices=ROW_FORMATS, help="input format (default: from the extension)")
    _common_options(segments)
    segments.add_argument("--format", default="jsonl", choices=ROWS_FORMATS, metavar="FORMAT",
                          help=f"output format: jsonl, json, {_TABLE_HELP} (default: jsonl)")
    segments.add_argument("-o", "--output", help="write the results to this file instead of stdout")

    batch = commands.add_parser(
        "batch", help="score every translated story of a folder against a pool of source stories",
        description="For each translated story of TARGETS, find the stories of SOURCES that report the same facts "
                    "and compare them; one JSON report and review page per story, an index (CSV, Parquet) and a "
                    "summary page in OUT. Stories already reported are not redone.")
    batch.add_argument("targets", help="translated stories: a folder of .txt files, a .jsonl manifest or a saved dataset")
    batch.add_argument("sources", help="the pool of source stories, in the same forms")
    batch.add_argument("-o", "--output", required=True, help="the output folder")
    batch.add_argument("--top-k", type=int, default=4, help="most source stories per target (default 4)")
    batch.add_argument("--workers", type=int, help="worker processes (default: one per core, up to 8, "
                                                   "with at least 4 stories each)")
    batch.add_argument("--cluster", help='a Dask scheduler address (tcp://host:8786), or "local" for a local cluster')
    _common_options(batch)
    return parser


def _common_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--source-lang", help="language of the sources (ISO 639-1, e.g. en); detected if absent")
    command.add_argument("--target-lang", help="language of the target (ISO 639-1, e.g. pt); detected if absent")
    command.add_argument("--termbase", help="a termbase for the terms scorer (TBX, or CSV/TSV with language columns)")
    command.add_argument("--scorers", help=f"comma-separated scorers to run (default: all of {', '.join(SCORERS)})")
    command.add_argument("--backend", default=DEFAULT_BACKEND, choices=sorted(BACKENDS), help="machine translation backend")
    command.add_argument("--model", help="model for the backend: a local directory or a hub id (transformers)")
    command.add_argument("--device", help="transformers: cpu, cuda or auto (default cpu)")
    command.add_argument("--batch-size", type=int, help="transformers: sentences per batch (default 16)")
    command.add_argument("--max-story-chars", type=int, default=Options.max_story_chars,
                         help=f"refuse a story longer than this (default {Options.max_story_chars:,})")
    command.add_argument("--max-sentence-chars", type=int, default=Options.max_sentence_chars,
                         help=f"refuse a sentence longer than this (default {Options.max_sentence_chars:,})")
    command.add_argument("--allow-download", action="store_true",
                         help="transformers: fetch the model from the hub if it is not on disk (off by default)")


def _options(args: argparse.Namespace) -> Options:
    return checked_options(backend=args.backend, model=args.model, source_lang=args.source_lang,
                           target_lang=args.target_lang, backend_options=dict(_backend_options(args)),
                           scorers=args.scorers, max_story_chars=args.max_story_chars,
                           max_sentence_chars=args.max_sentence_chars)


def _emit(args: argparse.Namespace, text: str) -> None:
    if args.output and args.output != STDOUT:
        write_atomically(Path(args.output), text)
    else:
        _to_stdout(text)


def _to_stdout(text: str) -> None:
    if sys.stdout is None:
        raise InputError("standard output is closed; write the report to a file with -o FILE")
    try:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:  # a lone surrogate (a file name in another encoding) or a narrow terminal encoding
            encoding = sys.stdout.encoding or "utf-8"
            sys.stdout.write(text.encode(encoding, errors="replace").decode(encoding))
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader left (| head): main ends quietly
    except OSError as exc:
        _detach_stdout()
        raise InputError(f"cannot write to standard output ({exc.strerror}); write the report to a file with -o FILE") from None


def _detach_stdout() -> None:
    """Point standard output at /dev/null, so that Python's own flush at exit does not fail a second time."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _compare(args: argparse.Namespace) -> int:
    if args.sources.count(STDIN) + (args.target == STDIN) > 1:
        raise InputError("only one story can come from stdin (-)")
    options = _options(args)
    check_writable(args.output)
    refuse_overwriting(args.output, [args.target, *args.sources, args.termbase])
    original = DETECT_ORIGINAL if args.original is None else original_position(args.original, args.sources, none_word=True)
    termbase = load_termbase(args.termbase, options.source_lang, options.target_lang)
    target = read_story(args.target, max_chars=options.max_story_chars)
    sources = [read_story(path, max_chars=options.max_story_chars) for path in args.sources]
    progress = TerminalProgress(sys.stderr)
    report = _engine(options, progress).compare(target, sources, termbase, original)
    progress.close()
    _emit(args, write_comparison(report, args.format, _terminal_width(args)))
    if args.format != "text" or (args.output and args.output != STDOUT):  # the text report on screen ends with them
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _terminal_width(args: argparse.Namespace) -> int | None:
    """The terminal's width, capped, when the report is read there; a file or a pipe gets the same report anywhere."""
    if (args.output and args.output != STDOUT) or sys.stdout is None or not sys.stdout.isatty():
        return None
    return min(shutil.get_terminal_size((TEXT_WIDTH, 24)).columns, 140)


def _segments(args: argparse.Namespace) -> int:
    options = _options(args)
    check_writable(args.output)
    refuse_overwriting(args.output, [args.table, args.termbase])
    table = read_table(args.table, args.source_column, args.target_column, args.input_format,
                       options.source_lang, options.target_lang)
    for warning in table.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    progress = TerminalProgress(sys.stderr)
    results, _, _ = score_table(table, options, args.termbase, lambda chosen: _engine(chosen, progress))
    progress.close()
    _emit(args, write_rows(table.path, table.rows, results, args.format))
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    from .batching import run_batch

    progress = TerminalProgress(sys.stderr)
    try:
        result = run_batch(args.targets, args.sources, args.output, options=_options(args), top_k=args.top_k,
                           termbase=args.termbase, workers=args.workers, cluster=args.cluster, progress=progress)
    except KeyboardInterrupt:
        # leaving: a second Ctrl-C (GNU timeout sends one to the process and one to its group) would break into the
        # interpreter's wait for the stopped workers at exit with a traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        progress.close()
        print("mtqa: interrupted; the stories reported so far are kept: run the same command again to finish "
              "the rest", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        progress.close()  # a refused pool, after its progress line was drawn, says why on a line of its own
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    failed, unchecked = result.failed, result.unchecked
    for row in unchecked:
        print(f"warning: {row['story']}: no sentence has a counterpart in the sources found, so none was checked "
              "against them; its score says nothing", file=sys.stderr)
    if sys.stdout is not None:  # the outputs are written: a closed stdout only loses this summary line
        not_checked = f" ({len(unchecked)} not checked)" if unchecked else ""
        _to_stdout(f"{counted(len(result.rows), 'story', 'stories')}: {len(result.rows) - len(failed)} scored"
                   f"{not_checked}, {len(failed)} failed; index {result.out / 'index.csv'}, "
                   f"summary {result.out / 'index.html'}\n")
    for row in failed:
        named = row["error"] if row["error"].startswith(row["story"]) else f"{row['story']}: {row['error']}"
        print(f"failed: {named}", file=sys.stderr)
    if len(failed) == len(result.rows):
        raise InputError("no story could be scored (the errors are above and in the index)")
    return EXIT_OK


def _engine(options: Options, progress: TerminalProgress) -> Engine:
    engine = Engine(options)
    engine.progress = progress  # drawn only when stderr is a terminal
    return engine


def _backend_options(args: argparse.Namespace) -> tuple[tuple[str, object], ...]:
    chosen = {"device": args.device, "batch_size": args.batch_size,
              "local_files_only": False if args.allow_download else None}
    chosen = {name: value for name, value in chosen.items() if value is not None}
    if chosen and args.backend != "transformers":
        first = next(iter(chosen))
        flag = {"local_files_only": "allow-download"}.get(first, first.replace("_", "-"))
        raise InputError(f"--{flag} applies to the transformers backend only")
    return tuple(sorted(chosen.items()))


def _interrupted(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return {"segments": _segments, "batch": _batch}.get(args.command, _compare)(args)
    except InputError as exc:
        print(f"mtqa: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("mtqa: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _detach_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # the system refused a file operation: permissions, a name too long, a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"mtqa: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # a bug: one line for users, the traceback with MTQA_DEBUG=1
        if _interrupted(exc):  # Ctrl-C that a library turned into an error of its own (langdetect does)
            print("mtqa: interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
        if os.environ.get("MTQA_DEBUG"):
            raise
        print(f"mtqa: internal error: {type(exc).__name__}: {exc} (set MTQA_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
