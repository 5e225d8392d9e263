"""False alarms on clean, segment-aligned text: mtqa segments over NTREX's professional translations.

NTREX-128's pt-BR sentences are human translations of its English ones, checked by their
makers, so nearly every major or critical issue mtqa reports on them is a false alarm. Each
direction is scored as `mtqa segments` scores a table: every row a parallel pair, the table's
sources its pool. Prints, per direction, major+critical and minor issues per 100 rows and which
scorers the major ones come from.

    python scripts/eval_clean_segments.py [ntrex-dev.en-ptbr.tsv] [--limit N] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_injection import read_ntrex  # noqa: E402
from mtqa.pipeline import Engine  # noqa: E402

DEFAULT_TSV = ROOT.parent / "shared" / "eval" / "ntrex-ptbr" / "ntrex-dev.en-ptbr.tsv"
DIRECTIONS = {"en->pt": ("en", "pt"), "pt->en": ("pt", "en")}


def read_pairs(path: Path) -> list[dict[str, str]]:
    """Every row of every story, read as the other NTREX evaluations read it (escaped quotes unescaped)."""
    return [{"en": en, "pt": pt} for story in read_ntrex(path) for en, pt in zip(story.english, story.portuguese)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path, nargs="?", default=DEFAULT_TSV)
    parser.add_argument("--limit", type=int, help="first N rows (quick runs)")
    parser.add_argument("--json", type=Path, help="write the figures and every major issue here")
    args = parser.parse_args()
    rows = read_pairs(args.tsv)[: args.limit]
    engine, figures, majors = Engine(), {}, []
    for name, (source_lang, target_lang) in DIRECTIONS.items():
        started = time.perf_counter()
        results = engine.segments([(row[source_lang], row[target_lang]) for row in rows], source_lang, target_lang)
        severities = Counter(issue.severity for result in results for issue in result.issues)
        serious = [(n, issue) for n, result in enumerate(results) for issue in result.issues
                   if issue.severity in ("major", "critical")]
        figures[name] = {
            "rows": len(rows),
            "major_critical_per_100": round(100 * len(serious) / len(rows), 1),
            "minor_per_100": round(100 * severities["minor"] / len(rows), 1),
            "major_by_scorer": dict(sorted(Counter(issue.scorer for _, issue in serious).items())),
            "seconds": round(time.perf_counter() - started, 1),
        }
        majors += [{"direction": name, "row": n, "source": rows[n][source_lang], "target": rows[n][target_lang],
                    "text": issue.text, "scorer": issue.scorer, "message": issue.message} for n, issue in serious]
        print(f"{name}: {figures[name]}", flush=True)
    print(f"signature {engine.signature()}")
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "major": majors}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
