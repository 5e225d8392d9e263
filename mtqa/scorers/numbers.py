"""Wrong numbers: a figure of the target that its aligned source states otherwise.

Every quantity of the target segment (amounts, percentages, dates, times, years) is read in the target
language and looked for, by value, among the quantities of the aligned source sentences: "27,5%"
finds "27.5%", "9 trilhões de ienes" finds "9 trillion yen", "abril" finds "April 2". A figure
that is not there is a contradiction only when the pairing leaves no doubt: the segment is
aligned (parallel, or partial for amounts: a partial counterpart shares some facts, and its dates
often date another event), the aligned sources hold as many figures of the same kind that the
target lacks as the target holds figures they lack, and each pair is of a like magnitude. On a
partial alignment, a figure another source sentence states is accepted (the writer may have taken
it from there); a parallel counterpart that states it otherwise outweighs the rest of the pool. A
contradiction is major, or minor on a partial alignment too weak to be sure the source reports the
same fact (below SURE_COUNTERPART: comparable reports give other counts of one event). Any other
figure that no source sentence states is reported as unverifiable, never as an error.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..model import Issue
from ..numbers import (Quantity, comparable, day_and_year, impossible_date, in_figures, quantities, render, same_quantity,
                       value_text)
from ..words import is_content_word, stem, tokens
from .base import Pair, Story, register

_CONFIDENT_KINDS = ("parallel", "partial")
_SLOT_REACH = 3  # content words on each side of a figure that place it in its sentence
_WHEN = frozenset({"date", "weekday", "time", "year"})  # families contradicted only by a parallel counterpart
_YEAR_AFTER_DAY = 5  # characters between a day and the year that dates it at most: ", " or " de "


@register("numbers")
class NumbersScorer:
    name: str

    def score(self, pair: Pair, story: Story) -> list[Issue]:
        found = quantities(pair.text, story.target_lang)
        if not found:
            return []
        # a parallel counterpart is the original: its figures, not those of other reports, are the reference
        against = pair.sources[:pair.unit_size] if pair.kind == "parallel" else pair.sources
        figures = [quantities(sentence, story.source_lang) for sentence in against]
        aligned = [(sentence, q) for sentence, stated in zip(against, figures) for q in stated]
        unmatched = [t for t in found if not any(same_quantity(t, s) for _, s in aligned)]
        years_of_days: set[Quantity] = set()  # of dates in figures: held only to a year that dates a day
        read_as_day: dict[Quantity, Quantity] = {}  # two figures read as a day ("28/12"), and as they were read before
        if any(s.family == "date" for _, s in aligned):  # "28/12/2025" against "December 28, 2025": day and year apart
            split = {t: day_and_year(t, story.target_lang, [s for _, s in aligned]) for t in unmatched}
            years_of_days = {parts[1] for parts in split.values() if len(parts) == 2}
            read_as_day = {parts[0]: t for t, parts in split.items() if len(parts) == 1 and parts[0] is not t}
            found = [part for t in found for part in split.get(t, [t])]
            unmatched = [t for t in found if not any(same_quantity(t, s) for _, s in aligned)]
        rivals = {t: r for t, r in self._pairing(pair, found, unmatched, against, figures).items() if comparable(t, r[1])}
        slots = {t: self._slot(pair, story, t) for t in unmatched} if pair.kind == "partial" else {}
        rivals |= {t: r for t in unmatched if t not in rivals and slots.get(t)
                   for r in [self._same_slot(pair, story, t, found, slots[t])] if r is not None}
        stated = dict(zip(against, figures))
        rivals = {t: r for t, r in rivals.items() if t not in years_of_days or _dates_a_day(stated[r[0]], r[1])}
        # a day past its month's end that a source names only by its month ("31/02" against "February"); one the
        # source states too is the source's
        issues = [self._impossible(pair, t) for t in found if t not in unmatched and impossible_date(t)
                  and not any(s.kind == "date" and s.value == t.value for _, s in aligned)]
        for target in unmatched:
            slot = slots.get(target) if target in rivals else None
            if self._stated_elsewhere(pair, story, target, target in rivals, slot):
                continue  # a comparable segment may draw on another sentence
            if target.family == "number" and target.spelled_out:
                continue  # "os dois", "duas vezes": as often idiom ("both", "twice") as a count
            if target in rivals:
                issues.append(self._contradiction(pair, story, target, *rivals[target]))
            elif impossible_date(target):
                issues.append(self._impossible(pair, target))
            else:  # a day read from two figures that nothing confirms may be the fraction it was read as before
                noted = read_as_day.get(target, target)
                issues.append(pair.issue(
                    noted.start, noted.end, "accuracy/number", "neutral",
                    f"unverifiable: no source mentions {render(noted, story.source_lang)}", self.name,
                    evidence={"target_value": value_text(noted)}))
        return issues + self._swaps(pair, story, [t for t in found if t not in unmatched])

    def _swaps(self, pair: Pair, story: Story, matched: list[Quantity]) -> list[Issue]:
        """Two figures of one family that are each the source's, in each other's places ("rose 3% ... fell 5%" for
        "rose 5% ... fell 3%"): in the opposite order to the source's, and each next to the words the source puts
        next to the other, in the target's translation back. A sentence that only turns its clauses round keeps each
        figure beside its own words. Only against a parallel counterpart, where the figures are the sentence's."""
        if pair.kind != "parallel" or len(matched) < 2:
            return []
        source, back = pair.best_source, pair.translation
        in_source, in_back = quantities(source, story.source_lang), quantities(back, story.source_lang)
        stated = [q for q in in_source if q.contestable]
        echoed = [q for q in in_back if q.contestable]
        shared = _words(source[:min((q.start for q in in_source), default=0)], story.source_lang) & _words(
            back[:min((q.start for q in in_back), default=0)], story.source_lang)
        placed = []  # the target's figures that the source and the back-translation each state once, with those
        for t in (t for t in matched if t.contestable):
            said = [q for q in stated if same_quantity(t, q)]
            echo = [q for q in echoed if same_quantity(t, q)]
            if len(said) == 1 and len(echo) == 1:
                placed.append((t, said[0], echo[0]))
        if len(placed) < 2:
            return []
        source_breaks, back_breaks = _clause_breaks(source, story.source_lang), _clause_breaks(back, story.source_lang)
        places = {t: (said, _clause_of(source, said, source_breaks, story.source_lang),
                      _clause_of(back, echo, back_breaks, story.source_lang),
                      (_neighbours(source, said, story.source_lang, 1, in_source),
                       _neighbours(back, echo, story.source_lang, 1, in_back)))
                  for t, said, echo in placed}
        issues = []
        figures = list(places)
        for n, first in enumerate(figures):
            for second in figures[n + 1:]:
                (s1, (clause1, source1), (_, back1), beside1), (s2, (clause2, source2), (_, back2), beside2) = (
                    places[first], places[second])
                if first.family != second.family or s1 is s2 or same_quantity(first, second) or s1.start < s2.start:
                    continue
                if _with_their_companions((s1, s2), in_source, (first, second), in_back):
                    continue
                # figures of two clauses are placed by their clauses' words, but for those before the first figure in
                # both (the subject and verb the clauses share); two of one clause by the words right beside them
                (source1, back1), (source2, back2) = ((beside1, beside2) if clause1 == clause2 else
                                                      ((source1 - shared, back1 - shared), (source2 - shared, back2 - shared)))
                if _from_and_to(source, (s1, s2), story.source_lang) or _from_and_to(pair.text, (first, second),
                                                                                       story.target_lang):
                    continue  # "rose to 5.2% from 4.6%" is "subiu de 4,6% para 5,2%": the order is the language's
                # words beside both figures ("10 mil pessoas ... 200 pessoas") place neither
                source1, source2 = source1 - source2, source2 - source1
                back1, back2 = back1 - back2, back2 - back1
                crossed = len(back1 & source2) + len(back2 & source1)
                straight = len(back1 & source1) + len(back2 & source2)
                if crossed and not straight:
                    issues += [self._swapped(pair, first, s2, second), self._swapped(pair, second, s1, first)]
        return issues

    def _swapped(self, pair: Pair, target: Quantity, source: Quantity, other: Quantity) -> Issue:
        return pair.issue(target.start, target.end, "accuracy/number", "major",
                          f'"{target.text}" stands where the source has "{source.text}": it and "{other.text}" '
                          "are in each other's places", self.name, suggestion=other.text,
                          evidence={"rule": "swapped-figures", "target_value": value_text(target),
                                    "source_text": source.text, "source_value": value_text(source)})

    def _pairing(self, pair: Pair, found: list[Quantity], unmatched: list[Quantity], against: Sequence[str],
                 figures: list[list[Quantity]]) -> dict[Quantity, tuple[str, Quantity]]:
        """Target figures the aligned sources state otherwise, each with the source figure it replaces.

        Within a family (percentages, dollars, dates...), the figures the target lacks and those
        the sources lack must be equal in number; several are paired in order only when they all
        come from one source sentence, where order means something.
        """
        if pair.kind not in _CONFIDENT_KINDS:
            return {}
        missing = [(sentence, s) for sentence, stated in zip(against, figures)
                   for s in _left_over(stated, found) if s.contestable]
        paired: dict[Quantity, tuple[str, Quantity]] = {}
        for family in dict.fromkeys(t.family for t in unmatched):
            if family in _WHEN and not pair.sure_counterpart:  # a sure counterpart's dates count too
                continue
            ours = [t for t in unmatched if t.family == family and t.contestable]
            theirs = [(sentence, s) for sentence, s in missing if s.family == family]
            if ours and not theirs and ours[0].kind == "number":  # an age: "38 anos" against "Jones, 37,"
                theirs = [(sentence, s) for sentence, s in missing if comparable(ours[0], s)]
            if len(ours) != len(theirs) or (len(ours) > 1 and len({sentence for sentence, _ in theirs}) > 1):
                continue
            paired.update(zip(ours, theirs))
        return paired

    def _stated_elsewhere(self, pair: Pair, story: Story, target: Quantity, contradicted: bool,
                          slot: frozenset[str] | None) -> bool:
        """Does another source sentence state the figure? Against a parallel counterpart's own figure, no
        other report counts; against a figure in the same slot of a partial counterpart, only a report
        that states it in that slot too ("38 games" elsewhere, not any 38)."""
        if contradicted and pair.kind == "parallel":
            return False
        if slot is None:
            return any(same_quantity(target, q) for _, q in self._pool_sentences(story))
        return any(same_quantity(target, q) and slot & _neighbours(sentence, q, story.source_lang)
                   for sentence, q in self._pool_sentences(story))

    @staticmethod
    def _slot(pair: Pair, story: Story, target: Quantity) -> frozenset[str] | None:
        """Where the figure stands: the content words around it in the back-translation, if it is there once."""
        echoes = [q for q in quantities(pair.translation, story.source_lang) if same_quantity(target, q)]
        return _neighbours(pair.translation, echoes[0], story.source_lang) if len(echoes) == 1 else None

    @staticmethod
    def _same_slot(pair: Pair, story: Story, target: Quantity, found: list[Quantity],
                   slot: frozenset[str]) -> tuple[str, Quantity] | None:
        """On a partial alignment, the one figure of the best source that stands where the target's figure stands
        in the back-translation: next to the same content words ("in 38 games" against "in 18 games")."""
        if not pair.sources or not target.contestable:
            return None
        best = pair.sources[0]
        candidates = [s for s in quantities(best, story.source_lang)
                      if comparable(target, s) and not any(same_quantity(s, t) for t in found)
                      and slot & _neighbours(best, s, story.source_lang)]
        return (best, candidates[0]) if len(candidates) == 1 else None

    def _impossible(self, pair: Pair, target: Quantity) -> Issue:
        """A day past its month's end, "31/02" or "39 de setembro", whatever the source says."""
        return pair.issue(target.start, target.end, "accuracy/number", "major", f'"{target.text}": no month has that day',
                          self.name, evidence={"target_value": value_text(target)})

    def _contradiction(self, pair: Pair, story: Story, target: Quantity, sentence: str, source: Quantity) -> Issue:
        """A figure the aligned source states otherwise: major, unless the alignment is a partial one too weak to
        be sure the source reports the same fact (a comparable report's figure of another count or another day)."""
        # The source's figure in the target's shape: "38 anos" against "Jones, 37," is corrected to "37 anos".
        shown = replace(source, unit=target.unit) if not (source.unit and target.unit) else source
        sure = pair.sure_counterpart
        return pair.issue(
            target.start, target.end, "accuracy/number", "major" if sure else "minor",
            f'"{target.text}" where the aligned source has "{source.text}"'
            + ("" if sure else " (a weak alignment: the source may report another fact)"), self.name,
            suggestion=in_figures(source, target, story.target_lang) or render(shown, story.target_lang),
            evidence={"target_value": value_text(target), "source_text": source.text,
                      "source_value": value_text(source), "source_sentence": sentence})

    @staticmethod
    def _pool_sentences(story: Story) -> list[tuple[str, Quantity]]:
        """Every quantity of every source sentence, with its sentence, read once per story."""
        return story.once("numbers.pool", lambda: [(sentence, q) for sentence in story.pool
                                                   for q in quantities(sentence, story.source_lang)])


def _left_over(stated: list[Quantity], found: list[Quantity]) -> list[Quantity]:
    """The figures of one source sentence that no target figure stands for.

    A figure the sentence repeats counts once per repetition: "72 per cent" twice, against a
    target that says "72%" once, leaves one "72%" over ("27%" in the place of the other). Only
    the same kind of figure, value and unit is a repetition ("Saturday" is not a second 6), and
    only inside one sentence: comparable reports restate each other's figures.
    """
    left = []
    for n, q in enumerate(stated):
        if not any(same_quantity(q, t) for t in found):
            left.append(q)
            continue
        repeats = sum((p.kind, p.unit, p.value) == (q.kind, q.unit, q.value) for p in stated[:n])
        if repeats and repeats >= sum((t.kind, t.unit) == (q.kind, q.unit) and same_quantity(q, t) for t in found):
            left.append(q)
    return left


def _dates_a_day(sentence_quantities: list[Quantity], year: Quantity) -> bool:
    """Does the year follow a day of the year in its sentence ("December 28, 2025", "28 de dezembro de 2025")?"""
    return any(q.kind == "date" and 0 <= year.start - q.end <= _YEAR_AFTER_DAY for q in sentence_quantities)


def _neighbours(text: str, q: Quantity, lang: str, reach: int = _SLOT_REACH,
                figures: Sequence[Quantity] = ()) -> frozenset[str]:
    """Stems of the ``reach`` content words nearest a figure on each side; given the text's ``figures``, short of
    the figures next to it and none of their words."""
    start, end = _between(((f.start, f.end) for f in figures), q.start, q.end, len(text))
    words = [t for t in tokens(text) if is_content_word(t.text, lang)
             and not any(f.start < t.end and t.start < f.end for f in figures)]
    before = [stem(t.text, lang) for t in words if start <= t.start and t.end <= q.start][-reach:]
    after = [stem(t.text, lang) for t in words if t.start >= q.end and t.end <= end][:reach]
    return frozenset(before + after)


# where one clause of a sentence ends and another begins: "Sales grew 12% in Brazil | and 4% in Mexico"
_CLAUSE_BREAK = re.compile(r";|\s(?:and|but|while|whereas|e|mas|enquanto|porém)\s", re.IGNORECASE)
_MIN_CLAUSE_WORDS = 2  # content words on each side of a comma that make it a clause break


def _words(text: str, lang: str) -> frozenset[str]:
    return frozenset(stem(t.text, lang) for t in tokens(text) if is_content_word(t.text, lang))


def _companion(q: Quantity, figures: list[Quantity]) -> Quantity | None:
    """The figure's nearest figure of another family."""
    others = [f for f in figures if f.family != q.family]
    return min(others, key=lambda f: min(abs(f.start - q.end), abs(q.start - f.end)), default=None)


def _with_their_companions(said: tuple[Quantity, Quantity], in_source: list[Quantity],
                           found: tuple[Quantity, Quantity], in_back: list[Quantity]) -> bool:
    """Each figure keeps its own nearest figure of another family, the two of them different: "de 2023 foi de
    4,62% ... 5,79% de 2022" became "in 2022 was 5.79% ... 4.62% of 2023", a comparison turned round, each year
    still with its rate."""
    companions = [_companion(q, in_source) for q in said]
    if None in companions or same_quantity(*companions):
        return False
    echoed = [[q for q in in_back if same_quantity(t, q)] for t in found]
    return all(len(e) == 1 and (c := _companion(e[0], in_back)) is not None and same_quantity(c, mate)
               for e, mate in zip(echoed, companions))


def _clause_breaks(text: str, lang: str) -> list[tuple[int, int]]:
    """Where the text's clauses end: a conjunction, a semicolon, or a comma with a clause's words on each side."""
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
    for comma in (n for n, ch in enumerate(text) if ch == ","):
        if all(len(_words(part, lang)) >= _MIN_CLAUSE_WORDS for part in _between_breaks(text, comma, breaks)):
            breaks.append((comma, comma + 1))
    return breaks


def _clause_of(text: str, q: Quantity, breaks: list[tuple[int, int]], lang: str) -> tuple[tuple[int, int], frozenset[str]]:
    """The figure's clause, the stretch between the breaks around it, and the stems of its content words, figures
    left out."""
    start, end = _between(breaks, q.start, q.end, len(text))
    clause = text[start:end]
    figures = quantities(clause, lang)
    return (start, end), _words("".join(" " if any(f.start <= n < f.end for f in figures) else ch
                                        for n, ch in enumerate(clause)), lang)


def _between_breaks(text: str, at: int, breaks: list[tuple[int, int]]) -> tuple[str, str]:
    """The text on each side of the character at ``at``, up to the nearest breaks."""
    start, end = _between(breaks, at, at + 1, len(text))
    return text[start:at], text[at + 1:end]


def _between(spans: Iterable[tuple[int, int]], start: int, end: int, length: int) -> tuple[int, int]:
    """The stretch around ``start:end`` up to the nearest of ``spans`` on each side (a text of ``length``)."""
    spans = list(spans)
    return (max((after for before, after in spans if after <= start), default=0),
            min((before for before, _ in spans if before >= end), default=length))


# the words that mark a change's start and end right before its figures: "to X from Y", "de Y para X"
_FROM = {"en": frozenset({"from"}), "pt": frozenset({"de", "do", "dos", "da", "das"})}
_TO = {"en": frozenset({"to"}), "pt": frozenset({"para", "a", "até"})}


def _from_and_to(text: str, figures: tuple[Quantity, Quantity], lang: str) -> bool:
    """One figure follows a word that marks where a change starts, the other one that marks where it ends."""
    before = []
    for q in figures:
        words = tokens(text[:q.start])
        before.append(words[-1].lower if words else "")
    starts, ends = _FROM.get(lang, frozenset()), _TO.get(lang, frozenset())
    return (before[0] in starts and before[1] in ends) or (before[0] in ends and before[1] in starts)
