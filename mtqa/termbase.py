"""A termbase: approved (and forbidden) target-language terms for source-language terms.

Two formats are read:

* TBX (``.tbx``, ``.xml``): TBX v2 / TBX-Basic (``termEntry > langSet > tig|ntig > term``) and
  TBX v3 (``conceptEntry > langSec > termSec > term``), with or without namespaces. A term whose
  ``administrativeStatus`` or ``normativeAuthorization`` note says deprecated or superseded is
  forbidden; every other term is approved. The XML is parsed only with defusedxml: a file that
  declares entities (billion laughs, external entities) is refused, never expanded.
* CSV/TSV (``.csv``, ``.tsv``, ``.txt``): a header row naming languages by code (``en,pt``),
  optionally ``forbidden`` (forbidden target terms) and ``note``; ``|`` separates several terms
  in one cell. Blank lines and lines starting with ``#`` are skipped.

Language tags are reduced to their language (``pt-BR`` -> ``pt``). Without languages given, the
first language of the file is the source and the next one the target. Several source terms in
one entry (synonyms) become one ``TermEntry`` each.

Malformed input raises ``InputError`` with one line naming the file: unreadable, not UTF-8,
empty, bad XML, no language columns, a row with missing cells, a row without a source or
target term. A TBX concept that lacks the source or the target language is skipped with a note
in ``Termbase.warnings`` instead: multilingual termbases routinely cover some languages only.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from .errors import InputError
from .read import decode_story
from .safexml import XML_LANG, descendants, local_name, parse_xml

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
_RESERVED_COLUMNS = ("forbidden", "note")
_STATUS_TYPES = ("administrativeStatus", "normativeAuthorization")
_FORBIDDEN_STATUS = ("deprecated", "superseded", "notrecommended", "forbidden")


@dataclass(frozen=True)
class TermEntry:
    source: str
    approved: tuple[str, ...]  # empty only when the entry just forbids terms
    forbidden: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Termbase:
    source_lang: str
    target_lang: str
    entries: tuple[TermEntry, ...]
    name: str = field(default="", compare=False)  # the file it was read from
    warnings: tuple[str, ...] = field(default=(), compare=False)


# ISO 639-2 codes (terminology and bibliographic) of the languages mtqa names, where ISO 639-1 has a shorter one
# (localization files and users write "por" and "eng" too), and the withdrawn ISO 639-1 codes some tools still
# write, for the current ones ("iw" for Hebrew, as detection says "he").
_OTHER_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"} | {
    three: two for two, threes in (pair.split(":") for pair in """
af:afr ar:ara bg:bul bn:ben ca:cat cs:ces,cze cy:cym,wel da:dan de:deu,ger el:ell,gre en:eng es:spa et:est fa:fas,per
fi:fin fr:fra,fre gl:glg gu:guj he:heb hi:hin hr:hrv hu:hun id:ind it:ita ja:jpn kn:kan ko:kor lt:lit lv:lav mk:mkd,mac
ml:mal mr:mar ne:nep nl:nld,dut no:nor pa:pan pl:pol pt:por ro:ron,rum ru:rus sk:slk,slo sl:slv so:som sq:sqi,alb sv:swe
sw:swa ta:tam te:tel th:tha tl:tgl tr:tur uk:ukr ur:urd vi:vie zh:zho,chi""".split()) for three in threes.split(",")}


def language_code(tag: str) -> str:
    """The language of a tag: "pt-BR" -> "pt", "en_US" -> "en", "por" -> "pt"."""
    code = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return _OTHER_CODES.get(code, code)


def read_termbase(path: str, source_lang: str | None = None, target_lang: str | None = None) -> Termbase:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read termbase ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{path}: the termbase is empty")
    wanted = (language_code(source_lang) if source_lang else None,
              language_code(target_lang) if target_lang else None)
    suffix = Path(path).suffix.lower()
    if suffix in (".tbx", ".xml") or (suffix not in (".csv", ".tsv", ".txt") and data.lstrip()[:1] == b"<"):
        termbase = _read_tbx(path, data, *wanted)
    else:
        termbase = _read_table(path, data, *wanted)
    if not termbase.entries:
        raise InputError(f"{path}: no {termbase.source_lang}->{termbase.target_lang} term entries")
    return termbase


def _split(cell: str) -> tuple[str, ...]:
    return tuple(term.strip() for term in cell.split("|") if term.strip())


def _choose_languages(path: str, found: list[str], source: str | None, target: str | None) -> tuple[str, str]:
    for lang in (source, target):
        if lang and lang not in found:
            raise InputError(f"{path}: the termbase has no {lang!r} terms (it has {', '.join(found) or 'none'})")
    source = source or next((lang for lang in found if lang != target), None)
    target = target or next((lang for lang in found if lang != source), None)
    if not source or not target or source == target:
        raise InputError(f"{path}: a termbase needs terms in two languages (found {', '.join(found) or 'none'})")
    return source, target


def _read_table(path: str, data: bytes, source: str | None, target: str | None) -> Termbase:
    text = decode_story(data, path, "termbase")  # UTF-8, or UTF-16 with its byte-order mark, as a table is read
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise InputError(f"{path}: the termbase is empty")
    delimiter = "\t" if path.lower().endswith(".tsv") or "\t" in lines[0][1] else ","
    try:
        rows = [next(csv.reader([line], delimiter=delimiter)) for _, line in lines]  # one entry a line
    except csv.Error as exc:
        raise InputError(f"{path}: not a usable {'TSV' if delimiter == chr(9) else 'CSV'} termbase ({exc})") from None
    header = [cell.strip() for cell in rows[0]]
    columns = _columns(path, header)
    source, target = _choose_languages(path, [c for c in columns if c not in _RESERVED_COLUMNS], source, target)
    entries = []
    for (line_number, _), row in zip(lines[1:], rows[1:]):
        if len(row) != len(header):
            raise InputError(f"{path}:{line_number}: {len(row)} cells where the header has {len(header)}")
        cells = {name: row[index].strip() for name, index in columns.items()}
        sources, approved = _split(cells[source]), _split(cells[target])
        if not sources:
            raise InputError(f"{path}:{line_number}: no {source} term")
        if not approved:
            raise InputError(f"{path}:{line_number}: {sources[0]!r} has no {target} term")
        forbidden, note = _split(cells.get("forbidden", "")), cells.get("note", "")
        entries.extend(TermEntry(term, approved, forbidden, note) for term in sources)
    return Termbase(source, target, tuple(entries), path)


def _columns(path: str, header: list[str]) -> dict[str, int]:
    """Column name (a language code, "forbidden" or "note") -> index."""
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.lower() if name.lower() in _RESERVED_COLUMNS else language_code(name)
        if not (key in _RESERVED_COLUMNS or _LANGUAGE_TAG.fullmatch(name)):
            raise InputError(f"{path}:1: header column {name!r} is neither a language code nor forbidden/note")
        if key in columns:
            raise InputError(f"{path}:1: two columns for {key!r}")
        columns[key] = index
    return columns


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _read_tbx(path: str, data: bytes, source: str | None, target: str | None) -> Termbase:
    root = parse_xml(path, data, "termbase")
    concepts = []  # (id, note, {lang: [(term, forbidden)]})
    languages: list[str] = []
    if root.get(XML_LANG):  # TBX v2 names the main language on the root element
        languages.append(language_code(root.get(XML_LANG, "")))
    for concept in descendants(root, "termEntry", "conceptEntry"):
        terms: dict[str, list[tuple[str, bool]]] = {}
        for section in descendants(concept, "langSet", "langSec"):
            lang = language_code(section.get(XML_LANG) or section.get("lang") or "")
            for holder in descendants(section, "tig", "ntig", "termSec"):
                term = next((_text(e) for e in descendants(holder, "term") if _text(e)), "")
                status = " ".join(_text(e) for e in descendants(holder, "termNote") if e.get("type") in _STATUS_TYPES)
                if term:
                    terms.setdefault(lang, []).append((term, any(s in status.lower() for s in _FORBIDDEN_STATUS)))
            if lang and lang not in languages:
                languages.append(lang)
        notes = [e for e in descendants(concept, "note", "descrip")
                 if local_name(e.tag) == "note" or e.get("type") == "definition"]
        note = next((_text(e) for e in notes if _text(e)), "")
        concepts.append((concept.get("id", str(len(concepts) + 1)), note, terms))
    source, target = _choose_languages(path, languages, source, target)
    entries, warnings = [], []
    for concept_id, note, terms in concepts:
        sources = [term for term, forbidden in terms.get(source, []) if not forbidden]
        approved = tuple(term for term, forbidden in terms.get(target, []) if not forbidden)
        forbidden = tuple(term for term, forbidden in terms.get(target, []) if forbidden)
        if not sources or not (approved or forbidden):
            missing = source if not sources else target
            warnings.append(f"{path}: entry {concept_id} has no {missing} term; skipped")
            continue
        entries.extend(TermEntry(term, approved, forbidden, note) for term in sources)
    return Termbase(source, target, tuple(entries), path, tuple(warnings))
