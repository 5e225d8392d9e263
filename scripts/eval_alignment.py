"""Alignment against the hand-written gold of a corpus (default: corpora/tariff-talks).

Prints, for each target sentence, the kind, the best source and whether the gold accepts it,
then the totals: best source right among sentences with a counterpart, `none` among those
without, and the top-ranked candidate right (before the none decision).

    python scripts/eval_alignment.py [corpora/tariff-talks]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from mtqa.pipeline import Engine
from mtqa.read import read_story

ROOT = Path(__file__).resolve().parent.parent


def accepted(reference, counterparts: list[dict]) -> bool:
    return any(reference.path.endswith(c["source"]) and reference.text.startswith(c["starts"]) for c in counterparts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=ROOT / "corpora" / "tariff-talks")
    args = parser.parse_args()
    gold = json.loads((args.corpus / "alignment-gold.json").read_text(encoding="utf-8"))
    sources = sorted(p for p in args.corpus.glob("*.txt") if p.name != gold["target"])
    report = Engine().compare(read_story(str(args.corpus / gold["target"])), [read_story(str(p)) for p in sources])

    best = ranked = with_counterpart = none_right = without = 0
    for result, expected in zip(report.segments, gold["segments"], strict=True):
        alignment, counterparts = result.alignment, expected["counterparts"]
        top = alignment.candidates[0][0] if alignment.candidates else None
        if counterparts:
            with_counterpart += 1
            best_right = bool(alignment.sources) and accepted(alignment.sources[0], counterparts)
            best += best_right
            ranked += top is not None and accepted(top, counterparts)
            verdict = "right" if best_right else "WRONG"
        else:
            without += 1
            none_right += alignment.kind == "none"
            verdict = "right" if alignment.kind == "none" else "WRONG"
        shown = f"{Path(alignment.sources[0].path).name[:3]}:{alignment.sources[0].index}" if alignment.sources else "-"
        print(f"{result.segment.index:>3} {alignment.kind:<8} {alignment.score:.3f} {shown:<7} {verdict:<5} {result.segment.text[:60]}")
    print(json.dumps({
        "best_source_right": f"{best}/{with_counterpart}",
        "none_right": f"{none_right}/{without}",
        "top_candidate_right": f"{ranked}/{with_counterpart}",
        "signature": report.signature,
    }, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
