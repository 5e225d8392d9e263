"""The content words of a target sentence lined up, in order, with those of its source's translation.

Both sides are in the target language: the target sentence, and its aligned source sentence
machine-translated forward. Inflections and derivations of one word share a key, so
"monitoravam" lines up with "monitorando". The opcodes say where the two sides agree and where
they differ; a ``partial`` alignment whose words line up but for one difference is the
sentence's own source with a gap or a changed word, not a comparable report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..words import Token, fold, is_content_word, stem, tokens
from .base import Pair

_SHARED_PREFIX = 5
_MIN_SHARED = 4  # content words both sides have before a partial alignment can line up
_LINED_UP = 0.5  # share of words outside the largest difference that a partial alignment must share
_MIN_GAP = 3  # source words a single missing stretch must have
_REWORDED_SLACK = 2  # words by which the other differing stretches may differ in size, in all


# where a clause may begin: punctuation that is not inside a figure ("820,000"; "In 2019, the" breaks), or a word
# that opens one
_CLAUSE_OPENERS = {
    "en": "that|which|who|whose|while|although|though|but|and|as|because|after|before|when|where|whereas",
    "pt": "que|qual|quem|cujo|cuja|enquanto|embora|mas|porém|e|como|porque|pois|após|depois|antes|quando|onde",
}
_PUNCTUATION_BREAK = r"(?<!\d)[,;:(–—]|[,;:(–—](?!\d)|\)"
SENTENCE_END = ".!?\"'”’ "  # what a sentence may end with after its last word


def clause_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of the sentence's clauses, each from the break that opens it (a comma, a connective) to the next one."""
    openers = _CLAUSE_OPENERS.get(lang)
    pattern = _PUNCTUATION_BREAK + (rf"|(?<![,;:()–—])\s(?=(?:{openers})\s)" if openers else "")
    end = len(text.rstrip(SENTENCE_END))
    cuts = [0, *(m.start() for m in re.finditer(pattern, text[:end], flags=re.IGNORECASE)), end]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def word_key(word: str, lang: str) -> str:
    """Inflections and derivations of one word share a key: its stem, or its first letters when long."""
    folded = fold(word)
    return folded[:_SHARED_PREFIX] if len(folded) >= _SHARED_PREFIX + 2 else stem(word, lang)


def content_tokens(text: str, lang: str) -> list[Token]:
    return [t for t in tokens(text) if is_content_word(t.text, lang) and not any(ch.isdigit() for ch in t.text)]


@dataclass(frozen=True)
class Lineup:
    target: list[Token]  # content words of the target sentence
    forward: list[Token]  # content words of the best source's forward translation
    opcodes: list[tuple[str, int, int, int, int]]  # difflib's, reading target -> forward

    @property
    def shared(self) -> int:
        """Content words the two sides have in the same order."""
        return sum(i2 - i1 for op, i1, i2, _, _ in self.opcodes if op == "equal")

    def parallel_but_for_gaps(self) -> bool:
        """Whether the words outside the differences line up closely enough to call the rest a gap."""
        shared = self.shared
        differing = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in self.opcodes if op != "equal")
        largest = max((max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in self.opcodes if op != "equal"), default=0)
        return shared >= _MIN_SHARED and shared >= _LINED_UP * (shared + differing - largest)

    def parallel_but_for_one_omission(self) -> bool:
        """Whether one stretch of the source's words is missing and the rest is worded alike, size for size.

        A human translation rewords freely ("desafio" for "atormentado"), so its words often line up
        only in part; but where each differing stretch has as many words on both sides but one, it
        is a rewording, and a single stretch the target lacks stands out as a gap.
        """
        differences = [(j2 - j1) - (i2 - i1) for op, i1, i2, j1, j2 in self.opcodes if op != "equal"]
        if self.shared < _MIN_SHARED or not differences:
            return False
        gap = max(differences)
        rest = sum(abs(d) for d in differences) - gap
        return gap >= _MIN_GAP and rest <= _REWORDED_SLACK


def line_up(pair: Pair, lang: str) -> Lineup:
    target, forward = content_tokens(pair.text, lang), content_tokens(pair.best_forward, lang)
    matcher = SequenceMatcher(None, [word_key(t.text, lang) for t in target], [word_key(t.text, lang) for t in forward],
                              autojunk=False)
    return Lineup(target, forward, matcher.get_opcodes())
