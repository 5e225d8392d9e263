"""Omissions and additions on parallel alignments: content one side has and the other lacks.

The content words of the target and of the source's forward translation (same language) are
aligned in order. A stretch of forward-translation words with nothing in the target opposite
(or far more than the target has there) is content the target left out, if the source's own
words for it are missing from the target's back-translation as well; it is reported at the
point of the target where it would go, after the last word the two share. An addition is the
mirror image: target words with nothing opposite in the forward translation, whose
back-translation the source lacks. Single words are the meaning scorer's; a stretch of
``_MAJOR_FROM`` content words or more is a major issue, a shorter one minor.
"""
from __future__ import annotations

from difflib import SequenceMatcher

from ..model import Issue, Severity
from ..words import Token, fold, is_content_word, stem, tokens
from .base import Pair, Story, register

_MIN_OMITTED = 2  # content words in a stretch before it counts as omitted
_MIN_ADDED = 3
_MAJOR_FROM = 4
_SHARED_PREFIX = 5


def _key(word: str, lang: str) -> str:
    """Inflections and derivations of one word share a key: its stem, or its first letters when long."""
    folded = fold(word)
    return folded[:_SHARED_PREFIX] if len(folded) >= _SHARED_PREFIX + 2 else stem(word, lang)


def _content(text: str, lang: str) -> list[Token]:
    return [t for t in tokens(text) if is_content_word(t.text, lang) and not any(ch.isdigit() for ch in t.text)]


def _unmatched_share(text: str, other: str, lang: str) -> int:
    """How many content words of ``text`` have no key in ``other``."""
    keys = {_key(t.text, lang) for t in tokens(other)}
    return sum(_key(t.text, lang) not in keys for t in _content(text, lang))


@register("omission")
class OmissionScorer:
    def score(self, pair: Pair, story: Story) -> list[Issue]:
        if pair.kind != "parallel" or not pair.forward:
            return []
        lang = story.target_lang
        target, forward = _content(pair.text, lang), _content(pair.forward[0], lang)
        source_lacks = _unmatched_share(pair.translation, pair.sources[0], story.source_lang)
        back_lacks = _unmatched_share(pair.sources[0], pair.translation, story.source_lang)
        matcher = SequenceMatcher(None, [_key(t.text, lang) for t in target], [_key(t.text, lang) for t in forward],
                                  autojunk=False)
        issues = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            omitted, added = (j2 - j1) - (i2 - i1), (i2 - i1) - (j2 - j1)
            # opcodes read target -> forward: "insert" is forward content the target lacks, "delete" the reverse
            if op in ("insert", "replace") and omitted >= _MIN_OMITTED and back_lacks >= omitted:
                point = target[i1 - 1].end if i1 > 0 else (target[0].start if target else 0)
                issues.append(self._omission(pair, point, pair.forward[0][forward[j1].start:forward[j2 - 1].end],
                                             j2 - j1))
            elif op in ("delete", "replace") and added >= _MIN_ADDED and source_lacks >= added:
                issues.append(self._addition(pair, target[i1].start, target[i2 - 1].end, i2 - i1))
        return issues

    @staticmethod
    def _severity(count: int) -> Severity:
        return "major" if count >= _MAJOR_FROM else "minor"

    def _omission(self, pair: Pair, point: int, missing: str, count: int) -> Issue:
        return pair.issue(point, point, "accuracy/omission", self._severity(count),
                          f"omission: the source says {missing!r} (as machine-translated) and the target does not",
                          "omission", suggestion=missing,
                          evidence={"missing": missing, "content_words": count, "forward": pair.forward[0]})

    def _addition(self, pair: Pair, start: int, end: int, count: int) -> Issue:
        return pair.issue(start, end, "accuracy/addition", self._severity(count),
                          f"addition: {pair.text[start:end]!r} has no counterpart in the source", "omission",
                          evidence={"content_words": count, "forward": pair.forward[0]})
