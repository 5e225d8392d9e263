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

from sacrebleu.metrics import CHRF

from ..model import Issue
from ..words import fold, is_content_word, tokens
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
_MAJOR_FROM = 75.0  # chrF of the translation back against the source without its negation
_CHRF = CHRF()


def _negating(text: str, lang: str) -> list[int]:
    """Positions (in ``tokens``) of the words that negate."""
    words = _NEGATIONS.get(lang, frozenset())
    return [n for n, t in enumerate(tokens(text)) if t.lower in words or (lang == "en" and t.lower.endswith("n't"))]


def _without_negation(text: str, lang: str) -> str:
    kept = [t.text for n, t in enumerate(tokens(text)) if n not in set(_negating(text, lang))]
    return " ".join(w[:-3] if lang == "en" and w.lower().endswith("n't") else w for w in kept)


@register("negation")
class NegationScorer:
    name = "negation"

    def score(self, pair: Pair, story: Story) -> list[Issue]:
        source_lang, target_lang = story.source_lang, story.target_lang
        if not pair.translates_source or not pair.translation.strip():
            return []
        source, forward = pair.best_source, pair.best_forward
        if not _negating(source, source_lang) or not (negated := _negating(forward, target_lang)):
            return []
        if _negating(pair.text, target_lang) or _negating(pair.translation, source_lang):
            return []
        english, reference = (pair.translation, source) if source_lang == "en" else (pair.text, forward)
        if target_lang != "en" and source_lang != "en":
            return []
        reference_words = {fold(t.lower) for t in tokens(reference)}
        if any(_NEGATIVE_MAKE.match(fold(t.lower)) and fold(t.lower) not in reference_words for t in tokens(english)):
            return []  # "unknown" for "não foi identificada": the negation is in a word
        words, forward_words = tokens(pair.text), tokens(forward)
        target = next((w for n in negated for w in _bearing(forward_words, n, words, target_lang)), None)
        if target is None:
            return []
        closeness = _CHRF.sentence_score(pair.translation, [_without_negation(source, source_lang)]).score
        severity = "major" if closeness >= _MAJOR_FROM else "minor"
        said = forward[forward_words[negated[0]].start:forward_words[min(negated[0] + 1, len(forward_words) - 1)].end]
        return [pair.issue(target.start, target.end, "accuracy/mistranslation", severity,
                           f"the source negates ({said!r} in its translation); the translation does not"
                           + (", so it says the opposite" if severity == "major" else ""), self.name,
                           suggestion=f"{forward_words[negated[0]].text} {target.text}" if target_lang == "pt" else None,
                           evidence={"rule": "dropped-negation", "source_translation": forward,
                                     "closeness_without_negation": round(closeness, 1)})]


def _bearing(forward_words, at: int, words, lang: str):
    """The target's word for the one the negation bears on: the first content word after it in the source's
    translation ("não foi aprovado", "would not raise"), if the target has it, spelt alike or with the same first
    five letters ("aumentaria", "aumentará")."""
    following = next((w for w in forward_words[at + 1:at + 4] if is_content_word(w.text, lang) or w.lower in _BE.get(lang, ())),
                     None)
    if following is not None:
        key = fold(following.lower)
        for word in words:
            other = fold(word.lower)
            if other == key or (len(key) >= 5 and len(other) >= 5 and other[:5] == key[:5]):
                yield word
                return
