"""mtqa against human MQM annotations: WMT22 chat, en<->pt-BR (one MT system, both directions).

Prints, per direction and pooled:
- character-level span F1 of mtqa's issues against the annotators' error spans (all
  severities; major and critical only), next to the floor of flagging every character;
- Kendall tau-b of mtqa's segment score against the annotators' MQM score, next to two peers
  computed in the same run: round-trip chrF (the MT translated back, against the source; no
  reference) and sentence chrF of the MT against the human reference.

    python scripts/eval_wmt22.py [annotations.csv] [--limit N] [--json OUT]
"""
from __future__ import annotations

import argparse
import csv
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sacrebleu.metrics import CHRF

from mtqa.pipeline import Engine

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "wmt22-chat-en-ptbr" / "annotations.pt-br.baseline.primary.csv"
LANGS = {"en_pt-br": ("en", "pt"), "pt-br_en": ("pt", "en")}
SERIOUS = ("major", "critical")


@dataclass(frozen=True)
class Row:
    lp: str
    source: str
    mt: str
    reference: str
    mqm: float
    spans: tuple[tuple[int, int, str], ...]  # (start, end, severity) into mt


def read_rows(path: Path) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            spans = []
            if record["start_index"]:
                starts, ends = record["start_index"].split("/"), record["end_index"].split("/")
                for start, end, severity in zip(starts, ends, record["severity"].split("/")):
                    start, end = int(start), min(int(end), len(record["mt"]))
                    if severity != "neutral" and start < len(record["mt"]):
                        spans.append((start, max(end, start + 1), severity))
            rows.append(Row(record["lp"], record["source"], record["mt"], record["reference"],
                            float(record["mqm"]), tuple(spans)))
    return rows


def characters(spans, length: int, severities=None) -> set[int]:
    marked = set()
    for start, end, severity in spans:
        if severities is None or severity in severities:
            marked.update(range(start, min(max(end, start + 1), length)))  # a point (omission) marks one character
    return marked


def span_f1(rows: list[Row], predicted: list[tuple], severities=None) -> dict:
    gold_total = hit = predicted_total = length_total = 0
    for row, spans in zip(rows, predicted):
        gold = characters(row.spans, len(row.mt), severities)
        found = characters(spans, len(row.mt), severities)
        gold_total, predicted_total = gold_total + len(gold), predicted_total + len(found)
        hit += len(gold & found)
        length_total += len(row.mt)
    precision = hit / predicted_total if predicted_total else 0.0
    recall = hit / gold_total if gold_total else 0.0
    floor_precision = gold_total / length_total if length_total else 0.0
    return {"f1": round(_f1(precision, recall), 4), "precision": round(precision, 4), "recall": round(recall, 4),
            "floor_f1": round(_f1(floor_precision, 1.0), 4)}


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def kendall_tau_b(x, y) -> float:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    dx = np.sign(x[:, None] - x[None, :])
    dy = np.sign(y[:, None] - y[None, :])
    upper = np.triu_indices(len(x), k=1)
    dx, dy = dx[upper], dy[upper]
    concordant_minus_discordant = float((dx * dy).sum())
    ties_x, ties_y = float((dx != 0).sum()), float((dy != 0).sum())
    return concordant_minus_discordant / np.sqrt(ties_x * ties_y) if ties_x and ties_y else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annotations", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--limit", type=int, help="first N rows of each direction (quick runs)")
    parser.add_argument("--json", type=Path, help="write the figures and every row's issues here")
    args = parser.parse_args()
    rows = read_rows(args.annotations)
    engine, chrf = Engine(), CHRF()
    started = time.perf_counter()
    figures, details, pooled = {}, [], defaultdict(list)
    for lp, (source_lang, target_lang) in LANGS.items():
        chosen = [r for r in rows if r.lp == lp][: args.limit]
        results = engine.segments([(r.source, r.mt) for r in chosen], source_lang, target_lang)
        predicted = [tuple((i.start, i.end, i.severity) for i in result.issues if i.severity != "neutral")
                     for result in results]
        scores = [result.score for result in results]
        round_trip = [result.round_trip_chrf for result in results]
        with_reference = [chrf.sentence_score(r.mt, [r.reference]).score for r in chosen]
        human = [r.mqm for r in chosen]
        figures[lp] = _figures(chosen, predicted, human, scores, round_trip, with_reference)
        for key, values in (("rows", chosen), ("predicted", predicted), ("human", human), ("mtqa", scores),
                            ("round_trip", round_trip), ("with_reference", with_reference)):
            pooled[key] += values
        details += [{"lp": lp, "source": r.source, "mt": r.mt, "gold": r.spans, "mqm": r.mqm, "score": result.score,
                     "issues": [{"text": i.text, "start": i.start, "end": i.end, "category": i.category,
                                 "severity": i.severity, "message": i.message} for i in result.issues]}
                    for r, result in zip(chosen, results)]
    figures["pooled"] = _figures(pooled["rows"], pooled["predicted"], pooled["human"], pooled["mtqa"],
                                 pooled["round_trip"], pooled["with_reference"])
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["signature"] = engine.signature()
    _print(figures)
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "rows": details}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _figures(rows, predicted, human, scores, round_trip, with_reference) -> dict:
    return {
        "segments": len(rows),
        "span_all": span_f1(rows, predicted),
        "span_major_critical": span_f1(rows, predicted, SERIOUS),
        "kendall": {"mtqa": round(kendall_tau_b(scores, human), 4),
                    "round_trip_chrf": round(kendall_tau_b(round_trip, human), 4),
                    "chrf_with_reference": round(kendall_tau_b(with_reference, human), 4)},
    }


def _print(figures: dict) -> None:
    print(f"{'':<10} {'segs':>5} {'F1 all':>7} {'floor':>6} {'x':>5} {'F1 maj+':>8} {'floor':>6} {'x':>5} "
          f"{'tau mtqa':>9} {'rt-chrF':>8} {'x':>5} {'chrF+ref':>9}")
    for name, f in figures.items():
        if not isinstance(f, dict) or "span_all" not in f:
            continue
        a, m, k = f["span_all"], f["span_major_critical"], f["kendall"]
        print(f"{name:<10} {f['segments']:>5} {a['f1']:>7.3f} {a['floor_f1']:>6.3f} {a['f1'] / a['floor_f1']:>5.2f} "
              f"{m['f1']:>8.3f} {m['floor_f1']:>6.3f} {m['f1'] / m['floor_f1']:>5.2f} {k['mtqa']:>9.3f} "
              f"{k['round_trip_chrf']:>8.3f} {k['mtqa'] / k['round_trip_chrf'] if k['round_trip_chrf'] else 0:>5.2f} "
              f"{k['chrf_with_reference']:>9.3f}")
    print("targets: span F1 (all) >= 1.5x floor; Kendall >= 1.5x round-trip chrF; moonshot: above chrF with reference")
    print(f"elapsed {figures['seconds']} s; {figures['signature']}")


if __name__ == "__main__":
    raise SystemExit(main())
