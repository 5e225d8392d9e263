"""The scoring stage: run the scorers over aligned segments, then grade segments and the story.

Each scorer grades its findings on the words it looked at; the stage then grades them in their
sentence: in a sentence that as a whole means something else than its source, the doubtful
words and gaps the scorers found minor are where it departs, and are major.

MQM penalty: each issue weighs by its severity (minor 1, major 5, critical 25, neutral 0);
a text's MQM score is ``100 * (1 - penalty / words)``, words counted in the target, so a
clean text scores 100 and a text with one major error every five words scores 0 (it can
go below zero). Alongside, sacrebleu BLEU, chrF and TER of the target's machine translation
against its aligned source sentences, a reference-free round trip, with their signatures.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from sacrebleu.metrics import BLEU, CHRF, TER

from .model import Issue
from .scorers import WEAK_ALONE, Pair, Scorer, Story
from .words import tokens

SEVERITY_WEIGHTS = {"neutral": 0, "minor": 1, "major": 5, "critical": 25}

# When two scorers flag overlapping text, the more specific finding stands: a garbled name
# is also "a word that means something else", but the reviewer needs one issue, the precise one.
_PRECEDENCE = ("names", "numbers", "terms", "untranslated", "omission", "meaning", "fluency")

# A sentence that as a whole means something else than the source sentence it translates has
# gone wrong somewhere: a word or a gap that would be a doubtful slip in a faithful sentence is
# then where it departs. Both the sentence and its machine translation must be this far from the
# source (cosine of sentence embeddings), so a free rendering the encoder misreads in one
# language is not taken for a departure: 2% of NTREX's human translations fall under it.
DIVERGENT_BELOW = 0.6
# With one or two doubtful spots, a sentence departs at them from further up: the distance has
# nowhere else to come from. With more, it is spread over a free rendering, and only
# DIVERGENT_BELOW counts. 3 of NTREX's 956 human-translated sentences have so few doubtful spots this far out.
FEW_DOUBTFUL = 2
DIVERGENT_AT_FEW_BELOW = 0.75
_RAISED_IN_DIVERGENT = ("accuracy/mistranslation", "accuracy/omission", "accuracy/addition")


def find_issues(pairs: Sequence[Pair], story: Story, scorers: Sequence[Scorer]) -> list[Issue]:
    by_scorer = [_scored(scorer, pairs, story) for scorer in scorers]
    scored = []
    for n, pair in enumerate(pairs):
        issues = _without_overlaps([issue for found in by_scorer for issue in found[n]])
        scored.append((pair, issues, _doubtful(pair, issues, story)))
    # the sentences to weigh as wholes are encoded together: one encoder call per story, not three per sentence
    story.text_vectors([text for pair, _, doubtful in scored if doubtful for text in _weighed_as_wholes(pair)])
    found = [issue for pair, issues, doubtful in scored for issue in _graded_in_context(pair, issues, doubtful, story)
             if not (issue.severity == "minor" and issue.evidence.get(WEAK_ALONE))]
    return sorted(found, key=lambda i: (i.segment, i.start, i.end, i.scorer, i.category, i.message))


def _scored(scorer: Scorer, pairs: Sequence[Pair], story: Story) -> list[list[Issue]]:
    """Each pair's issues by one scorer: all pairs at once where the scorer takes them so (``score_all``)."""
    if hasattr(scorer, "score_all"):
        return scorer.score_all(pairs, story)
    return [scorer.score(pair, story) for pair in pairs]


def _rank(issue: Issue) -> int:
    return _PRECEDENCE.index(issue.scorer) if issue.scorer in _PRECEDENCE else len(_PRECEDENCE)


def _overlap(a: Issue, b: Issue) -> bool:
    if a.start == a.end or b.start == b.end:  # omissions are points: only the same point overlaps
        return a.start == b.start and a.end == b.end
    return a.start < b.end and b.start < a.end


def _hides(issue: Issue) -> bool:
    """Whether an issue hides the accuracy issues of less specific scorers over the same text: not a note (neutral)
    nor a form slip, except a note that the source lacks the words altogether (an addition that another outlet's
    report cannot confirm): words with nothing opposite them in the source cannot be its mistranslation either."""
    if issue.scorer == "fluency":
        return False
    return issue.severity != "neutral" or issue.category == "accuracy/addition"


def _without_overlaps(issues: list[Issue]) -> list[Issue]:
    kept: list[Issue] = []
    for issue in sorted(issues, key=lambda i: (_rank(i), i.start, i.end, i.category)):
        if issue.severity == "neutral" or issue.scorer == "fluency":
            kept.append(issue)  # notes and form slips are never hidden by accuracy issues
        elif not any(_overlap(issue, other) and _hides(other) for other in kept):
            kept.append(issue)
    return kept


def _doubtful(pair: Pair, issues: list[Issue], story: Story) -> set[int]:
    """The minor accuracy issues that a departure of the whole sentence from its source would raise.

    Only a sentence translating its source on its own counts: the half of a source sentence
    split in two, or a comparable report's counterpart (another outlet's, even one saying the same
    thing), says less than its source or other things, and content an adjacent sentence says has
    moved, not gone.
    """
    if not pair.translates_source or pair.neighbours or story.embed is None:
        return set()
    return {n for n, i in enumerate(issues) if i.severity == "minor" and i.category in _RAISED_IN_DIVERGENT
            and not i.evidence.get("adjacent_sentences_say_it")}


def _weighed_as_wholes(pair: Pair) -> tuple[str, str, str]:
    """The sentence, its translation and its source, whose vectors say whether its meaning departs."""
    return pair.text, pair.translation, pair.best_source


def _graded_in_context(pair: Pair, issues: list[Issue], doubtful: set[int], story: Story) -> list[Issue]:
    """The doubtful minor issues of a sentence whose meaning departs from its source's are major."""
    if not doubtful:
        return issues
    vectors = story.text_vectors(_weighed_as_wholes(pair))
    source = vectors[pair.best_source]
    similarity = max(float(np.dot(vectors[pair.text], source)), float(np.dot(vectors[pair.translation], source)))
    # the spots counted include those too weak to show alone (WEAK_ALONE): the distance comes from them too, and
    # counting only those shown raises more of NTREX's human translations (major per 100 rows 14.5 -> 18.5 pt->en)
    if similarity >= (DIVERGENT_AT_FEW_BELOW if len(doubtful) <= FEW_DOUBTFUL else DIVERGENT_BELOW):
        return issues
    note = f"; the sentence as a whole means something else than its source (similarity {similarity:.2f})"
    return [replace(i, severity="major", message=i.message + note,
                    evidence={**i.evidence, "sentence_similarity": round(similarity, 3)}) if n in doubtful else i
            for n, i in enumerate(issues)]


def word_count(text: str) -> int:
    return max(1, sum(any(ch.isalnum() for ch in t.text) for t in tokens(text)))


def penalty(issues: Sequence[Issue]) -> int:
    return sum(SEVERITY_WEIGHTS[i.severity] for i in issues)


def mqm_score(issues: Sequence[Issue], words: int) -> float:
    return round(100.0 * (1.0 - penalty(issues) / max(words, 1)), 4)


def round_trip_metrics(translations: Sequence[str], references: Sequence[str]) -> dict:
    """BLEU, chrF and TER of translations (into the source language) against source sentences."""
    if not translations:
        return {}
    scores = {}
    for name, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER())):
        result = metric.corpus_score(list(translations), [list(references)])
        scores[name] = {"score": round(result.score, 4), "signature": str(metric.get_signature())}
    return scores


def segment_round_trip_chrf(translation: str, references: Sequence[str]) -> float:
    if not references:
        return 0.0
    return round(CHRF().sentence_score(translation, list(references)).score, 4)
