"""Mistranslated words: target words that neither direction of translation supports.

Forward: the aligned source sentences machine-translated into the target language; a target
word whose stem they contain says what the source says. Backward: the word translated on its
own into the source language (asked again as a list item, "- abacaxi", when the engine hands a
lone word back as it was); if the source has that word, or one close to it in meaning
(cross-lingual word embeddings), the target chose a synonym, which is not an error. A word
that fails both is a mistranslation ("velocidade" where the source says "levy"): major when
nothing in the source is near its meaning, minor when something is.

The slot a word fills is found by aligning the target's content words with those of the
forward translation: a target word that replaces forward-translation words between words both
share stands where the source said those words, and the forward translation from the first of
them to the last, as written, is the suggestion. On a
``partial`` alignment the source is a comparable report, not the original, and words with no
counterpart there are usually facts it does not report, so only words in such a slot are
checked, unless the aligner is sure the pair are counterparts (SURE_COUNTERPART), or the two
sentences' words line up but for one difference (the sentence's own source, with a word
changed): then a word unrelated to every source word is checked too, and reported as minor,
since it stands for no source words a reviewer could compare it with; where the words line up,
a word is a synonym only when as close to a source word as on a parallel pair. Another outlet's
sentence (``Pair.from_original`` false), even one the aligner calls parallel, is a comparable report
too: only words in a slot (or one word for one) are checked, as on a partial pair, and its wording
counts against a word only where it says the opposite. Adjacent flagged words are reported as one span.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import numpy as np

from ..model import Issue, Severity
from ..words import Token, expanded, fold, is_content_word, stem, tokens
from .base import WEAK_ALONE, Pair, Story, register
from .lineup import line_up

PARAPHRASE_FROM = 0.6  # cosine of word vectors at which two words mean about the same
UNRELATED_BELOW = 0.3  # cosine under which a word has nothing to do with any source word
_SHARED_PREFIX = 5  # letters two words must share to count as one word inflected or derived
_PLACEHOLDER = re.compile(r"#\w+#")
_MAX_SLOT = 3  # content words on either side of a substitution; longer differences are rewording
_LIST_ITEM = "- "  # a lone word the engine hands back as it was is asked again after this
# A word that is the source's translation with a negating prefix put on or taken off says the opposite
# ("Ligue" where the source's translation has "Desligue": turn on for turn off; "install" for "uninstall").
# Word vectors place such pairs close together, so the synonym test would let them go.
_NEGATING_PREFIXES = {"pt": ("des",), "en": ("un", "dis", "non")}
_MIN_REVERSED_STEM = 4  # letters the word must keep without its prefix ("desligue" -> "ligue")


@dataclass(frozen=True)
class Slot:
    words: tuple[str, ...]  # forward-translation content words the target word stands in for
    text: str  # the forward translation from the first of them to the last, as written
    enclosed: bool  # shared words on both sides
    one_for_one: bool  # one target word for one source word


@dataclass(frozen=True)
class Suspect:
    token: Token
    translation: str
    closest: str
    similarity: float
    slot: Slot | None
    both_ways: bool = True  # False: only the forward translation disagrees (the word's own translation was not checked)
    unplaced: bool = False  # on a partial alignment, no source words it stands in for: a minor issue at most
    reverses: str = ""  # the source translation's word it is with a negating prefix put on or taken off


def _supported(word: str, stems: set[str], lang: str) -> bool:
    parts = expanded(word, lang)
    if len(parts) > 1:  # a contraction says what its words say: "don't" for "do not"
        return all(_supported(part, stems, lang) for part in parts)
    key = stem(word, lang)
    if key in stems:
        return True
    folded = fold(word)
    return len(folded) >= _SHARED_PREFIX and any(
        len(s) >= _SHARED_PREFIX - 1 and folded[:_SHARED_PREFIX] == s[:_SHARED_PREFIX] for s in stems)


def _slots(words: list[Token], forward: tuple[str, ...], lang: str) -> dict[int, Slot]:
    """For target words that replace forward-translation words, those words (by target word start)."""
    target = [stem(t.text, lang) for t in words]
    slots: dict[int, Slot] = {}
    for sentence in forward:
        other = [t for t in tokens(sentence) if is_content_word(t.text, lang) and not any(c.isdigit() for c in t.text)]
        matcher = SequenceMatcher(None, target, [stem(t.text, lang) for t in other], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "replace" or i2 - i1 > _MAX_SLOT or j2 - j1 > _MAX_SLOT:
                continue
            slot = Slot(tuple(t.text for t in other[j1:j2]), sentence[other[j1].start:other[j2 - 1].end],
                        i1 > 0 and i2 < len(target), i2 - i1 == j2 - j1 == 1)
            for token in words[i1:i2]:
                if token.start not in slots or slot.enclosed and not slots[token.start].enclosed:
                    slots[token.start] = slot
    return slots


def _reverses(word: str, slot: Slot | None, lang: str) -> str:
    """The word of its slot that it is with a negating prefix put on or taken off
    (_NEGATING_PREFIXES: "Ligue" for "Desligue"); else ""."""
    folded = fold(word.lower())
    for other in slot.words if slot else ():
        longer, shorter = sorted((folded, fold(other.lower())), key=len, reverse=True)
        if len(shorter) >= _MIN_REVERSED_STEM and any(longer == prefix + shorter
                                                      for prefix in _NEGATING_PREFIXES.get(lang, ())):
            return other
    return ""


def _stems(texts: tuple[str, ...] | list[str], lang: str) -> set[str]:
    return {stem(w, lang) for text in texts for t in tokens(text) for w in {t.text, *expanded(t.text, lang)}}


def _translated_alone(words: list[str], story: Story) -> list[str]:
    """Each word translated on its own; asked again as a list item when the engine hands it back as it was.

    A lone word is the engine's weakest input: it returns "abacaxi" as "Abacaxi", yet "- abacaxi"
    as "- pineapple". Names come back unchanged both ways, so they stay names.
    """
    translations = story.translate(words, story.target_lang, story.source_lang)
    kept = [n for n, (word, translation) in enumerate(zip(words, translations)) if fold(translation.strip()) == fold(word)]
    if kept:
        retried = story.translate([f"{_LIST_ITEM}{words[n]}" for n in kept], story.target_lang, story.source_lang)
        for n, translation in zip(kept, retried):
            translation = translation.strip().removeprefix(_LIST_ITEM.strip()).strip()
            if translation and fold(words[n]) not in fold(translation):  # "- Ispibon - Ispibon" is still a name
                translations[n] = translation
    return translations


# Function words that negate, oppose or limit: where the source's translation has none of them, the sentence may say
# the opposite ("was not approved", "votou contra", "saiu sem o passaporte"), which sentence embeddings barely
# register; such a word stays an issue on its own where the other function words do not (mtqa.score, WEAK_ALONE).
_BEARING_MEANING = {
    "en": frozenset("no nor not cannot aren't against before after above below over under up down off only few more "
                    "most".split()),
    "pt": frozenset("nem sem contra só após até mais".split()),
}


def _bears_meaning(word: str, lang: str) -> bool:
    return word.lower() in _BEARING_MEANING.get(lang, frozenset())


def _left_as_written(words: tuple[str, ...], story: Story) -> bool:
    """Source words the engine kept in its translation though it translates them alone ("Quoted": "Citado");
    not words both languages spell alike ("hospital", "crime", "total")."""
    return all(fold(translation.strip(" .")) != fold(word)
               for word, translation in zip(words, story.translate(list(words), story.source_lang, story.target_lang)))


def _unlatin(word: str) -> bool:
    """Written in another script than the Latin one English and Portuguese share."""
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in word)


def _checkable(token: Token, text: str, lang: str, first: bool) -> bool:
    if not is_content_word(token.text, lang) or any(ch.isdigit() for ch in token.text):
        return False
    if _PLACEHOLDER.search(text[max(0, token.start - 1):token.end + 1]):
        return False
    return first or not token.text[0].isupper()  # capitalised words inside a sentence are the names scorer's


@dataclass
class _Check:
    """One pair's words under check, as far as the steps the story's pairs take together have brought them."""

    pair: Pair
    words: list[Token]
    forward: set[str]  # stems of the source's translation
    slots: dict[int, Slot]
    candidates: list[Token]  # the words neither direction has supported yet
    lined_up: bool
    source_words: list[str] = field(default_factory=list)  # the sources' content words, in lower case


@register("meaning")
class MeaningScorer:
    def score(self, pair: Pair, story: Story) -> list[Issue]:
        return self.score_all([pair], story)[0]

    def score_all(self, pairs: Sequence[Pair], story: Story) -> list[list[Issue]]:
        """The issues of each pair of a story. The pairs go through each step together: the encoder weighs the words
        of all of them in one call, and the engine gets them in one list. Each call has a fixed cost that a few words
        do not repay: the 60 NTREX stories' words took 5.8 s to encode a sentence at a time, 3.2 s so."""
        checks = [self._check(pair, story) for pair in pairs]
        suspects = self._suspects([check for check in checks if check], story)
        issues = []
        for check in checks:
            if check is None:
                issues.append([])
                continue
            found = suspects.get(id(check), [])
            if check.pair.kind == "parallel":
                found = self._with_disagreements(found, check.words, check.forward, check.slots, check.pair, story)
            issues.append(self._issues(check.pair, found, check.words, story.target_lang))
        return issues

    @staticmethod
    def _check(pair: Pair, story: Story) -> _Check | None:
        if not pair.sources or pair.kind == "none":
            return None
        words = tokens(pair.text)
        forward = _stems(pair.forward, story.target_lang)
        checkable = [n for n, t in enumerate(words) if _checkable(t, pair.text, story.target_lang, n == 0)]
        unsupported = [n for n in checkable if not _supported(words[n].text, forward, story.target_lang)]
        slots = _slots([words[n] for n in checkable], pair.forward, story.target_lang)
        lined_up = pair.kind == "partial" and line_up(pair, story.target_lang).parallel_but_for_gaps()
        if pair.kind == "partial" and not pair.sure_counterpart and not lined_up:
            unsupported = [n for n in unsupported if (slot := slots.get(words[n].start)) and slot.enclosed]
        elif not pair.from_original:  # another outlet's report may carry other details than the target
            unsupported = [n for n in unsupported
                           if (slot := slots.get(words[n].start)) and (slot.enclosed or slot.one_for_one)]
        return _Check(pair, words, forward, slots, [words[n] for n in unsupported], lined_up)

    @staticmethod
    def _with_disagreements(suspects: list[Suspect], words: list[Token], forward: set[str], slots: dict[int, Slot],
                            pair: Pair, story: Story) -> list[Suspect]:
        """On a parallel pair, words the source's translation words otherwise: weaker evidence, a minor issue.

        An independent translation of the source that does not use a word does not prove the word
        wrong, but it is where reviewers find literal renderings and register slips. One that is the
        translation's word with a negating prefix put on or taken off says the opposite: a major issue.
        Another outlet's sentence is not what the target translates: only such an opposite counts there.
        Function words alone ("os", "há") are a translator's choice: mtqa.score keeps them only where the
        sentence as a whole departs from its source. Not those that negate, oppose or limit ("not", "sem",
        "contra", "após", "only"): one the source's translation lacks may reverse the sentence, which its
        embedding barely registers.
        """
        flagged = {s.token.start for s in suspects}
        copied = {t.text for text in pair.sources for t in tokens(text)}
        others = []
        for n, t in enumerate(words):
            if (t.start in flagged or any(ch.isdigit() for ch in t.text) or (n > 0 and t.text[0].isupper())
                    or _PLACEHOLDER.search(pair.text[max(0, t.start - 1):t.end + 1])
                    or _supported(t.text, forward, story.target_lang) or (t.text in copied and _unlatin(t.text))):
                continue  # (a name or a quote in its own script, as the source gives it: "Avi Cohen (אבי כהן)")
            slot = slots.get(t.start)
            if slot and all(word in copied for word in slot.words) and _left_as_written(slot.words, story):
                slot = None  # the engine left the source's words as they were ('"Quoted"'): no wording to suggest
            reverses = _reverses(t.text, slot, story.target_lang)
            if reverses or pair.from_original:
                others.append(Suspect(t, "", "", 1.0, slot, both_ways=False, reverses=reverses))
        return sorted([*suspects, *others], key=lambda s: s.token.start)

    def _suspects(self, checks: list[_Check], story: Story) -> dict[int, list[Suspect]]:
        """The candidates of each check (by id) that neither their own translation nor a word close in meaning to
        a source word supports."""
        checks = [check for check in checks if check.candidates]
        for check in checks:
            check.source_words = sorted({t.text.lower() for s in check.pair.sources for t in tokens(s)
                                         if is_content_word(t.text, story.source_lang)})
        if story.embed is not None:
            # a word as close to a source word as a synonym is one, whatever its own translation says:
            # it is let go before the engine is asked (a lone word costs about what a sentence does)
            story.text_vectors([text for check in checks for text in self._weighed(check)])
            for check in checks:
                check.candidates = [token for token in check.candidates
                                    if self._nearest(token, token.text, check.source_words, check.slots, story)[1]
                                    < self._threshold(check, check.slots.get(token.start))]
        asked = [token.text for check in checks for token in check.candidates]
        translated = _translated_alone(asked, story)
        if story.embed is not None:
            story.text_vectors([translation.lower() for translation in translated])
        translations = iter(translated)
        found = {}
        for check in checks:
            source_stems = _stems(check.pair.sources, story.source_lang)
            in_context = _stems([check.pair.translation], story.source_lang)
            suspects = found[id(check)] = []
            for token in check.candidates:
                translation = next(translations)
                meant = [t.text for t in tokens(translation) if is_content_word(t.text, story.source_lang)]
                if not meant or any(_supported(w, source_stems, story.source_lang) for w in meant):
                    continue
                if not any(_supported(w, in_context, story.source_lang) for w in meant):
                    continue  # read otherwise in context ("Segundo autoridades": according to, not second)
                slot = check.slots.get(token.start)
                closest, similarity = self._nearest(token, translation.lower(), check.source_words, check.slots, story)
                if similarity < self._threshold(check, slot):
                    unplaced = check.pair.kind == "partial" and not (slot and slot.enclosed)
                    suspects.append(Suspect(token, translation, closest, similarity, slot, unplaced=unplaced))
        return found

    @staticmethod
    def _weighed(check: _Check) -> list[str]:
        """The texts whose vectors tell a check's candidates from synonyms of source words."""
        slot_words = [w.lower() for token in check.candidates if (slot := check.slots.get(token.start))
                      for w in slot.words]
        return [*check.source_words, *slot_words,
                *(text for token in check.candidates for text in (token.text, token.text.lower()))]

    @staticmethod
    def _threshold(check: _Check, slot: Slot | None) -> float:
        # on a comparable source only a clear substitution counts: one word for one, or an unrelated one
        pair = check.pair
        return (PARAPHRASE_FROM if pair.translates_source or check.lined_up or (slot and slot.one_for_one)
                else UNRELATED_BELOW)

    def _nearest(self, token: Token, translation: str, source_words: list[str], slots: dict[int, Slot],
                 story: Story) -> tuple[str, float]:
        """The source word closest in meaning to the word or its translation, or to the word in its slot."""
        closest, similarity = self._closest(token.text, translation, source_words, story)
        if slot := slots.get(token.start):
            in_slot, slot_similarity = self._closest(token.text, token.text.lower(), list(slot.words), story)
            if slot_similarity > similarity:
                closest, similarity = in_slot, slot_similarity
        return closest, similarity

    @staticmethod
    def _closest(word: str, translation: str, source_words: list[str], story: Story) -> tuple[str, float]:
        if story.embed is None or not source_words:
            return "", 0.0
        texts = [w.lower() for w in source_words]
        vectors = story.text_vectors([*texts, translation, word])
        matrix = np.stack([vectors[w] for w in texts])
        similarities = np.maximum(matrix @ vectors[translation], matrix @ vectors[word])
        best = int(np.argmax(similarities))
        return source_words[best], float(similarities[best])

    @staticmethod
    def _issues(pair: Pair, suspects: list[Suspect], words: list[Token], lang: str) -> list[Issue]:
        issues: list[Issue] = []
        position = {t.start: n for n, t in enumerate(words)}
        groups: list[list[Suspect]] = []
        for suspect in suspects:
            if (groups and position[suspect.token.start] == position[groups[-1][-1].token.start] + 1
                    and suspect.both_ways == groups[-1][-1].both_ways and not suspect.reverses
                    and not groups[-1][-1].reverses):
                groups[-1].append(suspect)
            else:
                groups.append([suspect])
        for group in groups:
            start, end = group[0].token.start, group[-1].token.end
            similarity = min(s.similarity for s in group if s.both_ways) if any(s.both_ways for s in group) else 1.0
            unplaced = all(s.unplaced for s in group if s.both_ways)
            severity: Severity = "major" if similarity < UNRELATED_BELOW and not unplaced else "minor"
            if not any(s.both_ways for s in group):
                slot = next((s.slot for s in group if s.slot), None)
                if group[0].reverses:
                    issues.append(pair.issue(start, end, "accuracy/mistranslation", "major",
                                             f"mistranslation: {group[0].token.text!r} where the source's translation "
                                             f"has {group[0].reverses!r}: with the prefix put on or taken off, it says "
                                             "the opposite", "meaning", suggestion=group[0].reverses,
                                             evidence={"forward": list(pair.forward)}))
                    continue
                message = "the source's machine translation words this otherwise" + (
                    f": {slot.text!r}" if slot else "")
                weak = not any(is_content_word(s.token.text, lang) or _bears_meaning(s.token.text, lang) for s in group)
                issues.append(pair.issue(start, end, "accuracy/mistranslation", "minor", message, "meaning",
                                         suggestion=slot.text if slot else None,
                                         evidence={"basis": "forward translation only", "forward": list(pair.forward),
                                                   **({WEAK_ALONE: True} if weak else {})}))
                continue
            meant = ", ".join(f"{s.token.text!r} ~ {s.translation!r}" for s in group if s.both_ways)
            closest = group[0].closest
            slot = next((s.slot for s in group if s.slot), None)
            suggestion = slot.text if slot else None
            message = (f"mistranslation: {meant} is not what the source says"
                       + (f"; the source's translation has {suggestion!r} here" if suggestion else
                          f" (closest source word: {closest!r})" if closest else ""))
            issues.append(pair.issue(start, end, "accuracy/mistranslation", severity, message, "meaning",
                                     suggestion=suggestion,
                                     evidence={"back_translation": [s.translation for s in group],
                                               "closest_source_word": closest,
                                               "similarity": round(similarity, 3)}))
        return issues
