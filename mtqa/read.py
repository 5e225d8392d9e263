"""Reading stories from files or stdin, keeping the text exactly as read."""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .model import Document

STDIN = "-"

# Wire exports sometimes open with a metadata prefix such as " date 2025-05-03 " before the prose.
_METADATA_PREFIX = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*(?:\r?\n)?")
# Control characters that never occur in prose; a file made of them is not a story.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode_story(data: bytes, name: str, what: str = "story") -> str:
    """UTF-8 text of ``data`` (a leading BOM dropped), or an InputError saying why not (``what`` the file should be)."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data, name)
    if b"\x00" in data:
        if encoding := _utf16_without_mark(data[:8192]):
            raise InputError(f"{name}: this looks like UTF-16 text without a byte-order mark; convert it to UTF-8 "
                             f"first, e.g. iconv -f {encoding} -t utf-8")
        raise InputError(f"{name}: this looks like a binary file, not a UTF-8 text {what}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise InputError(f"{name}: not valid UTF-8: the file ends inside a character (truncated?)") from None
        byte = data[exc.start]
        _check_prose(data.decode("latin-1"), name, what)  # random bytes are no text in any encoding
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{byte:02x} at offset {exc.start}); "
            f"convert it first, e.g. iconv -f {_single_byte_encoding(data)} -t utf-8"
        ) from None
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    _check_prose(text, name, what)
    return text


def _check_prose(text: str, name: str, what: str = "story") -> None:
    if "\x00" in text or len(_BINARY_CONTROLS.findall(text[:8192])) > 8:
        raise InputError(f"{name}: this looks like a binary file, not a UTF-8 text {what}")


def _single_byte_encoding(data: bytes) -> str:
    """The encoding to convert from: Windows-1252 where the text has bytes 0x80 to 0x9f, its curly quotes, dashes and
    euro sign, which are unprinted control characters in Latin-1 (converted as Latin-1, "\x93" would stay one)."""
    high_controls = {byte for byte in data if 0x80 <= byte <= 0x9f}
    return "cp1252" if high_controls and not high_controls & _UNDEFINED_IN_CP1252 else "latin1"


_UNDEFINED_IN_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")  # iconv refuses them: Latin-1 reads every byte


def _decode_utf16(data: bytes, name: str) -> str:
    """UTF-16 with a byte-order mark, as some Windows tools save text; the mark is dropped."""
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError:
        raise InputError(f"{name}: starts like UTF-16 but does not decode as UTF-16 (truncated?)") from None


_PRINTABLE = frozenset(b"\t\n\r" + bytes(range(0x20, 0x7f)) + bytes(range(0xa0, 0x100)))  # a Latin-1 letter's low byte too


def _utf16_without_mark(head: bytes) -> str | None:
    """"utf-16le" or "utf-16be" for mostly Latin text in UTF-16: every other byte is zero, and the bytes between
    are printable; else None (a program or an image has zeros on both sides, and control bytes)."""
    for encoding, zeros, text in (("utf-16be", head[0::2], head[1::2]), ("utf-16le", head[1::2], head[0::2])):
        if (zeros.count(0) > 0.4 * max(1, len(zeros)) and text.count(0) < 0.05 * max(1, len(text))
                and sum(b in _PRINTABLE for b in text) > 0.8 * max(1, len(text))):
            return encoding
    return None


class _KeyTwice(ValueError):
    """A JSON object that gives one key twice: JSON readers keep the last silently."""


def _once_each(pairs: list[tuple[str, object]]) -> dict:
    record = dict(pairs)
    if len(record) < len(pairs):
        raise _KeyTwice(next(key for n, (key, _) in enumerate(pairs) if key in dict(pairs[:n])))
    return record


def json_records(text: str, name: str) -> list[tuple[int, dict]]:
    """The objects of a JSON Lines text with their line numbers; blank lines skipped. A line that is not a JSON
    object, nests too deep, or holds a string UTF-8 cannot carry (a lone surrogate escape) is refused. Lines
    end at LF only (CR LF too), as JSON Lines says: U+2028 or U+0085 may stand unescaped inside a string."""
    records = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, object_pairs_hook=_once_each)
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except _KeyTwice as exc:
            raise InputError(f"{name}: line {number} gives {exc.args[0]!r} twice; which one is meant?") from None
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: line {number} is not JSON ({exc.msg})") from None
        except RecursionError:
            raise InputError(f"{name}: line {number} nests too deep") from None
        except UnicodeEncodeError:
            raise InputError(f"{name}: line {number} holds a lone surrogate escape (such as \\ud800), not text") from None
        except ValueError as exc:  # an integer of thousands of digits
            raise InputError(f"{name}: line {number} is not usable JSON ({str(exc).split(':')[0]})") from None
        if not isinstance(record, dict):
            raise InputError(f"{name}: line {number} is not a JSON object")
        records.append((number, record))
    return records


def story_from_text(text: str, path: str) -> Document:
    """A Document over ``text``, with any metadata prefix recorded and skipped by ``body_start``."""
    match = _METADATA_PREFIX.match(text)
    if not match:
        return Document(path=path, text=text)
    return Document(path=path, text=text, metadata=(("date", match.group(1)),), body_start=match.end())


def _read_bytes(path: str, stdin: BinaryIO | None, max_chars: int | None = None) -> tuple[bytes, str]:
    """The file's bytes; with ``max_chars``, a file too large to hold fewer characters is refused unread."""
    limit = None if max_chars is None else 4 * max_chars + 4  # UTF-8: at most 4 bytes a character, and a BOM
    if path == STDIN:
        if stdin is None and sys.stdin is None:
            raise InputError("<stdin>: standard input is closed")
        data = _read_up_to(stdin or sys.stdin.buffer, limit + 1 if limit else None)
        if limit and len(data) > limit:
            raise InputError(f"<stdin>: the story is over the limit of {max_chars:,} characters (--max-story-chars)")
        return data, "<stdin>"
    file = Path(path)
    try:
        if file.is_dir():
            raise InputError(f"{path}: is a directory, not a text file")
        size = file.stat().st_size
        if limit and size > limit:
            raise InputError(f"{path}: the story is over the limit of {max_chars:,} characters (--max-story-chars): "
                             f"the file alone is {size:,} bytes")
        return file.read_bytes(), path
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:  # permission denied on a folder above it, a name too long, ...
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


_CHUNK = 1 << 20


def _read_up_to(stream: BinaryIO, most: int | None) -> bytes:
    """At most ``most`` bytes of the stream, read a chunk at a time: a huge limit reserves no memory."""
    chunks, size = [], 0
    while most is None or size < most:
        chunk = stream.read(_CHUNK if most is None else min(_CHUNK, most - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_story(path: str, stdin: BinaryIO | None = None, max_chars: int | None = None) -> Document:
    """Read one story from ``path``, or from standard input when ``path`` is ``-``; with ``max_chars``, a file
    too large for that many characters is refused before it is read."""
    data, name = _read_bytes(path, stdin, max_chars)
    return _with_story(story_from_text(decode_story(data, name), name))


def story_text(text: str, name: str, max_chars: int | None = None) -> Document:
    """A story given as a string (a manifest's or a dataset's ``text``), checked as a file's text is."""
    if not text.strip():
        raise InputError(f"{name}: the story is empty")
    if max_chars is not None and len(text) > max_chars:
        raise InputError(f"{name}: the story is over the limit of {max_chars:,} characters (--max-story-chars)")
    _check_prose(text, name)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{name}: the story holds a lone surrogate ({text[exc.start]!r} at {exc.start}), not text") from None
    return _with_story(story_from_text(text, name))


def _with_story(document: Document) -> Document:
    body = document.text[document.body_start:]
    if not body.strip():
        raise InputError(f"{document.path}: holds metadata but no story text")
    if not any(ch.isalnum() for ch in body):
        raise InputError(f"{document.path}: the story has no words (only punctuation, symbols or invisible characters)")
    return document


TABLE_FORMATS = ("tsv", "csv", "jsonl")
ROW_FORMATS = (*TABLE_FORMATS, "xliff", "tmx")


@dataclass(frozen=True)
class Table:
    """Segment-aligned (source, target) rows, with the unit ids and languages a localization file declares."""

    path: str
    rows: tuple[tuple[str, str], ...]
    ids: tuple[str, ...] | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    warnings: tuple[str, ...] = ()  # what the reader left out, for the user to hear once


def read_table(path: str, source_column: str = "source", target_column: str = "target",
               input_format: str | None = None, source_lang: str | None = None, target_lang: str | None = None,
               stdin: BinaryIO | None = None) -> Table:
    """Rows from a TSV, CSV or JSONL table (by column), or the units of an XLIFF or TMX file."""
    kind = row_format(path if path != STDIN else "", input_format) if path != STDIN or input_format else "tsv"
    if kind in TABLE_FORMATS:
        return Table(path, tuple(read_rows(path, source_column, target_column, kind, stdin)))
    from .units import read_units

    for option, column, default in (("--source-column", source_column, "source"),
                                    ("--target-column", target_column, "target")):
        if column != default:  # refused, as --device is on a backend without devices, rather than let go unheard
            raise InputError(f"{option} applies to tables (TSV, CSV, JSONL); the units of an {kind.upper()} file "
                             "say which text is the source and which the target")
    data, name = _read_bytes(path, stdin)
    found = read_units(name, data, kind, source_lang, target_lang)
    return Table(name, tuple((u.source, u.target) for u in found.units), tuple(u.id for u in found.units),
                 found.source_lang, found.target_lang, found.warnings)


def _shortened(column: str, most: int = 40) -> str:
    """A column name as an error message quotes it: a whole line of text read as a header is cut short."""
    return repr(column if len(column) <= most else column[:most] + "…")


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__)


def row_format(path: str, given: str | None = None) -> str:
    """The table format: as given, else by the file's extension."""
    if given:
        return given
    if Path(path).is_dir():
        raise InputError(f"{path}: is a directory, not a table; give a file ({', '.join(ROW_FORMATS)})")
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("tsv", "tab", "txt"):
        return "tsv"
    if suffix in ("jsonl", "ndjson", "json"):
        return "jsonl"
    if suffix == "csv":
        return "csv"
    if suffix in ("xlf", "xliff", "sdlxliff", "mqxliff"):
        return "xliff"
    if suffix == "tmx":
        return "tmx"
    raise InputError(f"{path}: cannot tell the format from the extension; give --input-format ({', '.join(ROW_FORMATS)})")


def read_rows(path: str, source_column: str, target_column: str, input_format: str | None = None,
              stdin: BinaryIO | None = None) -> list[tuple[str, str]]:
    """(source, target) pairs from a TSV, CSV or JSONL table with a header (JSONL: one object per line)."""
    data, name = _read_bytes(path, stdin)
    text = decode_story(data, name)
    kind = row_format(path if path != STDIN else "", input_format) if path != STDIN or input_format else "tsv"
    if kind == "jsonl":
        records = json_records(text, name)
        columns = sorted({key for _, record in records for key in record})
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if kind == "tsv" else ",",
                                quoting=csv.QUOTE_NONE if kind == "tsv" else csv.QUOTE_MINIMAL)
        columns = list(reader.fieldnames or [])
        try:
            records = [(reader.line_num, record) for record in reader]  # the line the row ends on
        except csv.Error as exc:
            raise InputError(f"{name}: not a valid {kind.upper()} table ({exc})") from None
    if kind != "jsonl" and len(columns) < 2 and (source_column not in columns or target_column not in columns):
        first = _shortened(columns[0]) if columns else "empty"
        raise InputError(f"{name}: not a table: its first line ({first}) has no {'tab' if kind == 'tsv' else 'comma'} "
                         "between columns; mtqa segments reads source and target columns under a header (TSV, CSV, "
                         "JSONL) or XLIFF/TMX units, and mtqa compare reads a story and its sources")
    for column in (source_column, target_column):
        if columns.count(column) > 1:
            raise InputError(f"{name}: the header names column {column!r} {columns.count(column)} times; "
                             "which one holds the text?")
        if column not in columns:
            raise InputError(f"{name}: no column {column!r}; the columns are {', '.join(map(_shortened, columns)) or 'none'} "
                             "(choose with --source-column/--target-column)")
    rows = []
    for row, (line, record) in enumerate(records):
        where = f"{name}: row {row} (line {line})"  # rows count from 0, as the reports number them
        if kind != "jsonl" and (None in record or None in record.values()):
            cells = len(columns) + len(record.get(None, ())) - sum(value is None for value in record.values())
            if cells < len(columns):
                hint = "is a cell missing?"
            else:
                hint = "a tab inside a cell?" if kind == "tsv" else "a comma inside a cell that is not quoted?"
            raise InputError(f"{where} has {cells} cell{'s' * (cells != 1)} where the header has {len(columns)}; {hint}")
        for column in (source_column, target_column):
            if not isinstance(record.get(column), str):
                given = "no" if column not in record else f"{_json_kind(record[column])}, not text, in"
                raise InputError(f"{where} has {given} {column!r}; every row needs text there (\"\" for none)")
        rows.append((record[source_column], record[target_column]))
    if not rows:
        raise InputError(f"{name}: the table has a header but no rows")
    return rows
