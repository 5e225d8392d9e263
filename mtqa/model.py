"""The data model: documents, their segments, and how target segments align to sources.

Every segment is a view into its document's text by character offsets, never a copy
that can drift: ``document.text[segment.start:segment.end] == segment.text`` always.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from .words import visible

AlignmentKind = Literal["parallel", "partial", "none"]
Severity = Literal["minor", "major", "critical", "neutral"]
SEVERITIES: tuple[Severity, ...] = ("critical", "major", "minor", "neutral")  # worst first
CATEGORIES = ("accuracy/mistranslation", "accuracy/named-entity", "accuracy/number", "accuracy/omission",
              "accuracy/addition", "accuracy/untranslated", "terminology", "fluency/grammar", "fluency/spelling",
              "fluency/punctuation", "fluency/whitespace", "fluency/capitalization", "other")


def severity_counts(severities: Iterable[str]) -> dict[str, int]:
    """How many of each severity, worst first, zeros included."""
    counts = Counter(severities)
    return {severity: counts[severity] for severity in SEVERITIES}


def counted(count: int, noun: str, plural: str = "") -> str:
    """"1 sentence", "2 sentences"; "1 story", "2 stories" given the plural."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


@dataclass(frozen=True)
class Document:
    """A story as read: ``text`` is the file's exact content, metadata lines included."""

    path: str
    text: str
    lang: str = ""
    metadata: tuple[tuple[str, str], ...] = ()
    body_start: int = 0  # where the story's prose begins, after any metadata prefix

    def with_lang(self, lang: str) -> Document:
        return replace(self, lang=lang)


@dataclass(frozen=True)
class Segment:
    """A sentence of a document, located by offsets into ``Document.text``."""

    index: int
    start: int
    end: int
    text: str
    lang: str = ""

    def with_lang(self, lang: str) -> Segment:
        return replace(self, lang=lang)

    @property
    def visible_text(self) -> str:
        """The text as it reads (words.visible), as it is translated, aligned and scored."""
        return visible(self.text)


@dataclass(frozen=True)
class SourceRef:
    """One source sentence that a target segment aligns with."""

    path: str
    index: int
    text: str
    document: int = field(default=0, compare=False)  # its document's position among the sources (paths may repeat)

    @property
    def visible_text(self) -> str:
        """The text as it reads (words.visible), as it is translated, aligned and scored."""
        return visible(self.text)


@dataclass(frozen=True)
class Alignment:
    kind: AlignmentKind
    score: float
    sources: tuple[SourceRef, ...] = ()  # best first; empty when kind is "none"
    candidates: tuple[tuple[SourceRef, float], ...] = field(default=(), compare=False)
    unit_size: int = 1  # how many of the first sources form the best unit (2 when the target merges two)


@dataclass(frozen=True)
class SegmentResult:
    """A target segment with its translation into the source language and its alignment."""

    segment: Segment
    translation: str
    alignment: Alignment


@dataclass(frozen=True)
class Issue:
    """A located, typed, graded finding; filled by the scorers."""

    segment: int
    start: int
    end: int
    text: str
    category: str
    severity: Severity
    message: str
    suggestion: str | None
    scorer: str
    evidence: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class RowResult:
    """One pre-aligned (source, target) row, scored: issue offsets point into the row's target."""

    row: int
    score: float  # MQM score of the row
    issues: tuple[Issue, ...]
    translation: str  # the target machine-translated into the source language
    round_trip_chrf: float
    id: str | None = None  # the unit id of an XLIFF or TMX file


@dataclass(frozen=True)
class Comparison:
    """The result of comparing one target story against its sources; mtqa.Report is its notebook face."""

    mtqa_version: str
    signature: str
    target: Document
    sources: tuple[Document, ...]
    segments: tuple[SegmentResult, ...]
    issues: tuple[Issue, ...] = ()
    scores: dict = field(default_factory=dict, compare=False)
    warnings: tuple[str, ...] = ()
    original: int | None = None  # the position of the source the target translates, if one does (align.original_source)

    def is_original(self, position: int) -> bool:
        """Whether the target translates the source at this position; the others are comparable reports."""
        return position == self.original
