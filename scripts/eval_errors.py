"""mtqa's issues against the hand-written error gold of a corpus (default: corpora/tariff-talks).

Prints each gold error with the issue that found it (if any), then: recall (any category,
and the gold category), precision of the reported issues (non-neutral issues overlapping a
gold error), and the major or critical issues on sentences the gold says are correct.

    python scripts/eval_errors.py [corpora/tariff-talks] [--termbase FILE]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from mtqa.pipeline import Engine
from mtqa.read import read_story
from mtqa.termbase import read_termbase

ROOT = Path(__file__).resolve().parent.parent


def overlaps(issue, error: dict) -> bool:
    if issue.start == issue.end:
        return error["start"] <= issue.start <= error["end"]
    return issue.start < error["end"] and error["start"] < issue.end


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=ROOT / "corpora" / "tariff-talks")
    parser.add_argument("--termbase", type=Path, help="default: termbase.tsv in the corpus, if there is one")
    args = parser.parse_args()
    gold = json.loads((args.corpus / "errors-gold.json").read_text(encoding="utf-8"))
    sources = sorted(p for p in args.corpus.glob("*.txt") if p.name != gold["target"])
    termbase_path = args.termbase or (args.corpus / "termbase.tsv")
    termbase = read_termbase(str(termbase_path)) if termbase_path.exists() else None
    report = Engine().compare(read_story(str(args.corpus / gold["target"])), [read_story(str(p)) for p in sources],
                              termbase)
    flagged = [i for i in report.issues if i.severity != "neutral"]
    found = same_category = 0
    for error in gold["errors"]:
        hits = [i for i in flagged if overlaps(i, error)]
        found += bool(hits)
        same_category += any(i.category == error["category"] for i in hits)
        shown = "; ".join(f"{i.category} {i.severity} {i.text!r}" + (f" -> {i.suggestion!r}" if i.suggestion else "")
                          for i in hits) or "MISSED"
        print(f"{error['segment']:>3} {error['severity']:<6} {error['category']:<24} {error['text'][:40]!r:<44} {shown}")
    true_issues = sum(any(overlaps(i, e) for e in gold["errors"]) for i in flagged)
    clean_majors = [i for i in flagged if i.segment in gold["clean_segments"] and i.severity in ("major", "critical")]
    for issue in clean_majors:
        print(f"  major on a correct sentence: {issue.segment} {issue.category} {issue.text!r}: {issue.message}")
    print(json.dumps({
        "errors": len(gold["errors"]),
        "recall": round(found / len(gold["errors"]), 3),
        "recall_same_category": round(same_category / len(gold["errors"]), 3),
        "issues_reported": len(flagged),
        "precision": round(true_issues / len(flagged), 3) if flagged else None,
        "major_on_correct_sentences": len(clean_majors),
        "mqm": report.scores.get("mqm"),
    }, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
