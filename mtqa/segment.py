"""Sentence segmentation for English and Portuguese news text.

Each line is a paragraph, unless the text is wrapped: a run of lines of about one width, most of
them ending mid-sentence (text wrapped at 70 or 80 columns), is one paragraph, and so is a line
that stops short of a sentence's end when the next one goes on in lowercase ("sobre o" /
"desenvolvimento"). A blank line always ends a paragraph. Inside a paragraph, a sentence
ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets after it) when the
next word starts a sentence: a capital letter or a digit, possibly behind an opening quote.
An abbreviation (``U.S.``, ``Mr.``, ``Sra.``) or an initial (``Donald J. Trump``) does not end
a sentence. Scraped wire text also glues sentences together (``revisited.Read More``):
a period between a lowercase word and a capitalised one ends a sentence too. An HTML character
reference left in text from a web page (``&quot;``) ends or opens a sentence as its character would.
"""
from __future__ import annotations

import re

from .model import Segment
from .words import HTML_REFERENCE, LINE_BREAKS, visible

_ABBREVIATIONS = {
    "en": {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep",
        "lt", "col", "capt", "sgt", "cmdr", "adm", "rev", "hon", "pres", "no", "nos", "inc",
        "ltd", "co", "corp", "bros", "dept", "vs", "approx", "est", "fig", "vol",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    },
    "pt": {
        "sr", "sra", "srs", "sras", "srta", "dr", "dra", "drs", "prof", "profa", "exmo", "exma",
        "av", "n", "nº", "núm", "pág", "p", "pp", "cap", "art", "ltda", "cia", "dep", "gov",
        "gen", "cel", "ten", "sto", "sta", "vol", "jan", "fev", "mar", "abr", "mai", "jun",
        "jul", "ago", "set", "out", "nov", "dez",
        "st", "mr", "mrs", "ms", "jr",  # English titles kept in names: "St. Martin", "Martin Luther King Jr."
    },
}

_FILLER = "\x00"  # stands in for the rest of an HTML character reference: "&quot;" is cut as "\x00\x00\x00\x00\x00\""
_SENTENCE_END = re.compile(r"[.!?…]+[\x00\"'”’»)\]]*(?=\s)|(?<=[a-z]{2})[.!?](?=[A-Z][a-z])")
_OPENERS = "\x00\"'“‘«([—–-"
_WORD_BEFORE = re.compile(r"([^\s\"'“‘«(\[]+)$")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")  # U.S, U.K, a.m, E.U.A


def _starts_sentence(text: str, position: int) -> bool:
    rest = text[position:].lstrip()
    rest = rest.lstrip(_OPENERS)
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit())


def _is_abbreviation(text: str, end_of_word: int, abbreviations: set[str]) -> bool:
    """Whether the period at ``end_of_word`` belongs to an abbreviation rather than ending a sentence."""
    match = _WORD_BEFORE.search(text, 0, end_of_word)
    if not match:
        return False
    word = match.group(1)
    if _ACRONYM.match(word) or (len(word) == 1 and word.isupper()):
        return True
    return word.lower() in abbreviations


def _sentence_ends(line: str, abbreviations: set[str]) -> list[int]:
    ends = []
    for match in _SENTENCE_END.finditer(line):
        punctuation = match.group(0)
        glued = not line[match.end():match.end() + 1].isspace()
        if not glued and not _starts_sentence(line, match.end()):
            continue
        if punctuation[0] == "." and _is_abbreviation(line, match.start(), abbreviations):
            continue
        ends.append(match.end())
    return ends


_LINE = re.compile(f"[^{LINE_BREAKS}]+")
_ONE_LINE_BREAK = re.compile("[ \t]*(?:\r\n|[\r\n\x85\u2028\x0b])[ \t]*")  # not one that ends a paragraph
_ENDS_SENTENCE = re.compile(r"[.!?…:][\"'”’»)\]]*\s*$")
_WRAP_WIDTHS = (40, 120)  # text wrapped at a fixed width is this wide (news wraps at 60-80 columns)
_FULL_LINE = 0.75  # of the widest line: a line of wrapped text that goes on comes this close to it
_WRAPPED_LINES = (3, 1 / 3)  # full lines ending mid-sentence, at least so many and such a share: wrapped text
_LIST_ITEM = re.compile(r"[-*•]\s|\d+[.)]\s")  # a dash may open a clause: "– an accusation Tokyo denies"


def split_sentences(text: str, lang: str = "en", start: int = 0) -> list[Segment]:
    """Sentences of ``text[start:]`` as segments with offsets into ``text``, numbered from 0.

    A sentence that runs over a line break keeps it in its text (the segment is the text as written).
    """
    abbreviations = _ABBREVIATIONS.get(lang, _ABBREVIATIONS["en"])
    segments: list[Segment] = []
    for begin, end in _paragraphs(text, start):
        paragraph = _as_cut(text[begin:end])
        cuts = [0, *_sentence_ends(paragraph, abbreviations), len(paragraph)]
        for left, right in zip(cuts, cuts[1:]):
            piece = paragraph[left:right]
            stripped = piece.strip()
            if not stripped:
                continue
            first = begin + left + (len(piece) - len(piece.lstrip()))
            segments.append(Segment(len(segments), first, first + len(stripped), text[first:first + len(stripped)]))
    return segments


def _as_cut(paragraph: str) -> str:
    """The paragraph as sentence ends are found in it, one character for one so offsets hold: line breaks as
    spaces, an HTML character reference ("&quot;") as its character behind fillers the rules look through."""
    def character(match: re.Match) -> str:
        read = visible(match.group())
        return _FILLER * (len(match.group()) - 1) + read if len(read) == 1 else match.group()

    spaced = re.sub(f"[{LINE_BREAKS}]", " ", paragraph)
    return HTML_REFERENCE.sub(character, spaced) if "&" in spaced else spaced


def _paragraphs(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: lines joined where the text is wrapped or a sentence goes on."""
    lines = [(start + m.start(), start + m.end()) for m in _LINE.finditer(text[start:]) if m.group().strip()]
    width = _wrap_width([text[a:b].strip() for a, b in lines])
    paragraphs: list[tuple[int, int]] = []
    for previous, line in zip([None, *lines], lines):
        if previous and _ONE_LINE_BREAK.fullmatch(text, previous[1], line[0]) and _joins(
                text[previous[0]:previous[1]].strip(), text[line[0]:line[1]].strip(), width):
            paragraphs[-1] = (paragraphs[-1][0], line[1])
        else:
            paragraphs.append(line)
    return paragraphs


def _wrap_width(lines: list[str]) -> int | None:
    """The width the text is wrapped at, when it is: many lines of about the widest one's length end mid-sentence."""
    width = max(map(len, lines), default=0)
    if not _WRAP_WIDTHS[0] <= width <= _WRAP_WIDTHS[1]:
        return None
    going_on = sum(len(line) >= _FULL_LINE * width and not _ENDS_SENTENCE.search(line) for line in lines)
    return width if going_on >= max(_WRAPPED_LINES[0], _WRAPPED_LINES[1] * len(lines)) else None


def _joins(last: str, line: str, width: int | None) -> bool:
    """Whether ``line`` goes on with the paragraph whose last line is ``last``: that is a full line of wrapped
    text, or ``line`` goes on in lowercase. Where sentences end inside the paragraph is decided as in a line."""
    if _LIST_ITEM.match(line):
        return False
    opened = line.lstrip(_OPENERS)
    return (width is not None and len(last) >= _FULL_LINE * width) or bool(opened) and opened[0].islower()
