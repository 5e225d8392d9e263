"""Translation units from localization files: XLIFF 1.2, XLIFF 2.0 and TMX, each unit with its id.

* XLIFF 1.2: ``file > body > (group >) trans-unit`` with ``source`` and ``target``; the languages
  come from ``file/@source-language`` and ``@target-language``.
* XLIFF 2.0: ``file > (group >) unit > segment`` with ``source`` and ``target``; a unit of several
  segments gives one unit per segment, its id ``unit/segment``; languages from ``xliff/@srcLang``
  and ``@trgLang``.
* TMX: ``body > tu > tuv[@xml:lang] > seg``; the source language is ``header/@srclang`` (or the one
  given), the target the other language of the unit.

Inline markup that wraps text (``<g>``, ``<mrk>``, ``<pc>``, ``<hi>``) keeps its text; native codes
(``<x/>``, ``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``, ``<sc/>``, ``<ec/>``) are left out. A unit with
no target (not yet translated) is kept with an empty target, which scores as an omission. Files
are parsed with defusedxml; anything malformed is one ``InputError`` line naming the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

from .errors import InputError
from .safexml import XML_LANG, descendants, inline_text, local_name, parse_xml
from .termbase import language_code

_CODES = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em", "ut"})


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str


@dataclass(frozen=True)
class UnitFile:
    path: str
    units: tuple[Unit, ...]
    source_lang: str | None
    target_lang: str | None


def read_units(path: str, data: bytes, kind: str, source_lang: str | None = None,
               target_lang: str | None = None) -> UnitFile:
    root = parse_xml(path, data, "localization file")
    name = local_name(root.tag)
    if kind == "xliff" and name == "xliff":
        version = root.get("version", "")
        units = _xliff2(path, root) if version.startswith("2") else _xliff1(path, root)
        found_source, found_target = _xliff_languages(root, version)
        return _checked(UnitFile(path, units, source_lang or found_source, target_lang or found_target))
    if kind == "tmx" and name == "tmx":
        return _checked(_tmx(path, root, source_lang, target_lang))
    raise InputError(f"{path}: not a {kind.upper()} file (its root element is <{name}>)")


def _xliff1(path: str, root: Element) -> tuple[Unit, ...]:
    units = []
    for number, unit in enumerate(descendants(root, "trans-unit"), 1):
        if unit.get("translate") == "no":
            continue
        unit_id = unit.get("id") or str(number)
        units.append(_unit(unit_id, unit, f"{path}: trans-unit {unit_id} has no <source>"))
    return tuple(units)


def _xliff2(path: str, root: Element) -> tuple[Unit, ...]:
    units = []
    for number, unit in enumerate(descendants(root, "unit"), 1):
        if unit.get("translate") == "no":
            continue
        unit_id = unit.get("id") or str(number)
        segments = [child for child in unit if local_name(child.tag) == "segment"]
        for index, segment in enumerate(segments, 1):
            segment_id = unit_id if len(segments) == 1 else f"{unit_id}/{segment.get('id') or index}"
            units.append(_unit(segment_id, segment, f"{path}: unit {unit_id} has a segment without <source>"))
    return tuple(units)


def _unit(unit_id: str, holder: Element, no_source: str) -> Unit:
    """The unit an element holds: its <source> and, once translated, its <target> (else an empty target)."""
    source, target = _first(holder, "source"), _first(holder, "target")
    if source is None:
        raise InputError(no_source)
    return Unit(unit_id, inline_text(source, _CODES), inline_text(target, _CODES) if target is not None else "")


def _xliff_languages(root: Element, version: str) -> tuple[str | None, str | None]:
    if version.startswith("2"):
        source, target = root.get("srcLang"), root.get("trgLang")
    else:
        first = next(iter(descendants(root, "file")), None)
        source = first.get("source-language") if first is not None else None
        target = first.get("target-language") if first is not None else None
    return (language_code(source) if source else None, language_code(target) if target else None)


def _tmx(path: str, root: Element, source_lang: str | None, target_lang: str | None) -> UnitFile:
    header = next(iter(descendants(root, "header")), None)
    declared = header.get("srclang", "") if header is not None else ""
    source = source_lang or (language_code(declared) if declared and declared != "*all*" else None)
    units = []
    target = target_lang
    for number, tu in enumerate(descendants(root, "tu"), 1):
        variants = {}
        for tuv in (child for child in tu if local_name(child.tag) == "tuv"):
            lang = language_code(tuv.get(XML_LANG) or tuv.get("lang") or "")
            seg = _first(tuv, "seg")
            if lang and seg is not None and lang not in variants:
                variants[lang] = inline_text(seg, _CODES)
        if not variants:
            continue
        source = source or next(iter(variants))
        if target is None:
            others = [lang for lang in variants if lang != source]
            if len(others) > 1:
                raise InputError(f"{path}: the translation units hold {source} and {', '.join(others)}; "
                                 "say which is the target with --target-lang")
            target = next(iter(others), None)
        if source not in variants:
            raise InputError(f"{path}: translation unit {tu.get('tuid') or number} has no {source} text")
        units.append(Unit(tu.get("tuid") or str(number), variants[source], variants.get(target or "", "")))
    return UnitFile(path, tuple(units), source, target)


def _checked(found: UnitFile) -> UnitFile:
    if not found.units:
        raise InputError(f"{found.path}: no translation units found")
    return found


def _first(element: Element, name: str) -> Element | None:
    return next((child for child in element if local_name(child.tag) == name), None)
