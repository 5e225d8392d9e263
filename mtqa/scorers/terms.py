"""Terminology: a termbase's approved terms, and terms the sources use consistently.

With a termbase (``story.termbase``, languages matching the story's): when an aligned source
sentence has an entry's source term, the target segment must have an approved translation, in
any inflection ("medidas não tarifárias" for "non-tariff measures"). When it does not, the words
that stand in its place are found, in order:

1. Words of the approved term (two of them when it has several), or, failing that, words whose
   own translation into the source language is that of an approved word, close together in one
   clause. Where they stand as the term's own words would, the term-long run of words is the
   place ("medidas não" of "medidas não tarifárias" -> "medidas não guardianas"); otherwise the
   words from the first to the last ("econômica e de segurança" for "segurança econômica").
2. The term as the aligned source's machine translation has it: the target words between the
   same neighbours ("uma tarifa de 25%" -> "uma velocidade de 25%"), when the neighbours pin the
   place down and the words are not the translation of another part of the source.

Otherwise the whole segment is reported, when the term is in the best source of a ``parallel``
alignment only: on a ``partial`` one, or in a further source, a term the target does not locate
is usually a fact it does not report. A forbidden term is reported wherever the entry's source
term is aligned, and anywhere at all when it has several words ("chip de barganha" means one
thing only). Of overlapping issues the longest source term's is kept.

Without a termbase, recurring source phrases (2-3 content words in two or more source
sentences: "non-tariff measures", "trade deficit") are checked against their machine
translation. Only a target that keeps the head noun and part of a modifier of two or more words
but swaps another word ("medidas não guardianas" for "medidas não pautais") gets a minor issue,
and not when the swapped word's own translation supports the source ("medidas não tarifárias":
"tarifárias" -> "tariffs"), which is a correct translation in other words. A one-word modifier
changed outright is as often a synonym as an error ("discussões específicas" for "concrete
discussions"), and capitalised phrases are names and titles, left to the names scorer and the
termbase, so both are left alone.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..model import Issue
from ..termbase import Termbase, TermEntry
from ..termmatch import find_term, head_word, inflect, looks_plural, parts, singular, word_forms
from ..words import Token, fold, is_content_word, is_function_word, tokens
from .base import Pair, Story, register

_ALIGNED = ("parallel", "partial")
_HEAD_FIRST = frozenset({"pt", "es", "fr", "it", "ca", "gl", "ro"})  # languages whose noun comes before its modifiers
_REPORTING = {"en": frozenset("said says say told tells added asked according".split()),
              "pt": frozenset("disse diz dizem disseram afirmou afirma".split())}  # glue names into recurring pairs
_CLEAN_GAP = re.compile(r"[\s\-‐‑]*")
_CONTEXT = 2  # neighbour words compared on each side of a term


@dataclass(frozen=True)
class Slot:
    """Target words that stand where an approved term should be."""

    start: int
    end: int
    approved: str  # the approved alternative they resemble most


@register("terms")
class TermsScorer:
    def score(self, pair: Pair, story: Story) -> list[Issue]:
        termbase = story.termbase
        issues: list[Issue] = []
        covered: list[tuple[int, tuple[int, int]]] = []  # source spans a termbase entry already speaks for
        languages = (story.source_lang, story.target_lang)
        if isinstance(termbase, Termbase) and (termbase.source_lang, termbase.target_lang) == languages:
            issues, covered = _termbase_issues(pair, story, termbase)
        if pair.kind in _ALIGNED:
            for issue in _proposals(pair, story, covered):
                if not any(_overlap((issue.start, issue.end), (i.start, i.end)) for i in issues):
                    issues.append(issue)
        return sorted(issues, key=lambda i: (i.start, i.end))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- the termbase -------------------------------------------------------------------------


def _termbase_issues(pair: Pair, story: Story,
                     termbase: Termbase) -> tuple[list[Issue], list[tuple[int, tuple[int, int]]]]:
    """Issues, and the (source index, span) of every termbase term found in the aligned sources."""
    source_lang, target_lang = story.source_lang, story.target_lang
    sources = pair.sources if pair.kind in _ALIGNED else ()
    located: list[Issue] = []
    unlocated: list[Issue] = []
    covered = []
    # The longest term first: "reciprocal tariffs" speaks for the words it shares with "tariff".
    for entry in sorted(termbase.entries, key=lambda e: (-len(e.source), e.source)):
        occurrences = [(n, span) for n, text in enumerate(sources)
                       for span in find_term(entry.source, text, source_lang)]
        covered.extend(occurrences)
        evidence = {"source_term": entry.source, "approved": entry.approved[0] if entry.approved else None,
                    "termbase": termbase.name or "termbase"}
        forbidden = [(term, span) for term in entry.forbidden for span in find_term(term, pair.text, target_lang)
                     if occurrences or len(parts(term)) > 1]
        for term, (start, end) in forbidden:
            approved = f"; the termbase approves {entry.approved[0]!r}" if entry.approved else ""
            located.append(pair.issue(start, end, "terminology", "major",
                                      f"{pair.text[start:end]!r} is a forbidden translation of "
                                      f"{entry.source!r}{approved}",
                                      "terms", _suggestion(entry, None, pair.text, start, end, target_lang),
                                      {**evidence, "forbidden": term}))
        if forbidden or not occurrences or not entry.approved:
            continue
        if any(find_term(approved, pair.text, target_lang) for approved in entry.approved):
            continue
        slot = _by_term_words(entry, pair, story) or _between_neighbours(entry, pair, story)
        if slot is not None:
            located.append(pair.issue(slot.start, slot.end, "terminology", "major",
                                      f"{entry.source!r} should be translated {slot.approved!r} (termbase), "
                                      f"not {pair.text[slot.start:slot.end]!r}", "terms",
                                      _suggestion(entry, slot.approved, pair.text, slot.start, slot.end, target_lang),
                                      {**evidence, "approved": slot.approved}))
        elif pair.translates_source and occurrences[0][0] == 0:
            # the counterpart itself, not a further source nor another outlet's wording of the fact
            n, (start, end) = occurrences[0]
            plural = looks_plural(head_word(pair.sources[n][start:end], source_lang), source_lang)
            unlocated.append(pair.issue(0, len(pair.text), "terminology", "major",
                                        f"the source has {entry.source!r} but this sentence lacks its approved "
                                        f"translation {entry.approved[0]!r} (termbase), and the words that translate "
                                        "it could not be located", "terms",
                                        inflect(entry.approved[0], plural, target_lang), evidence))
    return _without_overlaps(located + unlocated), covered


def _without_overlaps(issues: list[Issue]) -> list[Issue]:
    kept: list[Issue] = []
    for issue in issues:
        if not any(_overlap((issue.start, issue.end), (k.start, k.end)) for k in kept):
            kept.append(issue)
    return kept


def _suggestion(entry: TermEntry, approved: str | None, text: str, start: int, end: int, lang: str) -> str | None:
    """The approved term in the number the target used there, capitalised at the start of the sentence."""
    approved = approved or (entry.approved[0] if entry.approved else None)
    if approved is None:
        return None
    suggestion = inflect(approved, looks_plural(head_word(text[start:end], lang), lang), lang)
    if text[start:end][:1].isupper() and not text[:start].strip(" \"'“«("):
        suggestion = suggestion[:1].upper() + suggestion[1:]
    return suggestion


def _by_term_words(entry: TermEntry, pair: Pair, story: Story) -> Slot | None:
    """Where the target has words of an approved term, or words that translate like them, close together."""
    lang = story.target_lang
    words = tokens(pair.text)
    for use_glosses in (False, True):  # a word-level look-up only when the words themselves say nothing
        best: tuple[int, int, Slot] | None = None  # (term words found, -first word, slot)
        for approved in entry.approved:
            term_words = tokens(approved)
            anchors = sorted((k, i) for i, term_word in enumerate(term_words)
                             if not is_function_word(term_word.text, lang)
                             for k, word in enumerate(words)
                             if find_term(term_word.text, word.text, lang)
                             or (use_glosses and _translate_alike(story, word.text, term_word.text)))
            # One shared word is chance ("ministro" for "primeiro-ministro"): a term of several words needs two.
            needed = min(2, sum(not is_function_word(p.text, lang) for p in parts(approved)))
            for cluster in _clusters(anchors, words, pair.text, len(term_words) + 2):
                found = len(cluster)
                if found >= needed and any(len(term_words[i].text) > 3 for _, i in cluster):
                    candidate = (found, -cluster[0][0], _span(cluster, words, pair.text, len(term_words), approved))
                    if best is None or candidate[:2] > best[:2]:
                        best = candidate
        if best is not None:
            return best[2]
    return None


def _clusters(anchors: list[tuple[int, int]], words: list[Token], text: str,
              reach: int) -> Iterator[list[tuple[int, int]]]:
    """From each anchor (word index, term word index), the anchors after it within ``reach`` words of one
    clause, each term word once."""
    for n, (first, _) in enumerate(anchors):
        cluster: list[tuple[int, int]] = []
        for k, i in anchors[n:]:
            if k - first >= reach or not all(_clean(text, words[m], words[m + 1]) for m in range(first, k)):
                break
            if all(i != seen for _, seen in cluster):
                cluster.append((k, i))
        yield cluster


def _span(cluster: list[tuple[int, int]], words: list[Token], text: str, length: int, approved: str) -> Slot:
    """The anchors' words; when they stand where the term's words would, the term-long run of words from there
    ("medidas não" of "medidas não tarifárias" -> "medidas não guardianas")."""
    low, high = cluster[0][0], max(k for k, _ in cluster)
    starts = {k - i for k, i in cluster}
    if len(starts) == 1:
        first = starts.pop()
        while low > max(first, 0) and _clean(text, words[low - 1], words[low]):
            low -= 1
        while high < min(first + length, len(words)) - 1 and _clean(text, words[high], words[high + 1]):
            high += 1
    return Slot(words[low].start, words[high].end, approved)


def _clean(text: str, before: Token, after: Token) -> bool:
    return _CLEAN_GAP.fullmatch(text[before.end:after.start]) is not None


def _between_neighbours(entry: TermEntry, pair: Pair, story: Story) -> Slot | None:
    """The target words between the neighbours the term has in the aligned source's machine translation."""
    lang = story.target_lang
    words = tokens(pair.text)
    machine = _translate(story, [entry.source], story.source_lang, lang)[0]
    for forward in pair.forward:
        for candidate in (*entry.approved, machine):
            for found_start, found_end in find_term(candidate, forward, lang):
                before, after = tokens(forward[:found_start])[-_CONTEXT:], tokens(forward[found_end:])[:_CONTEXT]
                if not before or not after:
                    continue
                longest = len(tokens(candidate)) + 2
                for i in range(len(words)):
                    for j in range(i + 2, min(i + 2 + longest, len(words))):
                        left = _matching_run(words[:i + 1][::-1], before[::-1], lang)
                        right = _matching_run(words[j:], after, lang)
                        inside = words[i + 1:j]
                        if _anchored(left, right, lang) and _unexplained(inside, forward, found_start, found_end,
                                                                         lang):
                            approved = candidate if candidate in entry.approved else entry.approved[0]
                            return Slot(inside[0].start, inside[-1].end, approved)
    return None


def _anchored(left: list[Token], right: list[Token], lang: str) -> bool:
    """Shared neighbours that fix the place: a number on either side, or a content word on both."""
    def telling(run: list[Token]) -> bool:
        return any(is_content_word(w.text, lang) for w in run)

    numbered = any(any(c.isdigit() for c in w.text) for w in left + right)
    return bool(left and right) and (numbered or (telling(left) and telling(right)))


def _unexplained(inside: list[Token], forward: str, start: int, end: int, lang: str) -> bool:
    """Content words that the rest of the source's translation does not have: they stand for the term, not for
    another part of the sentence ("secretário do Tesouro" where the source also names the Treasury Secretary)."""
    elsewhere = forward[:start] + " " + forward[end:]
    content = [w for w in inside if is_content_word(w.text, lang)]
    return bool(content) and not all(find_term(w.text, elsewhere, lang) for w in content)


def _matching_run(words: Sequence[Token], context: Sequence[Token], lang: str) -> list[Token]:
    run = []
    for word, expected in zip(words, context):
        if not find_term(expected.text, word.text, lang):
            break
        run.append(word)
    return run


# --- looking words up --------------------------------------------------------------------


def _translate(story: Story, texts: Sequence[str], from_lang: str, to_lang: str) -> list[str]:
    """Machine translations, each asked for once per story."""
    cache = story.memo.setdefault("terms.translations", {})
    missing = [t for t in dict.fromkeys(texts) if (from_lang, to_lang, t) not in cache]
    if missing:
        for text, translation in zip(missing, story.translate(missing, from_lang, to_lang)):
            cache[(from_lang, to_lang, text)] = translation
    return [cache[(from_lang, to_lang, t)] for t in texts]


def _gloss(story: Story, word: str) -> set[str]:
    """Forms of the content words of a target word's own translation into the source language."""
    translation = _translate(story, [word], story.target_lang, story.source_lang)[0]
    return {fold(form) for t in tokens(translation) if is_content_word(t.text, story.source_lang)
            for piece in t.lower.split("-") for form in word_forms(piece, story.source_lang)}


def _translate_alike(story: Story, word: str, other: str) -> bool:
    return is_content_word(word, story.target_lang) and bool(_gloss(story, word) & _gloss(story, other))


# --- automatic term proposals ------------------------------------------------------------


def _phrase_key(words: Sequence[Token], lang: str) -> tuple[str, ...]:
    return tuple(fold(singular(w.lower.replace("-", "").replace(".", ""), lang)) for w in words)


def _phrases(text: str, lang: str) -> Iterator[tuple[tuple[str, ...], tuple[int, int]]]:
    """Runs of 2-3 content words inside a clause: the noun-phrase candidates of a sentence."""
    run: list[Token] = []
    for word in [*tokens(text), None]:
        usable = (word is not None and is_content_word(word.text, lang) and not any(c.isdigit() for c in word.text)
                  and word.lower not in _REPORTING.get(lang, ()))
        if word is not None and usable and run and text[run[-1].end:word.start].isspace():
            run.append(word)
            continue
        for size in (2, 3):
            for i in range(len(run) - size + 1):
                yield _phrase_key(run[i:i + size], lang), (run[i].start, run[i + size - 1].end)
        run = [word] if usable else []


def _recurring(story: Story) -> Counter[tuple[str, ...]]:
    """Phrase -> how many pool sentences have it, for phrases in two or more."""
    def count() -> Counter[tuple[str, ...]]:
        counts: Counter[tuple[str, ...]] = Counter()
        for sentence in story.pool:
            counts.update({key for key, _ in _phrases(sentence, story.source_lang)})
        return Counter({k: c for k, c in counts.items() if c >= 2})
    return story.once("terms.recurring", count)


def _proposals(pair: Pair, story: Story, covered: list[tuple[int, tuple[int, int]]]) -> list[Issue]:
    recurring = _recurring(story)
    seen: set[tuple[str, ...]] = set()
    candidates = []
    for n, source in enumerate(pair.sources):
        for key, span in _phrases(source, story.source_lang):
            if key not in recurring or key in seen or any(m == n and _overlap(span, s) for m, s in covered):
                continue
            seen.add(key)
            candidates.append((source[span[0]:span[1]], recurring[key]))
    _translate(story, [phrase for phrase, _ in candidates], story.source_lang, story.target_lang)  # one call, not one each
    issues = []
    for phrase, count in candidates:
        issue = _inconsistent_modifier(pair, story, phrase, count)
        if issue is not None and not any(_overlap((issue.start, issue.end), (i.start, i.end)) for i in issues):
            issues.append(issue)
    return issues


def _inconsistent_modifier(pair: Pair, story: Story, phrase: str, count: int) -> Issue | None:
    """An issue where the target has the phrase's head noun with another modifier than its translation's."""
    lang = story.target_lang
    machine = _translate(story, [phrase], story.source_lang, lang)[0].strip(" .,;:!?\"'“”«»")
    machine_words = tokens(machine)
    while machine_words and is_function_word(machine_words[0].text, lang):  # "os interesses nacionais"
        machine_words.pop(0)
    if all(t.text[:1].isupper() for t in tokens(phrase)) or fold(machine) == fold(phrase):
        return None  # names and titles: the names scorer's, and the termbase's
    if find_term(machine, pair.text, lang):
        return None
    if not machine_words:
        return None  # the translation is all function words or punctuation
    step = 1 if lang in _HEAD_FIRST else -1
    head, tail = (machine_words[0], machine_words[1:]) if step == 1 else (machine_words[-1], machine_words[-2::-1])
    if len(tail) < 2 or not is_content_word(head.text, lang):
        return None  # with one modifier, a changed one is as often a synonym ("discussões específicas") as an error
    words = tokens(pair.text)
    for head_start, _ in find_term(head.text, pair.text, lang):
        k = next((i for i, w in enumerate(words) if w.start == head_start), None)
        if k is None:
            continue
        span = [words[k + step * d] for d in range(len(tail) + 1) if 0 <= k + step * d < len(words)]
        ordered = sorted(span, key=lambda w: w.start)
        if len(span) < len(tail) + 1 or not all(_clean(pair.text, a, b) for a, b in zip(ordered, ordered[1:])):
            continue
        written = span[1:]
        if any(is_function_word(m.text, lang) != is_function_word(w.text, lang) for m, w in zip(tail, written)):
            continue  # another construction, not another modifier
        content = [(m, w) for m, w in zip(tail, written) if is_content_word(w.text, lang)]
        kept = [w for m, w in content if find_term(m.text, w.text, lang)]
        changed = [(m, w) for m, w in content if not find_term(m.text, w.text, lang)]
        if not kept or not changed or any(_supports(story, w.text, m.text, phrase) for m, w in changed):
            continue  # the term's own words, with one swapped for a word that does not translate the source
        first, last = ordered[0], ordered[-1]
        found = pair.text[first.start:last.end]
        suggestion = machine[machine_words[0].start:machine_words[-1].end]
        if found[:1].islower():
            suggestion = suggestion[:1].lower() + suggestion[1:]
        return pair.issue(first.start, last.end, "terminology", "minor",
                          f"{phrase!r} recurs in {count} source sentences and translates as {suggestion!r}; "
                          f"{found!r} keeps the noun but changes the modifier: a likely term inconsistency", "terms",
                          suggestion,
                          {"source_term": phrase, "machine_translation": machine, "source_sentences": count})
    return None


def _supports(story: Story, written: str, expected: str, phrase: str) -> bool:
    """The target word's own translation is a word of the source phrase, or of the expected word's translation."""
    source_forms = {fold(form) for piece in re.split(r"[\s\-]+", phrase.lower()) if piece
                    for form in word_forms(piece, story.source_lang)}
    gloss = _gloss(story, written)
    return bool(gloss & source_forms) or bool(gloss & _gloss(story, expected))
