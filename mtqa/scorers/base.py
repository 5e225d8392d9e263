"""What every scorer sees and returns, and the registry that finds scorers by name.

A scorer looks at one target segment at a time (a ``Pair``: the segment, its machine
translation into the source language, the source sentences it aligns with and their
machine translation into the target language) inside a ``Story`` that holds what is shared
by all segments (the whole source pool, the termbase, a translator for extra look-ups).
It returns ``Issue``s whose offsets point into the target document's text; ``Pair.issue``
builds them from offsets inside the segment, so no scorer does offset arithmetic itself.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    import numpy as np

from ..model import AlignmentKind, Issue, Segment, Severity
from ..words import visible_spans

T = TypeVar("T")


SURE_COUNTERPART = 0.5  # aligner probability from which a partial counterpart likely says what the target says
# Evidence of a minor issue too weak to report alone (function words only, "de", "the"): mtqa.score keeps it only
# where the sentence as a whole departs from its source, where it is major, a part of the departing phrase.
WEAK_ALONE = "weak_alone"


@dataclass(frozen=True)
class Pair:
    """One target segment and the source sentences it is checked against."""

    segment: Segment
    translation: str  # the segment machine-translated into the source language
    kind: AlignmentKind
    sources: tuple[str, ...] = ()  # aligned source sentences, best first
    forward: tuple[str, ...] = ()  # the same sentences machine-translated into the target language
    unit_size: int = 1  # how many of the first sources form the best counterpart (two when the target merges them)
    neighbours: str = ""  # adjacent target sentences aligned with the same best source (one split in two)
    adjacent_translation: str = ""  # the machine translation of the target sentences just before and after
    repeats: int | None = None  # the index of an earlier target sentence it repeats word for word, the sources not
    confidence: float = 0.0  # the aligner's probability that the best source is a counterpart (0: not known)
    # the best source is in the story the target translates; False: another outlet's report of the same event,
    # which may say more or less than the target's original (rows given as pairs are each other's translation)
    from_original: bool = True

    @property
    def text(self) -> str:
        """The segment as scorers read it (words.visible); ``issue`` maps spans back onto the text as written."""
        return self.segment.visible_text

    @property
    def sure_counterpart(self) -> bool:
        """Parallel, or a partial alignment likely enough to be the sentence's own source (SURE_COUNTERPART)."""
        return self.kind == "parallel" or (self.kind == "partial" and self.confidence >= SURE_COUNTERPART)

    @property
    def translates_source(self) -> bool:
        """Parallel, with a source in the story the target translates: the sentence is that source's translation."""
        return self.kind == "parallel" and self.from_original

    @property
    def best_source(self) -> str:
        return " ".join(self.sources[:self.unit_size])

    @property
    def best_forward(self) -> str:
        return " ".join(self.forward[:self.unit_size])

    def issue(self, start: int, end: int, category: str, severity: Severity, message: str, scorer: str,
              suggestion: str | None = None, evidence: dict | None = None) -> Issue:
        """An issue over ``text[start:end]``, located in the target document (where the segment as written differs
        from the text it reads as, the span covers all the written characters its characters read)."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside a segment of {len(self.text)} characters")
        spans = visible_spans(self.segment.text)
        if spans is not None:
            written = [*spans, (len(self.segment.text), len(self.segment.text))]
            start, end = written[start][0], (written[end - 1][1] if end > start else written[start][0])
        return Issue(self.segment.index, self.segment.start + start, self.segment.start + end,
                     self.segment.text[start:end], category, severity, message, suggestion, scorer,
                     dict(evidence or {}))


Translate = Callable[[Sequence[str], str, str], list[str]]  # (texts, from_lang, to_lang) -> translations
Embed = Callable[[str], "np.ndarray"]  # a text's unit vector in a space shared by both languages
EmbedBatch = Callable[[Sequence[str]], "np.ndarray"]  # several texts' vectors from one encoder call


@dataclass
class Story:
    """What all segments of one comparison share."""

    source_lang: str
    target_lang: str
    pool: tuple[str, ...]  # every source sentence, in document order
    translate: Translate
    embed: Embed | None = None
    termbase: object | None = None  # a mtqa.termbase.Termbase when the user gives one
    memo: dict = field(default_factory=dict)  # per-story values a scorer computes once (indexes of the pool)
    embed_batch: EmbedBatch | None = None

    def once(self, key: str, make: Callable[[], T]) -> T:
        """A per-story value (an index of the pool) under ``key``, made by ``make`` the first time it is asked for."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def keep_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        """Vectors already encoded (by the alignment), which ``text_vectors`` hands out instead of encoding again."""
        self.memo.setdefault("text_vectors", {}).update(vectors)

    def text_vectors(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors of words and sentences, kept for the whole story; those not seen yet are encoded together.

        One encoder call for many texts costs a sixth of one call each. A vector's last float bits
        then depend on the texts it was encoded with, which the story alone decides.
        """
        memo = self.memo.setdefault("text_vectors", {})
        missing = [text for text in dict.fromkeys(texts) if text not in memo]
        if missing:
            vectors = self.embed_batch(missing) if self.embed_batch is not None else [self.embed(t) for t in missing]
            memo.update(zip(missing, vectors))
        return memo


class Scorer(Protocol):
    """Finds issues in one pair. A scorer may also offer ``score_all(pairs, story)``, each pair's issues in
    order, gets a story's pairs together (mtqa.score): one encoder or engine call for all of them instead of one each."""

    name: str

    def score(self, pair: Pair, story: Story) -> list[Issue]: ...


SCORERS: dict[str, Callable[[], Scorer]] = {}


def register(name: str) -> Callable[[type], type]:
    def decorate(cls: type) -> type:
        cls.name = name
        SCORERS[name] = cls
        return cls
    return decorate
