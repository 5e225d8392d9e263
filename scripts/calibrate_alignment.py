"""Fit the alignment model (mtqa/data/alignment.json) on NTREX news, English and its human pt-BR translation.

Each Portuguese sentence is aligned against a pool: its own English story plus three others.
- Its own English sentence is a counterpart; every other pool sentence is not.
- A shortened English sentence (its longest clause only) stands for a partial counterpart.
- The same sentence against four other stories stands for a sentence with no counterpart (held-out
  stories measure how often it comes out `none`).
- Two consecutive Portuguese sentences joined as one stand for a 1-2 link; the merge margin (in
  log-odds) is the largest that aligns within one standard error of the best, weighing 1-1 links
  nine times 1-2 links.

A first stage, fitted on the counterparts and non-counterparts, ranks candidates.

A second stage decides where ``none`` begins. NTREX stand-ins alone did not teach it (labelling
another sentence of the same story a restatement or not by its similarity, for one): comparable
wires report a fact in other words, and their unrelated sentences name the same people. It is
fitted on NTREX's counterparts and its sentences' candidates among other stories, and on
hand-aligned comparable stories (corpora/comparable, each with its alignment-gold.json): each
target sentence's best-ranked candidates, labelled by the gold.

Documents with an even position fit the model, odd ones measure it, and the comparable stories of
corpora/comparable-test, never fitted on, measure the second stage; the held-out numbers are
printed and stored with the model. Usage:

    python scripts/calibrate_alignment.py ../shared/eval/ntrex-ptbr/ntrex-dev.en-ptbr.tsv
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from eval_alignment import Corpus, accepted, aligner_and_views, alignments, corpora, counted, totals, verdicts
from mtqa.align import (COUNTERPART_CANDIDATES, COUNTERPART_FEATURES, RANKING_FEATURES, Aligner, AlignmentModel,
                        SourceUnit, TargetView, anchors, clauses, content_words, counterpart_features, figures,
                        pair_features, paired_features)
from mtqa.embed import SentenceEncoder
from mtqa.model import Document, Segment
from mtqa.translate import TranslationCache, load_translator

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "mtqa" / "data" / "alignment.json"
COMPARABLE = ROOT / "corpora" / "comparable"
COMPARABLE_TEST = ROOT / "corpora" / "comparable-test"
OTHER_STORIES = 3
COMPARABLE_WEIGHT = 3.0  # the comparable stories' candidates against NTREX's examples, in all


@dataclass
class Story:
    doc_id: str
    english: list[str]
    portuguese: list[str]


def read_ntrex(path: Path) -> list[Story]:
    stories: dict[str, Story] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            story = stories.setdefault(row["doc_id"], Story(row["doc_id"], [], []))
            story.english.append(row["en"].strip())
            story.portuguese.append(row["pt_br"].strip())
    return list(stories.values())


def as_segments(sentences: list[str]) -> list[Segment]:
    return [Segment(i, 0, len(s), s) for i, s in enumerate(sentences)]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 50,
                 weight: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Newton's method on the L2-regularised log-loss, each example counting ``weight`` times (1); deterministic."""
    design = np.hstack([x, np.ones((len(x), 1))])
    weight = np.ones(len(x)) if weight is None else weight
    w = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(design @ w)))
        gradient = design.T @ (weight * (p - y)) + l2 * np.r_[w[:-1], 0]
        hessian = design.T @ (design * (weight * p * (1 - p))[:, None]) + l2 * np.diag(np.r_[np.ones(len(w) - 1), 0])
        w -= np.linalg.solve(hessian, gradient)
    return w[:-1], float(w[-1])


def balanced_threshold(low: np.ndarray, high: np.ndarray) -> float:
    """The cut between two score samples that maximises balanced accuracy."""
    grid = np.unique(np.concatenate([low, high]))
    best = max(grid, key=lambda t: ((low < t).mean() + (high >= t).mean(), -t))
    return float(best)


class Calibration:
    def __init__(self, stories: list[Story]) -> None:
        self.stories = stories
        self.encoder = SentenceEncoder()
        self.translator = load_translator()
        self.cache = TranslationCache()
        self.rng = random.Random(13)

    def translate(self, sentences: list[str], source_lang: str = "pt", target_lang: str = "en") -> list[str]:
        return self.cache.translate(self.translator, sentences, source_lang, target_lang)

    def pool(self, n: int, own: bool = True, rng: random.Random | None = None) -> tuple[list[Document], list[list[Segment]]]:
        others = (rng or self.rng).sample([k for k in range(len(self.stories)) if k != n], OTHER_STORIES + (not own))
        documents, segments = [], []
        for k in [n, *others] if own else others:
            sentences = self.stories[k].english
            documents.append(Document(self.stories[k].doc_id, " ".join(sentences), "en"))
            segments.append(as_segments(sentences))
        return documents, segments

    def targets(self, aligner: Aligner, sentences: list[str]) -> list[TargetView]:
        return aligner.views(sentences, self.translate(sentences))

    def examples(self, n: int):
        """Feature rows, labels (1 for a counterpart) and kinds (parallel, partial, other) of one story's sentences."""
        story = self.stories[n]
        documents, segments = self.pool(n)
        aligner = Aligner(self.encoder, documents, segments, model=PLACEHOLDER)
        rows, labels, kinds = [], [], []
        targets = self.targets(aligner, story.portuguese)
        for i, target in enumerate(targets):
            for unit_index in aligner._shortlist(target):
                unit = aligner.units[unit_index]
                if len(unit.indices) != 1:
                    continue
                rows.append(pair_features(target, unit, aligner.rarity))
                counterpart = unit.document == 0 and unit.indices == (i,)
                labels.append(1.0 if counterpart else 0.0)
                kinds.append("parallel" if counterpart else "other")
            for text in self.partial_counterparts(story, i):
                unit = SourceUnit(0, (i,), text, self.encoder.encode_document([text])[0],
                                  content_words(text), anchors(text), figures(text))
                rows.append(pair_features(target, unit, aligner.rarity))
                labels.append(1.0)
                kinds.append("partial")
        return rows, labels, kinds

    def partial_counterparts(self, story: Story, i: int) -> list[str]:
        """Stand-ins for another outlet's sentence: part of the counterpart, alone or with another fact."""
        parts = clauses(story.english[i])
        if not parts:
            return []
        shortened = max(parts, key=len)
        if len(shortened.split()) > 0.7 * len(story.english[i].split()):
            return []
        others = [c for j, s in enumerate(story.english) if abs(j - i) > 1 for c in clauses(s)]
        mixed = f"{shortened}, {self.rng.choice(others)}" if others else None
        return [shortened, *([mixed] if mixed else [])]

    def against_other_stories(self, n: int, model: AlignmentModel) -> tuple[Aligner, list[TargetView]]:
        """Story n's Portuguese sentences, to align against a pool of other stories only."""
        documents, segments = self.pool(n, own=False)
        aligner = Aligner(self.encoder, documents, segments, model=model)
        return aligner, self.targets(aligner, self.stories[n].portuguese)

    def unmatched_candidates(self, n: int, model: AlignmentModel) -> list[np.ndarray]:
        """Features of the candidates that may be a counterpart, of every sentence aligned against other stories only."""
        aligner, targets = self.against_other_stories(n, model)
        return [scored.features for target in targets for scored in aligner.rank(target)[:COUNTERPART_CANDIDATES]]

    def unmatched(self, n: int, model: AlignmentModel, sample: int = 8) -> list[bool]:
        """Whether sentences aligned against other stories only come out with no counterpart."""
        aligner, targets = self.against_other_stories(n, model)
        picked = sorted(self.rng.sample(range(len(targets)), min(sample, len(targets))))
        return [aligner.counterpart(aligner.rank(targets[i])) is None for i in picked]

    def candidates(self, corpus: Corpus, model: AlignmentModel) -> tuple[list[np.ndarray], list[float]]:
        """Each target sentence's best-ranked candidates (those that may be its counterpart), labelled by the gold."""
        aligner, views = aligner_and_views(corpus, self.encoder, self.translate, model)
        rows, labels = [], []
        for view, counterparts in zip(views, corpus.counterparts, strict=True):
            for scored in aligner.rank(view)[:COUNTERPART_CANDIDATES]:
                rows.append(scored.features)
                labels.append(float(any(accepted(ref, counterparts) for ref in aligner.references(scored.unit))))
        return rows, labels

    def gold_alignment(self, corpus: Corpus, model: AlignmentModel) -> list[tuple[str, bool, bool]]:
        return verdicts(alignments(corpus, self.encoder, self.translate, model), corpus.counterparts)

    def accuracy(self, indices: list[int], model: AlignmentModel) -> dict[str, float]:
        """Top-1 accuracy for 1-1 sentences and for two sentences joined (1-2) on held-out stories.

        Each story meets the same other stories whatever the model, so that models are compared on the same pools."""
        one_right = one_total = two_right = two_total = 0
        kinds = defaultdict(int)
        for n in indices:
            story = self.stories[n]
            documents, segments = self.pool(n, rng=random.Random(n))
            aligner = Aligner(self.encoder, documents, segments, model=model)
            for i, target in enumerate(self.targets(aligner, story.portuguese)):
                ranked = aligner.rank(target)
                one_total += 1
                one_right += bool(ranked) and ranked[0].unit.document == 0 and ranked[0].unit.indices == (i,)
                kinds[aligner.alignment(ranked).kind] += 1
            for i in range(0, len(story.portuguese) - 1, 4):
                joined = self.targets(aligner, [f"{story.portuguese[i]} {story.portuguese[i + 1]}"])[0]
                ranked = aligner.rank(joined)
                two_total += 1
                two_right += bool(ranked) and ranked[0].unit.document == 0 and ranked[0].unit.indices == (i, i + 1)
        return {"top1_1to1": one_right / one_total, "top1_1to2": two_right / two_total,
                "parallel_share": kinds["parallel"] / one_total, "none_share": kinds["none"] / one_total,
                "sentences": one_total + two_total}


# Only the first stage's log-odds: what the fit starts from, before the second stage exists.
LOG_ODDS_ONLY = (1.0,) + (0.0,) * (len(COUNTERPART_FEATURES) - 1)
PLACEHOLDER = AlignmentModel(weights=(1.0,) * len(RANKING_FEATURES), bias=0.0, counterpart_weights=LOG_ODDS_ONLY,
                             counterpart_bias=0.0, parallel_from=0.8, merge_margin=0.0)


CHECKED_SENTENCES = 4


def shown(path: Path) -> str:
    """A path as the model file records it: from the repository root when it is inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def chosen_margin(calibration: Calibration, fit_on: list[int], model: AlignmentModel) -> tuple[float, dict[float, float]]:
    """The merge margin, and how well each one tried aligns the fit stories.

    Most target sentences have one counterpart sentence; 1-1 links weigh nine times 1-2 links. Of the margins
    that align within one standard error of the best, the one that joins the fewest source pairs: a joined pair
    the target does not need (a headline restating the lede) misleads the scorers, and the fit stories cannot
    tell margins apart more finely than that (the one-standard-error rule)."""
    margins, sentences = {}, 0
    for margin in (-2.0, -1.5, -1.0, -0.5, 0.0):
        scores = calibration.accuracy(fit_on, replace(model, merge_margin=margin))
        margins[margin] = 0.9 * scores["top1_1to1"] + 0.1 * scores["top1_1to2"]
        sentences = scores["sentences"]
    best = max(margins.values())
    return max(m for m, score in margins.items() if score >= best - math.sqrt(best * (1 - best) / sentences)), margins


def fitted_features(calibration: Calibration, story: Story) -> dict:
    """A few sentence pairs of the fitting data and their features, so a test can tell when the features
    mtqa computes are no longer those the model was fitted on (scripts/calibrate_alignment.py must run again)."""
    english, portuguese = story.english[:CHECKED_SENTENCES], story.portuguese[:CHECKED_SENTENCES]
    features = paired_features(calibration.encoder, english, portuguese, calibration.translate(portuguese))
    return {"from": f"NTREX-128 (Federmann et al., 2022; CC BY-SA 4.0), story {story.doc_id}",
            "en": english, "pt": portuguese, "features": [[round(float(x), 4) for x in row] for row in features]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ntrex", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument("--comparable", type=Path, default=COMPARABLE, help="hand-aligned corpora the second stage is fitted on")
    parser.add_argument("--comparable-test", type=Path, default=COMPARABLE_TEST, help="hand-aligned corpora that measure it")
    args = parser.parse_args()
    calibration = Calibration(read_ntrex(args.ntrex))
    fit_on = list(range(0, len(calibration.stories), 2))
    held_out = list(range(1, len(calibration.stories), 2))

    rows, labels, kinds = [], [], []
    for n in fit_on:
        r, l, k = calibration.examples(n)
        rows += r
        labels += l
        kinds += k
    x, y, kinds = np.array(rows), np.array(labels), np.array(kinds)
    weights, bias = fit_logistic(x[:, :len(RANKING_FEATURES)], y)
    first_stage = AlignmentModel(tuple(weights), bias, LOG_ODDS_ONLY, 0.0, 0.8, 0.0)
    probability = first_stage.probability(x)
    parallel_from = balanced_threshold(probability[kinds == "partial"], probability[kinds == "parallel"])

    # The second stage on both kinds of source: NTREX's counterparts (its translations and their shortened
    # clauses) and the candidates of its sentences against other stories only, and the comparable stories'
    # candidates, labelled by their gold; these count COMPARABLE_WEIGHT times as much in all, since they are
    # what a comparison meets. Which candidates a comparable sentence is decided on, and the merge margin,
    # depend on the second stage itself (a pair of source sentences replaces one only when both are
    # counterparts): both are fitted on the first stage's ranking, then again on that of the model they give.
    ntrex = np.array([counterpart_features(first_stage, f) for f in
                      [*x[kinds != "other"], *(f for n in fit_on for f in calibration.unmatched_candidates(n, first_stage))]])
    ntrex_labels = np.r_[np.ones(int((kinds != "other").sum())), np.zeros(len(ntrex) - int((kinds != "other").sum()))]
    comparable = [Corpus.read(folder) for folder in corpora([args.comparable])]
    model = first_stage
    for _ in range(2):
        pairs = [calibration.candidates(corpus, model) for corpus in comparable]
        candidate_labels = np.array([label for _, labels in pairs for label in labels])
        candidates = np.array([counterpart_features(first_stage, row) for rows, _ in pairs for row in rows])
        weight = np.r_[np.ones(len(ntrex)), np.full(len(candidates), COMPARABLE_WEIGHT * len(ntrex) / len(candidates))]
        counterpart_weights, counterpart_bias = fit_logistic(np.vstack([ntrex, candidates]),
                                                             np.r_[ntrex_labels, candidate_labels], weight=weight)
        second_stage = replace(first_stage, counterpart_weights=tuple(float(w) for w in counterpart_weights),
                               counterpart_bias=float(counterpart_bias), parallel_from=parallel_from, fitted_on="NTREX")
        merge_margin, margins = chosen_margin(calibration, fit_on, second_stage)
        model = replace(second_stage, merge_margin=merge_margin)

    held = calibration.accuracy(held_out, model)
    held["none_against_other_stories"] = float(np.mean([none for n in held_out for none in calibration.unmatched(n, model)]))
    tested = counted([found for folder in corpora([args.comparable_test])
                      for found in calibration.gold_alignment(Corpus.read(folder), model)])
    result = {
        "fitted_on": f"NTREX-128 dev en/pt-BR, {len(fit_on)} stories (even positions), then {len(comparable)} "
                     f"hand-aligned comparable stories ({shown(args.comparable)}); scripts/calibrate_alignment.py",
        "weights": dict(zip(RANKING_FEATURES, (round(float(w), 6) for w in weights))),
        "bias": round(bias, 6),
        "counterpart_weights": dict(zip(COUNTERPART_FEATURES, (round(float(w), 6) for w in counterpart_weights))),
        "counterpart_bias": round(counterpart_bias, 6),
        "parallel_from": round(parallel_from, 6),
        "merge_margin": merge_margin,
        "held_out": {k: round(v, 4) for k, v in held.items()} | {"stories": len(held_out)},
        "merge_margins": {str(m): round(score, 4) for m, score in margins.items()},
        "held_out_comparable": totals(tested) | {"stories": len(corpora([args.comparable_test]))},
        "fitted_features": fitted_features(calibration, calibration.stories[fit_on[0]]),
        "examples": {"pairs": int(len(y)), "counterparts": int(y.sum()), "partial": int((kinds == "partial").sum()),
                     "unmatched_candidates": int(len(ntrex) - ntrex_labels.sum()),
                     "comparable_candidates": len(candidate_labels), "comparable_counterparts": int(candidate_labels.sum()),
                     "comparable_weight": COMPARABLE_WEIGHT},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    json.dump(result, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
