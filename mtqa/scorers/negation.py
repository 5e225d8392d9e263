"""Dropped negations: the source says a thing is not so, the translation that it is.

A word-by-word comparison misses them: "aumentaria" for "would not raise" has every word of the
source's translation but "não", and a function word that is absent is nobody's issue. Here, where
the sentence translates its source (parallel, from the original story), the source negates (not,
never, no...; não, nunca, nem...) and so does its machine translation into the target language,
but neither the target nor the target's translation back negates, the sentence is reported on the
word the negation bears on: the one after it in the source's translation, found in the target.

Human translators often put a negation into a word ("not happy": "insatisfeita"; "não foi
identificada": "was unknown"; "não foi nenhuma surpresa": "hardly a surprise"): an English word of negative
make (un-, dis-, non-, -less; hardly, failed, lacks...) that the
English side has and the reference English text lacks clears the sentence. What is left is graded
by how closely the translation back words the source but for its negation: nearly as it is (chrF
``_MAJOR_FROM`` or more), the sentence says the opposite of its source, major; otherwise it is
reworded and the negation may be carried by other words ("ended in failure"), minor.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from sacrebleu.metrics import CHRF

from ..model import Issue
from ..words import Token, fold, is_content_word, tokens
from .base import Pair, Story, register

_NEGATIONS = {
    "en": frozenset("not never no none nobody nothing neither nor without cannot nowhere".split()),
    "pt": frozenset("não nunca jamais nem nenhum nenhuma nenhuns nenhumas ninguém nada sem tampouco".split()),
}
# a copula the negation bears on ("não foi aprovado": the target's "foi" marks the place), content word or not
_BE = {"pt": frozenset("é foi era será seria são foram eram serão está estava esteve estão estavam".split()),
       "en": frozenset("is was are were be been will would can could should".split())}
_NEGATIVE_MAKE = re.compile(r"^(?:un|dis|non)-?[a-z]{3,}$|^[a-z]{4,}less$"
                            r"|^(?:hardly|scarcely|barely|seldom|rarely|fail(?:s|ed|ure)?|lack(?:s|ed|ing)?)$")
# words of that make that negate nothing
_NOT_NEGATIVE = frozenset("until union unions united unity unit units unique universe universal university unless "
                          "uncle under underway discuss discussed discussion discussions display dispute disputes "
                          "distance district districts distribute distributed distribution dish dismissed".split())
_NEGATING_PREFIX = re.compile(r"^(?:in|im|ir|il|des|dis|un|non)-?(?P<rest>[^\W\d_]{4,})$")
_ONLY = frozenset({"so", "somente", "apenas", "only"})  # folded: "só"
_CONTRACTED = {"won't": "will", "can't": "can", "shan't": "shall"}
_MAJOR_FROM = 75.0  # chrF of the translation back against the source without its negation
_CHRF = CHRF()


def _word(token: Token) -> str:
    return token.lower.replace("\u2019", "'")


def _negating(words: list[Token], lang: str) -> list[int]:
    """Positions of the words that negate."""
    negations = _NEGATIONS.get(lang, frozenset())
    return [n for n, t in enumerate(words) if _word(t) in negations or (lang == "en" and _word(t).endswith("n't"))]


def _without_negation(words: list[Token], lang: str) -> str:
    negating = set(_negating(words, lang))
    kept = [_word(t) for n, t in enumerate(words) if n not in negating or _word(t).endswith("n't")]
    return " ".join(_CONTRACTED.get(w, w[:-3] if w.endswith("n't") else w) for w in kept)


def _in_a_word(words: list[Token], reference: list[Token], lang: str) -> bool:
    """A word of the text carries the negation: one of negative make the reference lacks ("unknown", "hardly"), a
    reference word with a negating prefix ("inconclusivos" for "não são conclusivos", "impossível"), or "only"
    ("só em março" for "not before March")."""
    said = {fold(_word(t)) for t in reference}
    stems = {w[:5] for w in said if len(w) >= 5}
    for token in words:
        word = fold(_word(token))
        if word in said or (len(word) >= 5 and word[:5] in stems):
            continue  # the reference's own word ("disclosed" where it says "did not disclose")
        if word in _ONLY:
            return True  # "só deve ser concluído em março" for "is not expected to close before March"
        if lang == "en" and _NEGATIVE_MAKE.match(word) and word not in _NOT_NEGATIVE:
            return True
        prefixed = _NEGATING_PREFIX.match(word)
        if prefixed and prefixed["rest"][:5] in stems:
            return True
    return False


@register("negation")
class NegationScorer:
    name = "negation"

    def score(self, pair: Pair, story: Story) -> list[Issue]:
        source_lang, target_lang = story.source_lang, story.target_lang
        if not pair.translates_source or not pair.translation.strip():
            return []
        forward = pair.best_forward
        source_words, forward_words = tokens(pair.best_source), tokens(forward)
        if not _negating(source_words, source_lang) or not (negated := _negating(forward_words, target_lang)):
            return []
        words, back_words = tokens(pair.text), tokens(pair.translation)
        if _negating(words, target_lang) or _negating(back_words, source_lang):
            return []
        if _in_a_word(words, forward_words, target_lang) or _in_a_word(back_words, source_words, source_lang):
            return []  # "unknown" for "não foi identificada": the negation is in a word
        found = next(((n, w) for n in negated for w in _bearing(forward_words, n, words, target_lang)), None)
        if found is None:
            return []
        at, target = found
        closeness = _CHRF.sentence_score(pair.translation, [_without_negation(source_words, source_lang)]).score
        severity = "major" if closeness >= _MAJOR_FROM else "minor"
        said = forward[forward_words[at].start:forward_words[min(at + 1, len(forward_words) - 1)].end]
        return [pair.issue(target.start, target.end, "accuracy/mistranslation", severity,
                           f"the source negates ({said!r} in its translation); the translation does not"
                           + (", so it says the opposite" if severity == "major" else ""), self.name,
                           suggestion=f"não {target.text}" if target_lang == "pt" and _word(forward_words[at]) == "não"
                           else None,
                           evidence={"rule": "dropped-negation", "source_translation": forward,
                                     "closeness_without_negation": round(closeness, 1)})]


def _bearing(forward_words: list[Token], at: int, words: list[Token], lang: str) -> Iterator[Token]:
    """The target's word for the one the negation bears on: of the first two content words (or copulas) after it
    in the source's translation ("não foi aprovado", "would not raise", "não vai aumentar"), the first the target
    has, spelt alike or with the same first five letters ("aumentaria", "aumentará")."""
    following = [w for w in forward_words[at + 1:at + 4] if is_content_word(w.text, lang) or w.lower in _BE.get(lang, ())]
    for candidate in following[:2]:  # "não vai aumentar": "aumentará"
        # accents kept: "é" is not "e", "está" not "esta"; a capitalised "São" is a name
        key = candidate.lower
        for n, word in enumerate(words):
            if n and word.text[0].isupper():
                continue
            other = word.lower
            if other == key or (len(key) >= 5 and len(other) >= 5 and fold(other)[:5] == fold(key)[:5]):
                yield word
                return
