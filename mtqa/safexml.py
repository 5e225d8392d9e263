"""XML from outside (XLIFF, TMX, TBX), parsed only through defusedxml.

A file that declares entities (billion laughs, external entities) is refused, never expanded;
a document type declaration alone (TMX files carry one) is allowed. Every failure is one
``InputError`` line naming the file.
"""
from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from .errors import InputError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse_xml(path: str, data: bytes, kind: str) -> Element:
    """The root element of ``data``; ``kind`` ("termbase", "XLIFF file") words the refusal."""
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    try:
        return SafeElementTree.fromstring(data)
    except DefusedXmlException as exc:
        raise InputError(f"{path}: refused: the XML declares entities ({type(exc).__name__}), "
                         f"which a {kind} never needs") from None
    except ParseError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc})") from None


def local_name(tag: object) -> str:
    """The tag without its namespace; comments and processing instructions have none."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def descendants(element: Element, *names: str) -> list[Element]:
    """Every element below (and including) ``element`` with one of these local names, in document order."""
    return [child for child in element.iter() if local_name(child.tag) in names]


_LINE_BREAK = frozenset({"lb", "xlf:lb"})  # XLIFF 1.2 ctype, XLIFF 2.0 subType


def inline_text(element: Element, codes: frozenset[str], placeholders: frozenset[str] = frozenset()) -> str:
    """The text of a segment element as a reader sees it: the content of inline markup such as XLIFF ``<g>``
    or ``<mrk>`` kept, the native codes that ``codes`` names (``<ph>``, ``<bpt>``, ``<x/>``) left out.

    A code that says what text it stands for (``equiv`` in XLIFF 2.0, ``equiv-text`` in 1.2) is that text.
    Otherwise leaving it out must not make an error the translator never wrote: a line break, or one of
    ``placeholders`` (standalone codes such as ``<ph>`` and ``<x/>``, which stand between words), parts the
    words on either side ("Linha um<x/>Linha dois" reads "Linha um Linha dois"), and a code between two
    spaces leaves one space, not two.
    """
    parts: list[str | int] = [element.text or ""]  # an int: a code left out, how it parts words (_JOINS...)
    stack = [(iter(element), "")]  # children still to read, and the tail that follows them: no recursion, any depth
    while stack:
        children, tail = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(tail)
        elif isinstance(child.tag, str) and local_name(child.tag) not in codes:
            parts.append(child.text or "")
            stack.append((iter(child), child.tail or ""))
        else:
            if isinstance(child.tag, str):
                equivalent = child.get("equiv") or child.get("equiv-text")
                parts.append(equivalent or (_BREAKS if (child.get("ctype") or child.get("subType")) in _LINE_BREAK
                                            else _PARTS_WORDS if local_name(child.tag) in placeholders else _JOINS))
            parts.append(child.tail or "")
    return _closed_gaps(parts)


# how a code left out parts the text around it: not at all (formatting: "<bpt/>bold<ept/>"), between two words
# (a placeholder: "Linha um<x/>Linha dois"), or always (a line break: "24%<x ctype='lb'/>tariff")
_JOINS, _PARTS_WORDS, _BREAKS = 0, 1, 2


def _closed_gaps(parts: list[str | int]) -> str:
    """The text with each run of left-out codes replaced by a space, or nothing, as the text around it needs:
    a space after a line break, between two word characters after a placeholder, and one space fewer between
    two spaces."""
    text: list[str] = []
    gap: int | None = None  # how the run of codes since the last text parts it: None for no run
    for part in parts:
        if isinstance(part, int):
            gap = max(part, gap or _JOINS)
            continue
        if gap is not None and part and text:
            before, after = text[-1][-1], part[0]
            if before.isspace() and after.isspace():
                part = part[1:]
            elif (gap == _BREAKS and not before.isspace() and not after.isspace()) or (
                    gap == _PARTS_WORDS and _word_character(before) and _word_character(after)):
                text.append(" ")
        if part:
            text.append(part)
            gap = None
    return "".join(text)


def _word_character(character: str) -> bool:
    return character.isalnum() or character == "_"
