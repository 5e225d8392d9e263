"""Alignment of each target sentence with its closest source sentences, across all source stories.

The sources are comparable reports, not the translation's original, so a target sentence may
say what one source sentence says (``parallel``), share some of its facts (``partial``), or
have no counterpart (``none``). Each candidate pair is described by a few signals:

- cross-lingual embedding similarity of the target sentence and the source sentence;
- embedding similarity of the target's machine translation (into the source language) and the
  source sentence, and the best similarity of any clause of that translation;
- chrF of the machine translation against the source sentence;
- overlap of content words, weighted by rarity in the source pool (IDF);
- the share of the target's rare anchors (names, numbers) that the source lacks;
- how many of the target's figures the source states too, and how many it does not.

A logistic model fitted on NTREX news (scripts/calibrate_alignment.py) turns these signals into
a probability that the pair say the same thing, which ranks the candidates; a second one, fitted
on hand-aligned comparable stories (corpora/comparable) and on NTREX, decides whether a candidate
is a counterpart at all. The best source is the highest-ranked of the first few candidates that
is one: a long sentence whose facts the sources report one by one may rank first a source that
says a little of each, and second one that says all of one fact. A threshold on the first stage's
probability tells ``parallel`` from ``partial``. Two adjacent source sentences are tried as one
unit (a target sentence that merges them, 1-2) and two adjacent target sentences that pick the
same source are scored as one (a source sentence split in two, 2-1). A sentence left with no
counterpart is tried again against its best candidates with its misstated figures put right, so a
wrong figure, which the numbers scorer is there to report, does not cost the sentence its source.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

import numpy as np
from sacrebleu.metrics import CHRF
from sacrebleu.metrics.helpers import extract_all_char_ngrams

from .embed import DIMENSIONS, SentenceEncoder
from .model import Alignment, AlignmentKind, Document, Segment, SourceRef
from .numbers import read_figure
from .words import american, readable_case

# What tells that a pair says the same thing: the first stage ranks candidates on these.
RANKING_FEATURES = ("cos_cross", "cos_back", "cos_clause", "chrf", "overlap", "shared_rare", "anchors_missing")
# And the figures the pair shares: the second stage weighs them too. Ranking leaves them out: fitted on
# translations, which state every figure of their original, it would make a misstated figure, one of the
# errors mtqa reports, cost a sentence its counterpart.
FEATURES = RANKING_FEATURES + ("figures_shared", "figures_missing")
SHORTLIST = 12  # candidates per target sentence that get the full, slower signals
MAX_SOURCES = 4  # source sentences listed per alignment
SHARED_RARE_SCALE = 10.0  # IDF mass of shared words at which "shares facts" is ~63% saturated
FIGURES_COUNTED = 3  # figures shared or missing beyond this many say nothing more
COUNTERPART_CANDIDATES = 3  # the best-ranked candidates that may be a sentence's counterpart

_STOPWORDS = frozenset(
    "a about after against all also am an and any are as at be been before being between both but by can "
    "could did do does during each few for from further had has have having he her here him his how i if in "
    "into is it its itself just me more most my no nor not now of off on once only or other our out over own "
    "same she should so some such than that the their them then there these they this those through to too "
    "under until up us very was we were what when where which while who whom why will with would you your "
    "said says say told according".split()
)
_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$|['’]s(?=\W|$)")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^(?:[A-Z]\.)+[A-Z]$")
_CLAUSE_BREAK = re.compile(r"[,;:()–—]|\s(?:that|which|who|while|although|but|and)\s")
_MIN_CLAUSE_WORDS = 4
# not the digits of a code ("H5N1", "G20", "A320", "A3.5"): none right after a letter or inside a run of
# digits and separators, but the minutes of a time written "10h30"
_FIGURE = re.compile(r"(?:(?<![^\W_])(?<![^\W_][.,])|(?<=\dh))\d+(?:[.,]\d+)*")
# share of the target's words (in sentences whose best source is in one document) from which that document is the
# target's original: one outlet's comparable report holds the best sources of at most 0.72 of a story's words
# (corpora/comparable and comparable-test, each source alone), a translation's original, among the 60 NTREX stories,
# at least 0.81 (short lines with no counterpart, "Hum...", "Não.", weigh little)
ORIGINAL_SHARE = 0.75
_SURE_HALF = 0.5  # probability the aligned half of a split sentence needs before a half with no counterpart joins it
_RECHECKED = 3  # candidates of a sentence with no counterpart that are tried again with the source's figures
# cosine of a sentence and the original's sentence that its neighbours place it at, below which it is not its
# translation: the pairs so found among the 60 NTREX stories (all right: headlines, paraphrases, cut sentences)
# come to 0.25 at least
GAP_FLOOR = 0.2


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class AlignmentModel:
    """Two logistic stages fitted on data.

    The first ranks candidates: how likely a pair says the same thing (RANKING_FEATURES -> probability).
    The second decides whether a candidate is a counterpart at all, from the first's log-odds and
    from whether the pair shares facts (COUNTERPART_FEATURES): comparable stories word the same
    fact differently, so sharing its names, rare words and figures counts for more there.
    """

    weights: tuple[float, ...]
    bias: float
    counterpart_weights: tuple[float, ...]
    counterpart_bias: float
    parallel_from: float
    merge_margin: float  # log-odds a source pair may trail its better member by and still replace it
    fitted_on: str = ""
    digest: str = ""  # of the fitted parameters, for report signatures
    none_below: float = 0.5  # on the counterpart probability

    def probability(self, features: np.ndarray) -> np.ndarray:
        return _logistic(features[..., :len(RANKING_FEATURES)] @ np.asarray(self.weights) + self.bias)

    def counterpart_probability(self, features: np.ndarray) -> float:
        return float(_logistic(counterpart_features(self, features) @ np.asarray(self.counterpart_weights)
                               + self.counterpart_bias))

    def within_merge_margin(self, probability: float, of: float) -> bool:
        """Whether a joined unit scoring ``probability`` trails the part scoring ``of`` by no more than the margin."""
        return _log_odds(probability) >= _log_odds(of) + self.merge_margin

    def kind(self, probability: float, counterpart: float) -> AlignmentKind:
        if counterpart < self.none_below:
            return "none"
        return "parallel" if probability >= self.parallel_from else "partial"


COUNTERPART_FEATURES = ("log_odds", "cos_cross", "overlap", "shared_rare", "anchors_missing", "figures_shared",
                        "figures_missing")
# what computing features alone needs (the fit computes them before any model exists): a model that ranks nothing
UNFITTED = AlignmentModel((0.0,) * len(RANKING_FEATURES), 0.0, (0.0,) * len(COUNTERPART_FEATURES), 0.0, 1.0, 0.0)


def _log_odds(probability: float) -> float:
    return math.log(max(probability, 1e-6) / max(1 - probability, 1e-6))


def counterpart_features(model: AlignmentModel, features: np.ndarray) -> np.ndarray:
    log_odds = _log_odds(float(model.probability(features[None, :])[0]))
    return np.array([log_odds, *(features[FEATURES.index(name)] for name in COUNTERPART_FEATURES[1:])])


@cache
def default_model() -> AlignmentModel:
    raw = resources.files("mtqa").joinpath("data", "alignment.json").read_bytes()
    data = json.loads(raw)
    return AlignmentModel(
        weights=tuple(data["weights"][name] for name in RANKING_FEATURES),
        bias=data["bias"],
        counterpart_weights=tuple(data["counterpart_weights"][name] for name in COUNTERPART_FEATURES),
        counterpart_bias=data["counterpart_bias"],
        parallel_from=data["parallel_from"],
        merge_margin=data["merge_margin"],
        fitted_on=data["fitted_on"],
        digest=hashlib.sha256(raw).hexdigest()[:12],
    )


def _stem(word: str) -> str:
    # Crude English suffix folding: enough for "tariffs"/"tariff", "talks"/"talked".
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _words(text: str) -> list[str]:
    """Words with possessives dropped and acronyms undotted: "China's" -> "China", "U.S." -> "US"."""
    words = []
    for word in _WORD.findall(text):
        word = _POSSESSIVE.sub("", word)
        words.append(word.replace(".", "") if _ACRONYM.match(word) else word)
    return words


def _key(word: str) -> str | None:
    """The comparable form of a word, or None for a function word ("us" the pronoun, not "US")."""
    if word.lower() in _STOPWORDS and not (word.isupper() and len(word) > 1):
        return None
    return _stem(american(word.lower()))


def content_words(text: str) -> frozenset[str]:
    return frozenset(k for k in map(_key, _words(text)) if k)


def anchors(text: str) -> frozenset[str]:
    """Names and numbers: capitalised words past the first, and any word with a digit."""
    words = _words(text)
    found = {w.lower() for w in words if any(ch.isdigit() for ch in w)}
    found |= {k for w in words[1:] if w[0].isupper() and (k := _key(w))}
    return frozenset(found)


def figures(text: str) -> frozenset[str]:
    """The figures a text states, as their values: "27,5%" and "27.5%" are one figure."""
    return frozenset(_figure_value(figure) for figure in _FIGURE.findall(text))


def clauses(text: str) -> list[str]:
    parts = [p.strip() for p in _CLAUSE_BREAK.split(text)]
    return [p for p in parts if len(p.split()) >= _MIN_CLAUSE_WORDS]


class Rarity:
    """Inverse document frequency of words over the sentences of the source pool."""

    def __init__(self, sentences: Sequence[frozenset[str]]) -> None:
        self._count = len(sentences)
        self._frequency = Counter(word for words in sentences for word in words)

    def __call__(self, word: str) -> float:
        return math.log((self._count + 1) / (self._frequency.get(word, 0) + 0.5))

    def weight(self, words: frozenset[str]) -> float:
        # fsum is exactly rounded, so the total does not depend on the set's hash-seeded order
        return math.fsum(self(w) for w in words)


@dataclass(frozen=True)
class SourceUnit:
    """One source sentence, or two adjacent ones of the same document taken together."""

    document: int
    indices: tuple[int, ...]
    text: str
    vector: np.ndarray
    words: frozenset[str]
    anchors: frozenset[str]
    figures: frozenset[str]


@dataclass(frozen=True)
class TargetView:
    """What the aligner knows of a target sentence (or two adjacent ones taken together)."""

    text: str
    translation: str
    vector: np.ndarray
    translation_vector: np.ndarray
    clause_vectors: np.ndarray
    words: frozenset[str]
    anchors: frozenset[str]
    figures: frozenset[str]  # of the target sentence as written: a figure the translation changed is the target's


_CHRF = CHRF()


@lru_cache(maxsize=1 << 14)
def _char_ngrams(text: str) -> tuple[tuple[Counter, int], ...]:
    """Per n-gram order, the text's n-grams and how many it has."""
    orders = extract_all_char_ngrams(_CHRF._preprocess_segment(text), _CHRF.char_order, _CHRF.whitespace)
    return tuple((ngrams, sum(ngrams.values())) for ngrams in orders)


def sentence_chrf(hypothesis: str, reference: str) -> float:
    """sacrebleu's sentence chrF (0-1) of one pair, from n-grams each text has extracted once.

    A target sentence meets dozens of candidates and a source sentence dozens of targets;
    sacrebleu's ``sentence_score`` would extract both texts' n-grams again for every pair. The
    statistics are sacrebleu's (hypothesis count, reference count, clipped matches), the matches
    summed over the n-grams both texts have, and the formula is sacrebleu's own
    (tests/test_align.py checks the scores are the same).
    """
    statistics = []
    for (hypothesis_ngrams, hypothesis_count), (reference_ngrams, reference_count) in zip(
            _char_ngrams(hypothesis), _char_ngrams(reference)):
        shared = hypothesis_ngrams.keys() & reference_ngrams.keys()
        matches = sum(min(hypothesis_ngrams[n], reference_ngrams[n]) for n in shared)
        statistics += [hypothesis_count if reference_ngrams else 0, reference_count, matches]
    return _CHRF._compute_f_score(statistics) / 100.0


def pair_features(target: TargetView, unit: SourceUnit, rarity: Rarity) -> np.ndarray:
    cos_cross = float(target.vector @ unit.vector)
    cos_back = float(target.translation_vector @ unit.vector)
    cos_clause = float((target.clause_vectors @ unit.vector).max()) if len(target.clause_vectors) else cos_back
    chrf = sentence_chrf(target.translation, unit.text)
    shared = rarity.weight(target.words & unit.words)
    norm = math.sqrt(rarity.weight(target.words) * rarity.weight(unit.words)) or 1.0
    anchor_weight = rarity.weight(target.anchors)
    missing = rarity.weight(target.anchors - unit.anchors) / anchor_weight if anchor_weight else 0.0
    shared_rare = 1.0 - math.exp(-shared / SHARED_RARE_SCALE)
    figures_shared = min(len(target.figures & unit.figures), FIGURES_COUNTED)
    figures_missing = min(len(target.figures - unit.figures), FIGURES_COUNTED)
    return np.array([cos_cross, cos_back, max(cos_clause, cos_back), chrf, shared / norm, shared_rare, missing,
                     figures_shared, figures_missing])


def paired_features(encoder: SentenceEncoder, sources: Sequence[str], targets: Sequence[str],
                    translations: Sequence[str]) -> np.ndarray:
    """The features of each target sentence against the source sentence at its position, the sources
    being the whole pool: what the fitted model stores to show which features it was fitted on."""
    segments = [Segment(i, 0, len(text), text) for i, text in enumerate(sources)]
    aligner = Aligner(encoder, [Document("sources", " ".join(sources), "en")], [segments], model=UNFITTED)
    units = {unit.indices: unit for unit in aligner.units}
    return np.array([pair_features(view, units[(i,)], aligner.rarity)
                     for i, view in enumerate(aligner.views(targets, translations))])


def _figure_value(figure: str) -> str:
    """A figure's value, whatever the locale's separators: "27,5", "27.50" and "27.5" are one figure, and so
    are "1,500" and "1.500"; "1,5" and "15" are two. A lone separator before three digits groups thousands
    in either language (read_figure, told the locale whose decimal mark it is not); a shape no reading
    fits ("1.2.3") stands for itself."""
    read = read_figure(figure, "pt" if "." in figure else "en")
    return figure if read is None else format(read[0].normalize(), "f")


def _unit_vector(vectors: np.ndarray) -> np.ndarray:
    summed = vectors.sum(axis=0)
    return summed / (np.linalg.norm(summed) or 1.0)


def source_units(documents_vectors: Sequence[np.ndarray], documents_segments: Sequence[Sequence[Segment]]) -> list[SourceUnit]:
    """Every source sentence, and every pair of adjacent sentences of one document."""
    units = []
    for d, (vectors, segments) in enumerate(zip(documents_vectors, documents_segments, strict=True)):
        for i, segment in enumerate(segments):
            own = segment.visible_text
            units.append(SourceUnit(d, (i,), own, vectors[i], content_words(own), anchors(own), figures(own)))
            if i + 1 < len(segments):
                text = f"{own} {segments[i + 1].visible_text}"
                units.append(SourceUnit(d, (i, i + 1), text, _unit_vector(vectors[i:i + 2]), content_words(text),
                                        anchors(text), figures(text)))
    return units


@dataclass(frozen=True)
class ScoredUnit:
    unit: SourceUnit
    probability: float
    features: np.ndarray


class Aligner:
    """Aligns target sentences to a pool of source sentences; the pool is prepared once."""

    def __init__(self, encoder: SentenceEncoder, sources: Sequence[Document], source_segments: Sequence[Sequence[Segment]],
                 model: AlignmentModel | None = None) -> None:
        self.encoder = encoder
        self.model = model or default_model()
        self.sources = sources
        self.source_segments = source_segments
        read = [[readable_case(s.visible_text, s.lang) for s in segs] for segs in source_segments]
        vectors = [encoder.encode_document(texts) for texts in read]
        # each source sentence's vector by the text it was encoded from (one written in capitals is read otherwise)
        self._source_vectors = {text: vector for texts, document_vectors in zip(read, vectors)
                                for text, vector in zip(texts, document_vectors)}
        self.units = source_units(vectors, source_segments)
        self.rarity = Rarity([u.words | u.anchors for u in self.units if len(u.indices) == 1])
        self._matrix = np.stack([u.vector for u in self.units]) if self.units else np.zeros((0, DIMENSIONS))
        self._position = {(u.document, u.indices): n for n, u in enumerate(self.units)}

    def encoded(self, views: Sequence[TargetView]) -> dict[str, np.ndarray]:
        """The vectors this alignment encoded, by the text each was encoded from: the source sentences, the target
        sentences of ``views`` and their translations. The scorers weigh the same sentences and find them here."""
        return {**self._source_vectors, **{view.text: view.vector for view in views},
                **{view.translation: view.translation_vector for view in views}}

    def views(self, texts: Sequence[str], translations: Sequence[str]) -> list[TargetView]:
        """Target sentences and their translations as the aligner sees them; one encoder call per kind."""
        vectors = self.encoder.encode_document(texts)
        translation_vectors = self.encoder.encode_document(translations)
        parts = [clauses(t) for t in translations]
        parts = [p if len(p) > 1 else [] for p in parts]
        clause_vectors = self.encoder.encode_document([c for p in parts for c in p])
        views, start = [], 0
        for text, translation, vector, translation_vector, own in zip(texts, translations, vectors, translation_vectors, parts):
            views.append(TargetView(text, translation, vector, translation_vector,
                                    clause_vectors[start:start + len(own)].reshape(-1, len(vector)),
                                    content_words(translation), anchors(translation), figures(text)))
            start += len(own)
        return views

    def merged_view(self, first: TargetView, second: TargetView) -> TargetView:
        dimensions = len(first.vector)
        return TargetView(
            f"{first.text} {second.text}", f"{first.translation} {second.translation}",
            _unit_vector(np.stack([first.vector, second.vector])),
            _unit_vector(np.stack([first.translation_vector, second.translation_vector])),
            np.concatenate([first.clause_vectors.reshape(-1, dimensions), second.clause_vectors.reshape(-1, dimensions)]),
            first.words | second.words, first.anchors | second.anchors, first.figures | second.figures,
        )

    def _shortlist(self, target: TargetView) -> list[int]:
        """Sentences close in meaning or sharing rare words, and the pairs they form with neighbours."""
        similarity = self._matrix @ target.vector + self._matrix @ target.translation_vector
        lexical = np.array([self.rarity.weight(target.words & u.words) for u in self.units])
        picked = [*np.argsort(-similarity, kind="stable")[:SHORTLIST], *np.argsort(-lexical, kind="stable")[:SHORTLIST // 2]]
        chosen: set[int] = set()
        for n in picked:
            unit = self.units[int(n)]
            for i in unit.indices:
                chosen.add(self._position[(unit.document, (i,))])
                for pair in ((i - 1, i), (i, i + 1)):
                    if (unit.document, pair) in self._position:
                        chosen.add(self._position[(unit.document, pair)])
                        chosen.update(self._position[(unit.document, (k,))] for k in pair)
        return sorted(chosen)

    def rank(self, target: TargetView) -> list[ScoredUnit]:
        """Candidate units, most probable counterpart first.

        A pair of adjacent source sentences takes the place of its better member when its log-odds
        come within the merge margin of that member's: a target sentence that merges two source
        sentences resembles each of them less than a single translation would. The pair must be
        a counterpart in its own right, and so must each of its sentences, or a strong match would
        drag along a neighbour that says nothing of the target (a headline, a "Read More" line).
        """
        scored = {n: self.scored(target, self.units[n]) for n in self._shortlist(target)}
        ranked = []
        for candidate in scored.values():
            unit = candidate.unit
            if len(unit.indices) == 2:
                members = [scored[self._position[(unit.document, (i,))]] for i in unit.indices]
                member = max(m.probability for m in members)
                if (not self.model.within_merge_margin(candidate.probability, member) or not self.is_counterpart(candidate)
                        or not all(map(self.is_counterpart, members))):
                    continue
                candidate = ScoredUnit(unit, max(candidate.probability, member), candidate.features)
            ranked.append(candidate)
        ranked.sort(key=lambda s: (-s.probability, -len(s.unit.indices), s.unit.document, s.unit.indices))
        if ranked and self.counterpart(ranked) is None:
            return self._despite_figures(target, ranked)
        return ranked

    def is_counterpart(self, scored: ScoredUnit) -> bool:
        return self.model.counterpart_probability(scored.features) >= self.model.none_below

    def counterpart(self, ranked: Sequence[ScoredUnit]) -> ScoredUnit | None:
        """The best-ranked of the first few candidates that is a counterpart, if any is."""
        return next((s for s in ranked[:COUNTERPART_CANDIDATES] if self.is_counterpart(s)), None)

    def _despite_figures(self, target: TargetView, ranked: list[ScoredUnit]) -> list[ScoredUnit]:
        """The ranking as it would be if the target's figures were its candidates' own.

        A wrong figure is one of the errors mtqa looks for, and it drags the sentence encoder's
        similarity down with it ("1399" for "1939"): a sentence must not lose its counterpart for
        carrying the error. A candidate whose figures the target misstates, one for one, is scored
        again with them put right, and leads the ranking if it is then a counterpart.
        """
        best = None
        for candidate in ranked[:_RECHECKED]:
            corrected = self._with_figures_of(target, candidate.unit)
            if corrected is None:
                continue
            rescored = self.scored(corrected, candidate.unit)
            if self.is_counterpart(rescored) and (best is None or rescored.probability > best.probability):
                best = rescored
        if best is None:
            return ranked
        return [best, *(s for s in ranked if s.unit is not best.unit)]

    def _with_figures_of(self, target: TargetView, unit: SourceUnit) -> TargetView | None:
        """The target sentence and its translation with the figures the unit lacks replaced by those it has."""
        source_figures = {}
        for match in _FIGURE.finditer(unit.text):
            source_figures.setdefault(_figure_value(match.group()), match.group())
        written = list(dict.fromkeys(map(_figure_value, _FIGURE.findall(target.text))))
        wrong = [value for value in written if value not in source_figures]
        unused = [figure for value, figure in source_figures.items() if value not in written]
        if not wrong or len(wrong) != len(unused):
            return None
        replacement = dict(zip(wrong, unused))

        def correct(text: str) -> str:
            return _FIGURE.sub(lambda m: replacement.get(_figure_value(m.group()), m.group()), text)

        # its figures put right no longer count for or against it: the words and the meaning decide
        return replace(self.views([correct(target.text)], [correct(target.translation)])[0], figures=frozenset())

    def scored(self, target: TargetView, unit: SourceUnit) -> ScoredUnit:
        features = pair_features(target, unit, self.rarity)
        return ScoredUnit(unit, float(self.model.probability(features[None, :])[0]), features)

    def alignment(self, ranked: Sequence[ScoredUnit], joined: ScoredUnit | None = None) -> Alignment:
        """The alignment a ranking gives: its best unit first, then other counterparts of the same kind."""
        if not ranked:
            return Alignment("none", 0.0)
        candidates = tuple((ref, round(s.probability, 4)) for s in ranked[:MAX_SOURCES] for ref in self.references(s.unit))
        top = joined or self.counterpart(ranked)
        if top is None:
            return Alignment("none", round(ranked[0].probability, 4), (), candidates)
        score = top.probability
        kind = self.model.kind(score, self.model.counterpart_probability(top.features))
        if kind == "none":
            return Alignment("none", round(score, 4), (), candidates)
        refs = list(self.references(top.unit))
        after = next((n + 1 for n, s in enumerate(ranked) if s is top), 1)
        for other in ranked[after:]:
            if len(refs) >= MAX_SOURCES or not self.is_counterpart(other):
                break
            refs += [r for r in self.references(other.unit) if r not in refs]
        return Alignment(kind, round(score, 4), tuple(refs[:MAX_SOURCES]), candidates, len(top.unit.indices))

    def sentence(self, document: int, index: int) -> SourceUnit:
        """The unit of one source sentence."""
        return self.units[self._position[(document, (index,))]]

    def references(self, unit: SourceUnit) -> tuple[SourceRef, ...]:
        """The unit's sentences, in their document's order (scorers read two as one text)."""
        path = self.sources[unit.document].path
        return tuple(SourceRef(path, i, self.source_segments[unit.document][i].text, unit.document) for i in unit.indices)


def align(aligner: Aligner, targets: Sequence[TargetView]) -> list[Alignment]:
    """Alignments of consecutive target sentences, joining two that split one source sentence (2-1).

    Each half of a split sentence carries part of it, so both must rank that source sentence
    first, and together say it more closely than either alone. A half may say too little to be
    a counterpart on its own (the short second sentence of a long one split in two); the other
    half must then be likely one, and the join one that scores within the merge margin of it.
    """
    rankings = [aligner.rank(t) for t in targets]
    alignments = [aligner.alignment(r) for r in rankings]
    for i in range(len(targets) - 1):
        first, second = rankings[i], rankings[i + 1]
        if not first or not second or first[0].unit is not second[0].unit or len(first[0].unit.indices) != 1:
            continue
        kinds = (alignments[i].kind, alignments[i + 1].kind)
        if kinds == ("none", "none"):
            continue
        joined = aligner.scored(aligner.merged_view(targets[i], targets[i + 1]), first[0].unit)
        if "none" in kinds:  # the half with no counterpart must not spoil the one it joins
            aligned = first if kinds[0] != "none" else second
            if (aligner.counterpart(aligned) is not aligned[0] or aligned[0].probability < _SURE_HALF
                    or not aligner.model.within_merge_margin(joined.probability, aligned[0].probability)
                    or not aligner.is_counterpart(joined)):
                continue
        elif (joined.probability <= max(first[0].probability, second[0].probability) or not aligner.is_counterpart(joined)
              or aligner.counterpart(first) is not first[0] or aligner.counterpart(second) is not second[0]):
            continue  # both halves aligned to that sentence, and the two together a counterpart of it
        alignments[i] = aligner.alignment(first, joined)
        alignments[i + 1] = aligner.alignment(second, joined)
    return alignments


def in_original_order(aligner: Aligner, targets: Sequence[TargetView], alignments: Sequence[Alignment],
                      original: int) -> list[Alignment]:
    """Target sentences with no counterpart aligned, as partial ones, by the order of the story they translate.

    A translation keeps its original's order: a sentence between two whose best sources are sentences n - 1 and
    n + 1 of the original translates sentence n, however much the translator cut or reworded it ("Os agentes foram
    atendidos no local." for "The officers were treated for minor facial injuries at the scene."), when sentence n
    is its best-ranked candidate, too weak alone to be a counterpart, no other target sentence has n, and the
    pair shares some meaning (GAP_FLOOR). A sentence the translator added where one is left out ranks another
    sentence first. The first and the last sentence count the story's ends as aligned.
    """
    filled = list(alignments)
    if len(alignments) < 2:
        return filled
    sentences = len(aligner.source_segments[original])
    units = [[ref.index for ref in a.sources[:a.unit_size]] if a.sources and a.sources[0].document == original else None
             for a in alignments]
    taken = {index for indices in units if indices for index in indices}
    for i, alignment in enumerate(alignments):
        if alignment.kind != "none":
            continue
        before = -1 if i == 0 else (units[i - 1][-1] if units[i - 1] else None)
        after = sentences if i == len(alignments) - 1 else (units[i + 1][0] if units[i + 1] else None)
        if before is None or after is None or after - before != 2 or before + 1 in taken:
            continue
        best = alignment.candidates[0][0] if alignment.candidates else None
        if best is None or (best.document, best.index) != (original, before + 1):
            continue  # not its own best match: a sentence the translator added, in place of one left out
        scored = aligner.scored(targets[i], aligner.sentence(original, before + 1))
        if float(scored.features[FEATURES.index("cos_cross")]) < GAP_FLOOR:
            continue
        filled[i] = Alignment("partial", round(scored.probability, 4), aligner.references(scored.unit),
                              alignment.candidates)
        taken.add(before + 1)
    return filled


def original_source(segments: Sequence[Segment], alignments: Sequence[Alignment]) -> int | None:
    """The position among the sources of the document the target translates, if one is: the document holding the best
    sources of target sentences that have at least ORIGINAL_SHARE of the target's words. Other sources are comparable
    reports, which may say more or less than the target's original."""
    words = [len(_WORD.findall(segment.visible_text)) for segment in segments]
    documents: Counter = Counter()
    for count, alignment in zip(words, alignments, strict=True):
        if alignment.sources:
            documents[alignment.sources[0].document] += count
    total = sum(words)
    if not documents or not total:
        return None
    document, count = documents.most_common(1)[0]
    return document if count >= ORIGINAL_SHARE * total else None
