"""Wrong figures against comparable sources: mtqa's number issues on the hand-aligned comparable corpora.

Each corpus keeps, in its gold, the English original of every Portuguese sentence (`original_en`).
A figure of a Portuguese sentence that its original does not state is a planted error (a wrong
figure, date or month); one that it states is right, whatever the comparable reports say. Prints,
per severity, the number issues on right figures (false alarms) and on planted ones, and how many
planted figures some minor, major or critical number issue found.

    python scripts/eval_figures.py [corpora/comparable] [corpora/comparable-test] [--quiet]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from eval_alignment import GOLD, ROOT, Corpus, corpora
from mtqa.numbers import quantities, same_quantity
from mtqa.pipeline import Engine


def planted(text: str, original: str, target_lang: str, source_lang: str) -> list:
    """The figures of a sentence that its original does not state; a count spelled out in words is left out,
    as the numbers scorer leaves it ("as duas empresas" for "both companies": idiom, not a figure)."""
    stated = quantities(original, source_lang)
    return [q for q in quantities(text, target_lang) if not any(same_quantity(q, s) for s in stated)
            and not (q.family == "number" and q.spelled_out)]


def on_figure(issue, segment, figure) -> bool:
    """Whether an issue's span overlaps a figure read from its segment's text."""
    return segment.start + figure.start < issue.end and issue.start < segment.start + figure.end


def evaluate(engine: Engine, folder: Path, quiet: bool) -> Counter:
    corpus = Corpus.read(folder)
    gold = json.loads((folder / GOLD).read_text(encoding="utf-8"))
    report = engine.compare(corpus.target, corpus.sources)
    source_lang, target_lang = report.sources[0].lang, report.target.lang
    counts = Counter()
    for result, original in zip(report.segments, gold["original_en"], strict=True):
        segment = result.segment
        wrong = planted(segment.text, original, target_lang, source_lang)
        issues = [i for i in report.issues if i.segment == segment.index and i.category == "accuracy/number"
                  and i.severity != "neutral"]
        for issue in issues:
            on_planted = any(on_figure(issue, segment, q) for q in wrong)
            counts[f"{issue.severity}_on_{'planted' if on_planted else 'right'}"] += 1
            if not quiet:
                print(f"{folder.name} {segment.index:>2} {issue.severity:<5} {'planted' if on_planted else 'RIGHT  '} "
                      f"{result.alignment.kind:<8} {result.alignment.score:.3f} {issue.message[:80]}")
        counts["planted"] += len(wrong)
        counts["planted_found"] += sum(any(on_figure(i, segment, q) for i in issues) for q in wrong)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="*",
                        default=[ROOT / "corpora" / "comparable", ROOT / "corpora" / "comparable-test"])
    parser.add_argument("--quiet", action="store_true", help="totals only, no line per issue")
    args = parser.parse_args()
    engine = Engine()
    total = Counter()
    for folder in corpora(args.corpus):
        total += evaluate(engine, folder, args.quiet)
    serious = total["major_on_planted"] + total["critical_on_planted"]
    flagged = serious + total["major_on_right"] + total["critical_on_right"]
    print(json.dumps({**dict(sorted(total.items())),
                      "major_precision": round(serious / flagged, 3) if flagged else None,
                      "planted_recall": round(total["planted_found"] / total["planted"], 3) if total["planted"] else None,
                      "signature": engine.signature()}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
