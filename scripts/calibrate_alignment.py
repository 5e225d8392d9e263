"""Fit the alignment model (mtqa/data/alignment.json) on NTREX news, English and its human pt-BR translation.

Each Portuguese sentence is aligned against a pool: its own English story plus three others.
- Its own English sentence is a counterpart; every other pool sentence is not.
- A shortened English sentence (its longest clause only) stands for a partial counterpart.
- The same sentence against four other stories stands for a sentence with no counterpart.
- The same sentence with its own English sentence left out is matched against the rest of its
  story, which restates some facts in other words, as comparable stories do. Whether a candidate
  restates the left-out sentence is judged in English, by its embedding similarity to it: above
  the 99th percentile of same-story sentence pairs it is a partial counterpart, below the 90th it
  is unrelated, in between it is left out.
- Two consecutive Portuguese sentences joined as one stand for a 1-2 link; the merge margin (in
  log-odds) is the one that aligns best, weighing 1-1 links nine times 1-2 links.

A first stage, fitted on the counterparts and non-counterparts, ranks candidates; a second stage,
fitted on its output for all of the above, decides where ``none`` begins.

Documents with an even position fit the model, odd ones measure it; the held-out numbers are
printed and stored with the model. Usage:

    python scripts/calibrate_alignment.py ../shared/eval/ntrex-ptbr/ntrex-dev.en-ptbr.tsv
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mtqa.align import (COUNTERPART_FEATURES, FEATURES, counterpart_features, Aligner, AlignmentModel, SourceUnit, TargetView, anchors, clauses,
                        content_words, pair_features, paired_features)
from mtqa.embed import SentenceEncoder
from mtqa.model import Document, Segment
from mtqa.translate import TranslationCache, load_translator

OUTPUT = Path(__file__).resolve().parent.parent / "mtqa" / "data" / "alignment.json"
OTHER_STORIES = 3


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


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 50) -> tuple[np.ndarray, float]:
    """Newton's method on the L2-regularised log-loss; deterministic."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(design @ w)))
        gradient = design.T @ (p - y) + l2 * np.r_[w[:-1], 0]
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + l2 * np.diag(np.r_[np.ones(len(w) - 1), 0])
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

    def translate(self, sentences: list[str]) -> list[str]:
        return self.cache.translate(self.translator, sentences, "pt", "en")

    def pool(self, n: int, own: bool = True, drop: int | None = None) -> tuple[list[Document], list[list[Segment]]]:
        others = self.rng.sample([k for k in range(len(self.stories)) if k != n], OTHER_STORIES + (not own))
        documents, segments = [], []
        for k in [n, *others] if own else others:
            sentences = [s for i, s in enumerate(self.stories[k].english) if not (k == n and i == drop)]
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
                                  content_words(text), anchors(text))
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

    def unmatched_best(self, n: int, model: AlignmentModel, sample: int = 8) -> list[np.ndarray]:
        """Features of the best candidate of sentences aligned against other stories only."""
        story = self.stories[n]
        documents, segments = self.pool(n, own=False)
        aligner = Aligner(self.encoder, documents, segments, model=model)
        targets = self.targets(aligner, story.portuguese)
        picked = sorted(self.rng.sample(range(len(targets)), min(sample, len(targets))))
        return [ranked[0].features for i in picked if (ranked := aligner.rank(targets[i]))]

    def same_story_similarity(self, stories: list[int]) -> tuple[float, float]:
        """Where English sentences of one story restate each other (99th pct) and where they are unrelated (90th)."""
        similarities = []
        for n in stories:
            vectors = self.encoder.encode_document(self.stories[n].english)
            matrix = vectors @ vectors.T
            similarities += list(matrix[~np.eye(len(vectors), dtype=bool)])
        return float(np.percentile(similarities, 99)), float(np.percentile(similarities, 90))

    def restatements(self, n: int, model: AlignmentModel, restates: float, unrelated: float,
                     sample: int = 8) -> tuple[list[np.ndarray], list[float]]:
        """Top candidates of sentences whose own English sentence left the pool, labelled in English."""
        story = self.stories[n]
        english = self.encoder.encode_document(story.english)
        rows, labels = [], []
        for i in sorted(self.rng.sample(range(len(story.portuguese)), min(sample, len(story.portuguese)))):
            documents, segments = self.pool(n, drop=i)
            aligner = Aligner(self.encoder, documents, segments, model=model)
            target = self.targets(aligner, story.portuguese)[i]
            for scored in [s for s in aligner.rank(target) if len(s.unit.indices) == 1][:3]:
                if scored.unit.document != 0:
                    label = 0.0
                else:
                    j = scored.unit.indices[0] + (scored.unit.indices[0] >= i)  # index in the full story
                    similarity = float(english[i] @ english[j])
                    if unrelated < similarity < restates:
                        continue
                    label = float(similarity >= restates)
                rows.append(scored.features)
                labels.append(label)
        return rows, labels

    def accuracy(self, indices: list[int], model: AlignmentModel) -> dict[str, float]:
        """Top-1 accuracy for 1-1 sentences and for two sentences joined (1-2) on held-out stories."""
        one_right = one_total = two_right = two_total = 0
        kinds = defaultdict(int)
        for n in indices:
            story = self.stories[n]
            documents, segments = self.pool(n)
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
                "parallel_share": kinds["parallel"] / one_total, "none_share": kinds["none"] / one_total}


# Only the first stage's log-odds: what the fit starts from, before the second stage exists.
LOG_ODDS_ONLY = (1.0,) + (0.0,) * (len(COUNTERPART_FEATURES) - 1)
PLACEHOLDER = AlignmentModel(weights=(1.0,) * len(FEATURES), bias=0.0, counterpart_weights=LOG_ODDS_ONLY,
                             counterpart_bias=0.0, parallel_from=0.8, merge_margin=0.0)


CHECKED_SENTENCES = 4


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
    weights, bias = fit_logistic(x, y)
    first_stage = AlignmentModel(tuple(weights), bias, LOG_ODDS_ONLY, 0.0, 0.8, 0.0)
    probability = first_stage.probability(x)
    parallel_from = balanced_threshold(probability[kinds == "partial"], probability[kinds == "parallel"])

    counterparts = x[kinds != "other"]
    unmatched = [f for n in fit_on for f in calibration.unmatched_best(n, first_stage)]
    restates, unrelated = calibration.same_story_similarity(fit_on)
    restated_rows, restated_labels = [], []
    for n in fit_on:
        rows_n, labels_n = calibration.restatements(n, first_stage, restates, unrelated)
        restated_rows += rows_n
        restated_labels += labels_n
    features = np.array([counterpart_features(first_stage, f) for f in [*counterparts, *unmatched, *restated_rows]])
    labels = np.r_[np.ones(len(counterparts)), np.zeros(len(unmatched)), restated_labels]
    # Weigh the classes equally (repeat the smaller), so the 0.5 cut sits between them.
    positives, negatives = features[labels == 1], features[labels == 0]
    repeat = max(1, round(len(positives) / max(1, len(negatives))))
    counterpart_weights, counterpart_bias = fit_logistic(
        np.vstack([positives] + [negatives] * repeat), np.r_[np.ones(len(positives)), np.zeros(len(negatives) * repeat)])

    def model_with(margin: float) -> AlignmentModel:
        return AlignmentModel(tuple(float(w) for w in weights), bias, tuple(float(w) for w in counterpart_weights),
                              counterpart_bias, parallel_from, margin, fitted_on="NTREX")

    # Most target sentences have one counterpart sentence; weigh 1-1 links nine times 1-2 links.
    margins = {}
    for margin in (-2.0, -1.5, -1.0, -0.5, 0.0):
        scores = calibration.accuracy(fit_on[:8], model_with(margin))
        margins[margin] = 0.9 * scores["top1_1to1"] + 0.1 * scores["top1_1to2"]
    merge_margin = max(margins, key=lambda m: (round(margins[m], 6), m))
    model = model_with(merge_margin)

    held = calibration.accuracy(held_out, model)
    unmatched_held = [f for n in held_out for f in calibration.unmatched_best(n, model)]
    held["none_against_other_stories"] = float(np.mean([model.counterpart_probability(f) < 0.5 for f in unmatched_held]))
    result = {
        "fitted_on": f"NTREX-128 dev en/pt-BR, {len(fit_on)} stories (even positions); scripts/calibrate_alignment.py",
        "weights": dict(zip(FEATURES, (round(float(w), 6) for w in weights))),
        "bias": round(bias, 6),
        "counterpart_weights": dict(zip(COUNTERPART_FEATURES, (round(float(w), 6) for w in counterpart_weights))),
        "counterpart_bias": round(counterpart_bias, 6),
        "parallel_from": round(parallel_from, 6),
        "merge_margin": merge_margin,
        "held_out": {k: round(v, 4) for k, v in held.items()} | {"stories": len(held_out)},
        "fitted_features": fitted_features(calibration, calibration.stories[fit_on[0]]),
        "examples": {"pairs": int(len(y)), "counterparts": int(y.sum()), "partial": int((kinds == "partial").sum()),
                     "unmatched": len(unmatched), "restated": int(sum(restated_labels)),
                     "same_story_unrelated": int(len(restated_labels) - sum(restated_labels)),
                     "restates_from": round(restates, 4), "unrelated_below": round(unrelated, 4)},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    json.dump(result, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
