"""The Python face of mtqa, for notebooks and scripts: the engine the CLI runs, models loaded once per process.

    >>> import glob, mtqa
    >>> report = mtqa.compare("corpora/tariff-talks/000_6fa9fa5c9c3eee7a.txt",
    ...                       sorted(glob.glob("corpora/tariff-talks/00[1-4]_*.txt")))
    >>> report.issues          # a pandas DataFrame, one row per issue
    >>> report                 # in a notebook: the review view, issues highlighted in place

Stories are given as paths or as ``Document`` objects (``mtqa.story(text)`` makes one from a string).
pandas and datasets are needed only for the tables: ``pip install 'mtqa[notebook]'``.
"""
from __future__ import annotations

import inspect
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, replace
from numbers import Integral
from os import PathLike
from pathlib import Path

from .errors import InputError
from .files import refuse_overwriting, write_atomically
from .formats import COMPARISON_FORMATS, write_comparison
from .html import review_fragment, to_html
from .model import SEVERITIES, Comparison, Document, Issue, RowResult, counted, severity_counts
from .pipeline import DETECT_ORIGINAL, Engine, Options, OriginalChoice, checked_options
from .read import Table, read_story, read_table, story_text
from .report import issue_dict, to_json

StoryLike = str | PathLike | Document

_engines: dict[Options, Engine] = {}


def engine(options: Options = Options()) -> Engine:
    """The engine for these options, built on first use and kept: later calls reuse its models and caches."""
    if options not in _engines:
        _engines[options] = Engine(options)
    return _engines[options]


def story(text: str, name: str = "<text>") -> Document:
    """A story from a string, as if read from a file called ``name``: checked as a file's text is."""
    if not isinstance(text, str):
        raise InputError(f"a story is text (a str), not {type(text).__name__}; for a file, give its path to compare")
    if not isinstance(name, str | PathLike):
        raise InputError(f"a story's name is a string (reports give it as the story's path), not {type(name).__name__}")
    return story_text(text, str(name))


def compare(target: StoryLike, sources: StoryLike | Iterable[StoryLike], *, source_lang: str | None = None,
            target_lang: str | None = None, termbase: str | PathLike | object | None = None,
            scorers: str | Sequence[str] | None = None, backend: str = "bergamot", model: str | None = None,
            original: StoryLike | int | None | OriginalChoice = DETECT_ORIGINAL, **backend_options: object) -> Report:
    """Compare a translated story with source stories: the same run as ``mtqa compare``.

    ``sources`` given as a set are taken in the order of their paths. ``original``: the source the target
    translates (one of ``sources``, as given, or its position), None when it translates none of them; by default
    it is told from the alignment. Against the other sources, which may report more or less, omissions and
    additions are only notes."""
    options = _options(source_lang, target_lang, scorers, backend, model, backend_options, compare)
    given = [sources] if isinstance(sources, str | PathLike | Document) else sources
    if isinstance(given, set | frozenset):
        given = sorted(given, key=_story_key)  # a set's order changes from one process to the next (salted hashes)
    elif isinstance(given, Iterable) and not isinstance(given, Sequence | bytes | dict):
        given = list(given)  # read once: an iterator would be spent by _documents
    position = original_position(original, given)
    documents = _documents(given)
    terms = load_termbase(termbase, options.source_lang, options.target_lang)
    return Report(engine(options).compare(_document(target), documents, terms, position))


def original_position(original: StoryLike | int | None | OriginalChoice, sources: object,
                      none_word: bool = False) -> int | None | OriginalChoice:
    """The position among ``sources`` (as given: paths or Documents) of the one named as the original; None for none
    of them (and, with ``none_word``, "none" when no source is so named), DETECT_ORIGINAL to tell it from the alignment."""
    if original is None or original is DETECT_ORIGINAL:
        return original
    if isinstance(original, Integral) and not isinstance(original, bool):
        return int(original)
    if isinstance(original, str | PathLike | Document) and isinstance(sources, Sequence):
        same = [n for n, source in enumerate(sources) if _same_story(source, original)]
        texts = {source.text if isinstance(source, Document) else None for source in (sources[n] for n in same)}
        if len(texts) > 1:  # Documents of one name ("<text>", as mtqa.story names them) that say different things
            raise InputError(f"the original {_named(original)!r} names {len(same)} different sources; "
                             "give it by position, or as the Document itself")
        if same:
            return same[0]  # the same story given twice is read once (pipeline._read_once)
        if none_word and original == "none":
            return None
        raise InputError(f"the original {_named(original)!r} is not one of the sources given; name one of them"
                         + (", or none" if none_word else ""))
    raise InputError("the original is one of the sources (a path, a Document or its position) or None; "
                     f"not {type(original).__name__}")


def _named(story: StoryLike) -> str:
    return story.path if isinstance(story, Document) else str(story)


def _same_story(source: object, named: StoryLike) -> bool:
    if isinstance(named, Document):
        return source is named
    if isinstance(source, Document):
        return source.path == str(named)
    if not isinstance(source, str | PathLike):
        return False
    if str(source) == str(named):
        return True
    try:
        return os.path.samefile(source, named)
    except (OSError, ValueError):
        return False


def segments(rows: str | PathLike | Iterable[tuple[str, str]], *, source_lang: str | None = None,
             target_lang: str | None = None, source_column: str = "source", target_column: str = "target",
             termbase: str | PathLike | object | None = None, scorers: str | Sequence[str] | None = None,
             backend: str = "bergamot", model: str | None = None, **backend_options: object) -> SegmentsReport:
    """Score pre-aligned (source, target) pairs: a table (TSV, CSV, JSONL), an XLIFF or TMX file, or an iterable
    of pairs (a set of them in sorted order): the same run as ``mtqa segments``."""
    options = _options(source_lang, target_lang, scorers, backend, model, backend_options, segments)
    if isinstance(rows, str | PathLike):
        table = read_table(str(rows), source_column, target_column, None, source_lang, target_lang)
    else:
        table = Table("<rows>", _pairs(rows))
    if not table.rows:
        raise InputError("no rows to score")
    results, source, target = score_table(table, options, termbase)
    return SegmentsReport(table.rows, tuple(results), source, target, table.warnings)


def score_table(table: Table, options: Options, termbase: str | PathLike | object | None = None,
                make_engine: Callable[[Options], Engine] = engine) -> tuple[list[RowResult], str, str]:
    """Score a table's rows, in the languages the options give, else the file declares, else detected;
    unit ids kept. Returns the results and the (source, target) languages."""
    options = replace(options, source_lang=options.source_lang or table.source_lang,
                      target_lang=options.target_lang or table.target_lang)
    runner = make_engine(options)
    source, target = runner.row_languages(table.rows)
    results = runner.segments(table.rows, source, target, load_termbase(termbase, source, target))
    if table.ids is not None:
        results = [replace(result, id=unit) for result, unit in zip(results, table.ids, strict=True)]
    return results, source, target


def batch(targets: str | PathLike, sources: str | PathLike, out: str | PathLike, *, top_k: int = 4,
          workers: int | None = None, cluster: str | None = None, source_lang: str | None = None,
          target_lang: str | None = None, termbase: str | PathLike | None = None,
          scorers: str | Sequence[str] | None = None, backend: str = "bergamot", model: str | None = None,
          **backend_options: object):
    """Score every story of ``targets`` against the pool ``sources``: the same run as ``mtqa batch``.
    Returns a ``BatchResult`` whose ``rows`` are the index table."""
    from .batching import run_batch

    for name, value, what in (("targets", targets, "a folder, a .jsonl manifest or a saved dataset"),
                              ("sources", sources, "a folder, a .jsonl manifest or a saved dataset"),
                              ("out", out, "the folder the batch writes its outputs to")):
        if not isinstance(value, str | PathLike):
            raise InputError(f"{name} is a path ({what}), not {value!r}")
    counts = {"top_k": top_k, **({"workers": workers} if workers is not None else {})}  # workers None: automatic
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{name} must be a whole number of at least 1, not {value!r}")
    if cluster is not None and not isinstance(cluster, str):
        raise InputError(f'cluster is a Dask scheduler address or "local", not {cluster!r}')
    options = _options(source_lang, target_lang, scorers, backend, model, backend_options, batch)
    return run_batch(str(targets), str(sources), str(out), options=options, top_k=top_k,
                     termbase=str(termbase) if termbase else None, workers=workers, cluster=cluster)


class Report:
    """One comparison, for exploring: tables of issues and segments, the review view, a Dataset."""

    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison

    @property
    def score(self) -> float:
        return self.comparison.scores["mqm"]

    @property
    def original(self) -> str | None:
        """The path of the source the target translates, as given or as told from the alignment; None when none is."""
        position = self.comparison.original
        return None if position is None else self.comparison.sources[position].path

    @property
    def issues(self):
        """One row per issue: where, what, how bad, the message and suggestion, and the aligned source."""
        sentences = {r.segment.index: r for r in self.comparison.segments}
        rows = []
        for number, issue in enumerate(self.comparison.issues):
            result = sentences[issue.segment]
            best = result.alignment.sources[0].text if result.alignment.sources else None
            rows.append({"issue": number, **_issue_row(issue), "sentence": result.segment.text,
                         "alignment": result.alignment.kind, "source": best})
        return _frame(rows, ["issue", *_ISSUE_COLUMNS, "sentence", "alignment", "source"])

    @property
    def segments(self):
        """One row per target sentence: its text and span, translation, alignment, scores and issue counts."""
        scores = {row["index"]: row for row in self.comparison.scores.get("segments", [])}
        rows = []
        for result in self.comparison.segments:
            segment, alignment = result.segment, result.alignment
            found = [i for i in self.comparison.issues if i.segment == segment.index]
            best = alignment.sources[0] if alignment.sources else None
            score = scores.get(segment.index, {})
            rows.append({
                "segment": segment.index, "start": segment.start, "end": segment.end, "text": segment.text,
                "lang": segment.lang, "translation": result.translation, "alignment": alignment.kind,
                "alignment_score": alignment.score, "source": best.text if best else None,
                "source_path": best.path if best else None, "sources": [s.text for s in alignment.sources],
                "mqm": score.get("mqm"), "penalty": score.get("penalty"), "words": score.get("words"),
                "round_trip_chrf": score.get("round_trip_chrf"), "issues": len(found),
                **severity_counts(i.severity for i in found),
            })
        return _frame(rows, list(rows[0]) if rows else ["segment"])

    def to_dataset(self):
        """The issues as a Hugging Face ``datasets.Dataset`` (evidence as JSON text)."""
        return _dataset(self.issues)

    def to_json(self) -> str:
        return to_json(self.comparison)

    def to_html(self) -> str:
        return to_html(self.comparison)

    def save(self, path: str | PathLike, format: str | None = None) -> Path:
        """Write the report in any format ``mtqa compare --format`` writes; by default the one its extension
        names (.json, .html or .htm, .csv, .tsv; anything else: the text table)."""
        if not isinstance(path, str | PathLike):
            raise InputError(f"save needs a file path, not {path!r}")
        refuse_overwriting(str(path), [self.comparison.target.path, *(s.path for s in self.comparison.sources)])
        path = Path(path)
        chosen = format or _FORMAT_OF_SUFFIX.get(path.suffix.lower(), "text")
        if chosen not in COMPARISON_FORMATS:
            raise InputError(f"unknown report format {chosen!r}; choose from {', '.join(COMPARISON_FORMATS)}")
        write_atomically(path, write_comparison(self.comparison, chosen))
        return path

    def _repr_html_(self) -> str:
        return review_fragment(self.comparison)

    def __repr__(self) -> str:
        c = self.comparison
        return (f"<mtqa.Report {c.target.path}: {counted(len(c.segments), 'sentence')}, "
                f"{counted(len(c.issues), 'issue')}, "
                f"MQM {c.scores.get('mqm', float('nan')):.1f}>")


class SegmentsReport:
    """Scored (source, target) rows: a table of rows and a table of issues."""

    def __init__(self, pairs: tuple[tuple[str, str], ...], results: tuple[RowResult, ...],
                 source_lang: str, target_lang: str, warnings: tuple[str, ...] = ()) -> None:
        self.pairs, self.results = pairs, results
        self.source_lang, self.target_lang = source_lang, target_lang
        self.warnings = warnings  # what reading the file left out ("mtqa segments" prints them)

    @property
    def segments(self):
        return _frame([
            {"row": r.row, "source": source, "target": target, "translation": r.translation, "score": r.score,
             "round_trip_chrf": r.round_trip_chrf, "issues": len(r.issues),
             **severity_counts(i.severity for i in r.issues)}
            for (source, target), r in zip(self.pairs, self.results)
        ], ["row", "source", "target", "translation", "score", "round_trip_chrf", "issues", *SEVERITIES])

    @property
    def issues(self):
        return _frame([{"row": r.row, **_issue_row(i)} for r in self.results for i in r.issues],
                      ["row", *_ISSUE_COLUMNS])

    def to_dataset(self):
        return _dataset(self.issues)

    def _repr_html_(self) -> str:
        return self.segments.to_html(max_rows=50)

    def __repr__(self) -> str:
        return (f"<mtqa.SegmentsReport {counted(len(self.results), 'row')}, "
                f"{counted(sum(len(r.issues) for r in self.results), 'issue')}>")


_ISSUE_COLUMNS = [f.name for f in fields(Issue)]


def _issue_row(issue: Issue) -> dict:
    row = issue_dict(issue)
    row["evidence"] = json.dumps(row["evidence"], ensure_ascii=False, sort_keys=True, default=str)
    return row


_NUMBERS = frozenset({"issue", "row", "segment", "start", "end"})  # the issue tables' integer columns


def _frame(rows: list[dict], columns: list[str]):
    """A DataFrame of ``rows``; with no rows its columns are typed as they are when it has some."""
    try:
        import pandas
    except ImportError:
        raise InputError("tables need pandas: pip install 'mtqa[notebook]'") from None
    frame = pandas.DataFrame(rows, columns=columns)
    return frame.astype({c: "int64" if c in _NUMBERS else "str" for c in columns}) if frame.empty else frame


def _dataset(frame):
    """The issues as a Dataset whose features are the same whether it holds issues or none."""
    try:
        import datasets
    except ImportError:
        raise InputError("to_dataset needs the datasets package: pip install 'mtqa[notebook]'") from None
    features = datasets.Features({c: datasets.Value("int64" if c in _NUMBERS else "string") for c in frame.columns})
    return datasets.Dataset.from_pandas(frame, features=features, preserve_index=False)


def _document(given: StoryLike) -> Document:
    if isinstance(given, Document):
        return given
    if isinstance(given, str | PathLike):
        named_alone = isinstance(given, str) and not any(mark in given for mark in "/\\")  # no folder in it
        # a line break, or a name longer than a file name can be (255 characters): text, not a path
        if isinstance(given, str) and ("\n" in given or named_alone and len(given) > 255):
            raise InputError(f"a story is a path or a Document, and {given[:40]!r}... reads as text, not a path; "
                             "for a story given as text, pass mtqa.story(text)")
        try:
            return read_story(str(given))
        except InputError as exc:
            if named_alone and " " in given:
                raise InputError(f"{exc}; for a story given as text, pass mtqa.story(text)") from None
            raise
    raise InputError(f"a story is a path or a Document, not {type(given).__name__}")


def _options(source_lang, target_lang, scorers, backend, model, backend_options, caller: Callable) -> Options:
    """The run's options; a keyword no function parameter and no backend has is a slip of the caller's."""
    from .translate import BACKEND_OPTIONS

    for name in backend_options:
        if not any(name in taken for taken in BACKEND_OPTIONS.values()):
            parameters = [p for p in inspect.signature(caller).parameters.values() if p.kind == p.KEYWORD_ONLY]
            raise InputError(f"{caller.__name__}() takes no argument {name!r}; it takes {', '.join(p.name for p in parameters)}, "
                             f"and the backend's options ({', '.join(BACKEND_OPTIONS.get(backend, ())) or 'none'})")
    return checked_options(backend=backend, model=model, source_lang=source_lang, target_lang=target_lang,
                           backend_options=backend_options, scorers=scorers)


_FORMAT_OF_SUFFIX = {".json": "json", ".html": "html", ".htm": "html", ".csv": "csv", ".tsv": "tsv"}


def _story_key(story: object) -> tuple[str, str]:
    """Where a set of sources puts a story: by path, then by text (stories given as text share a path)."""
    if isinstance(story, Document):
        return story.path, story.text
    return (os.fspath(story), "") if isinstance(story, str | PathLike) else (repr(story), "")


def _documents(given: StoryLike | Iterable[StoryLike]) -> list[Document]:
    """Source stories: several, or one given on its own (a path is one story, not the letters of one)."""
    if isinstance(given, str | PathLike | Document):
        return [_document(given)]
    if not isinstance(given, Iterable) or isinstance(given, bytes | dict):
        raise InputError(f"sources are paths or Documents, one or a list of them, not {type(given).__name__}")
    return [_document(story) for story in given]


def _pairs(rows: object) -> tuple[tuple[str, str], ...]:
    """(source, target) pairs of strings; anything else is refused, not scored as its printed form."""
    if not isinstance(rows, Iterable) or isinstance(rows, bytes | dict):
        raise InputError(f"rows are a table's path or (source, target) pairs, not {type(rows).__name__}")
    pairs = []
    for number, row in enumerate(rows):
        try:
            source, target = row if not isinstance(row, str | bytes | dict) else ()
        except (TypeError, ValueError):
            source = target = None
        if not isinstance(source, str) or not isinstance(target, str):
            raise InputError(f"row {number} is not a (source, target) pair of strings: {row!r:.60}")
        pairs.append((str(source), str(target)))
    return tuple(sorted(pairs)) if isinstance(rows, set | frozenset) else tuple(pairs)  # a set's order changes per process


def load_termbase(given, source_lang: str | None, target_lang: str | None):
    """A termbase from a path (TBX, CSV, TSV), or ``given`` itself when it is already one (or None)."""
    from .termbase import Termbase, read_termbase

    if given is None or isinstance(given, Termbase):
        return given
    if not isinstance(given, str | PathLike):
        raise InputError(f"a termbase is a file path (TBX, CSV, TSV) or a Termbase, not {type(given).__name__}")

    return read_termbase(str(given), source_lang, target_lang)
