"""Sentence segmentation for English and Portuguese news text.

Each line is a paragraph and no sentence crosses a line break. Inside a line, a sentence
ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets after it) when the
next word starts a sentence: a capital letter or a digit, possibly behind an opening quote.
An abbreviation (``U.S.``, ``Mr.``, ``Sra.``) or an initial (``Donald J. Trump``) does not end
a sentence. Scraped wire text also glues sentences together (``revisited.Read More``):
a period between a lowercase word and a capitalised one ends a sentence too.
"""
from __future__ import annotations

import re

from .model import Segment

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

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|(?<=[a-z]{2})[.!?](?=[A-Z][a-z])")
_OPENERS = "\"'“‘«([—–-"
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


def split_sentences(text: str, lang: str = "en", start: int = 0) -> list[Segment]:
    """Sentences of ``text[start:]`` as segments with offsets into ``text``, numbered from 0."""
    abbreviations = _ABBREVIATIONS.get(lang, _ABBREVIATIONS["en"])
    segments: list[Segment] = []
    for line in re.finditer(r"[^\r\n]+", text[start:]):
        line_start = start + line.start()
        cuts = [0, *_sentence_ends(line.group(0), abbreviations), len(line.group(0))]
        for left, right in zip(cuts, cuts[1:]):
            piece = line.group(0)[left:right]
            stripped = piece.strip()
            if not stripped:
                continue
            begin = line_start + left + (len(piece) - len(piece.lstrip()))
            segments.append(Segment(len(segments), begin, begin + len(stripped), stripped))
    return segments
