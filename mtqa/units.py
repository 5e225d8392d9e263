"""Translation units from localization files: XLIFF 1.2, XLIFF 2.0 and TMX, each unit with its id.

* XLIFF 1.2: ``file > body > (group >) trans-unit`` with ``source`` and ``target``; the languages
  come from ``file/@source-language`` and ``@target-language``.
* XLIFF 2.0: ``file > (group >) unit > segment`` with ``source`` and ``target``; a unit of several
  segments gives one unit per segment, its id ``unit/segment``; languages from ``xliff/@srcLang``
  and ``@trgLang``.
* TMX: ``body > tu > tuv[@xml:lang] > seg``; the source language is ``header/@srclang`` (or the one
  given), the target the other language of the unit.

Inline markup that wraps text (``<g>``, ``<mrk>``, ``<pc>``, ``<hi>``) keeps its text; native codes
(``<x/>``, ``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``, ``<sc/>``, ``<ec/>``) are left out, or read as the
text they declare (``equiv``, ``equiv-text``), and a placeholder or line break still parts the words
around it. A unit marked ``translate="no"``, itself or through its ``<group>`` or ``<file>``, is
skipped. In a file of several ``<file>`` elements each id is prefixed with its file's name (``id`` in
2.0), and files declaring different languages are refused, unless the run gives them: a run scores one
language pair, so the units of files declaring another language are then left out, with a warning. A unit
with no target (not yet translated) is kept with an empty target, which scores as an omission. Files are parsed with defusedxml; anything malformed is one ``InputError`` line naming the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

from .errors import InputError
from .safexml import XML_LANG, descendants, inline_text, local_name, parse_xml
from .termbase import language_code

_CODES = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em", "ut"})
_PLACEHOLDERS = frozenset({"x", "ph"})  # standalone codes: a variable, an image, a break, between words


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
    warnings: tuple[str, ...] = ()  # units left out, said once


def read_units(path: str, data: bytes, kind: str, source_lang: str | None = None,
               target_lang: str | None = None) -> UnitFile:
    root = parse_xml(path, data, "localization file")
    name = local_name(root.tag)
    if kind == "xliff" and name == "xliff":
        version = root.get("version", "")
        found_source, found_target = _xliff_languages(path, root, version, source_lang, target_lang)
        if version.startswith("2"):
            units, warnings = _xliff2(path, root), ()
        else:
            units, warnings = _xliff1(path, root, source_lang, target_lang)
        return _checked(UnitFile(path, units, source_lang or found_source, target_lang or found_target, warnings))
    if kind == "tmx" and name == "tmx":
        return _checked(_tmx(path, root, source_lang, target_lang))
    raise InputError(f"{path}: not a {kind.upper()} file (its root element is <{name}>)")


def _xliff1(path: str, root: Element, source_lang: str | None, target_lang: str | None
            ) -> tuple[tuple[Unit, ...], tuple[str, ...]]:
    """The units, and what was left out: where the <file> elements declare different languages and the run gives
    one, the units of the files declaring another (a package of pt and es files scored with --target-lang pt)."""
    found = _translatable(root, "trans-unit", "original")
    warnings = []
    for attribute, given, option in (("source-language", source_lang, "--source-lang"),
                                     ("target-language", target_lang, "--target-lang")):
        declared = _declared(root, attribute)
        if not given or len(set(declared.values())) < 2:
            continue
        others = sorted({lang for lang in declared.values() if lang != given})
        kept = [(unit, unit_id, file) for unit, unit_id, file in found if declared.get(file, given) == given]
        if not kept:
            raise InputError(f"{path}: its <file> elements declare the {attribute}s {', '.join(others)}; none is "
                             f"{given} ({option})")
        if len(kept) < len(found):
            warnings.append(f"{path}: left out {len(found) - len(kept)} of {len(found)} units, those of <file> "
                            f"elements whose {attribute} is {', '.join(others)}, not {given} ({option})")
        found = kept
    return tuple(_unit(unit_id, unit, f"{path}: trans-unit {unit_id} has no <source>")
                 for unit, unit_id, _ in found), tuple(warnings)


def _xliff2(path: str, root: Element) -> tuple[Unit, ...]:
    units = []
    for unit, unit_id, _ in _translatable(root, "unit", "id"):
        segments = [child for child in unit if local_name(child.tag) == "segment"]
        for index, segment in enumerate(segments, 1):
            segment_id = unit_id if len(segments) == 1 else f"{unit_id}/{segment.get('id') or index}"
            units.append(_unit(segment_id, segment, f"{path}: unit {unit_id} has a segment without <source>"))
    return tuple(units)


def _translatable(root: Element, name: str, file_name: str) -> list[tuple[Element, str, Element | None]]:
    """The ``name`` elements to translate, in document order, each with its id (its own, else its position
    among all ``name`` elements) and the ``<file>`` it is in.

    ``translate`` is inherited: a unit says it itself, else its nearest ``<group>`` or ``<file>`` that does.
    When the document has several files, whose unit ids need not differ, an id is prefixed with its
    ``<file>``'s ``file_name`` attribute (else the file's position) and "/".
    """
    files = {file: n for n, file in enumerate(descendants(root, "file"), 1)}
    found, number = [], 0
    stack: list[tuple[Element, str, str, Element | None]] = [(root, "yes", "", None)]
    while stack:
        element, translate, prefix, in_file = stack.pop()
        translate = element.get("translate") or translate
        if element in files:
            in_file = element
            if len(files) > 1:
                prefix = f"{element.get(file_name) or files[element]}/"
        if local_name(element.tag) == name:
            number += 1
            if translate != "no":
                found.append((element, prefix + (element.get("id") or str(number)), in_file))
            continue
        stack.extend((child, translate, prefix, in_file) for child in reversed(element) if isinstance(child.tag, str))
    return found


def _unit(unit_id: str, holder: Element, no_source: str) -> Unit:
    """The unit an element holds: its <source> and, once translated, its <target> (else an empty target)."""
    source, target = _first(holder, "source"), _first(holder, "target")
    if source is None:
        raise InputError(no_source)
    return Unit(unit_id, _text(source), _text(target) if target is not None else "")


def _text(element: Element) -> str:
    return inline_text(element, _CODES, _PLACEHOLDERS)


def _xliff_languages(path: str, root: Element, version: str, source_lang: str | None = None,
                     target_lang: str | None = None) -> tuple[str | None, str | None]:
    """The languages the file declares: XLIFF 2.0's on the root; 1.2's on each <file>, which must agree where
    they are declared and not given (a file without target-language, or with one the user overrides, is no conflict)."""
    if version.startswith("2"):
        source, target = root.get("srcLang"), root.get("trgLang")
        return (language_code(source) if source else None, language_code(target) if target else None)
    found = []
    for attribute, given in (("source-language", source_lang), ("target-language", target_lang)):
        declared = list(dict.fromkeys(_declared(root, attribute).values()))
        if len(declared) > 1 and not given:
            raise InputError(f"{path}: its <file> elements declare different {attribute}s ({', '.join(declared)}); "
                             f"mtqa scores one language pair a run: give --{attribute.split('-')[0]}-lang to score "
                             "one's units, or split the file")
        found.append(declared[0] if declared else None)
    return found[0], found[1]


def _declared(root: Element, attribute: str) -> dict[Element, str]:
    """The language each XLIFF 1.2 ``<file>`` that declares one declares in ``attribute``, in document order."""
    return {file: language_code(code) for file in descendants(root, "file") if (code := file.get(attribute))}


def _tmx(path: str, root: Element, source_lang: str | None, target_lang: str | None) -> UnitFile:
    header = next(iter(descendants(root, "header")), None)
    declared = header.get("srclang", "") if header is not None else ""
    source = source_lang or (language_code(declared) if declared and declared != "*all*" else None)
    units = []
    target = target_lang
    unlabelled = 0  # units whose variants say no language
    for number, tu in enumerate(descendants(root, "tu"), 1):
        variants, ambiguous = {}, set()
        for tuv in (child for child in tu if local_name(child.tag) == "tuv"):
            lang = language_code(tuv.get(XML_LANG) or tuv.get("lang") or "")
            seg = _first(tuv, "seg")
            unlabelled += not lang and seg is not None
            if lang and seg is not None and variants.setdefault(lang, text := _text(seg)) != text:
                ambiguous.add(lang)
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
        if lang := next((lang for lang in (source, target) if lang in ambiguous), None):
            raise InputError(f"{path}: translation unit {tu.get('tuid') or number} holds two different {lang} "
                             "texts (variants such as pt-BR and pt-PT); mtqa reads one per language: keep one")
        units.append(Unit(tu.get("tuid") or str(number), variants[source], variants.get(target or "", "")))
    if not units and unlabelled:
        raise InputError(f"{path}: no translation unit says its languages: its <tuv> elements have no xml:lang, "
                         "and mtqa tells source from target by it")
    if units and target is None:
        raise InputError(f"{path}: the translation units hold {source} text only, no translation; "
                         "to score them as untranslated, give the target language with --target-lang")
    return UnitFile(path, tuple(units), source, target)


def _checked(found: UnitFile) -> UnitFile:
    if not found.units:
        raise InputError(f"{found.path}: no translation units found")
    return found


def _first(element: Element, name: str) -> Element | None:
    return next((child for child in element if local_name(child.tag) == name), None)
