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


def inline_text(element: Element, codes: frozenset[str]) -> str:
    """The text of a segment element as a reader sees it: the content of inline markup such as XLIFF ``<g>``
    or ``<mrk>`` kept, the native codes that ``codes`` names (``<ph>``, ``<bpt>``, ``<x/>``) left out."""
    parts = [element.text or ""]
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
            parts.append(child.tail or "")
    return "".join(parts)
