"""Swapped figures on NTREX: two figures of one sentence put in each other's places.

Every figure of such a sentence is one the source states, so only their places give the error away.
For each direction, every NTREX row is scored as `mtqa segments` scores it, clean, and again with the
first two figures of one family (two percentages, two amounts...) that differ swapped in the
target. Prints the clean rows that get a swapped-figures issue (false alarms), how many swapped rows
get one (recall), and how many get any number issue.

    python scripts/eval_swapped_figures.py [ntrex-dev.en-ptbr.tsv]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_clean_segments import DEFAULT_TSV, DIRECTIONS, read_pairs  # noqa: E402
from mtqa.numbers import quantities  # noqa: E402
from mtqa.pipeline import Engine  # noqa: E402


def swapped(text: str, lang: str) -> str | None:
    """The text with its first two figures of one family that differ in each other's places, or None."""
    figures = [q for q in quantities(text, lang) if q.contestable]
    for n, first in enumerate(figures):
        for second in figures[n + 1:]:
            if first.family == second.family and first.value != second.value and first.text != second.text:
                return (text[:first.start] + second.text + text[first.end:second.start] + first.text
                        + text[second.end:])
    return None


def has_swap(result) -> bool:
    return any(i.evidence.get("rule") == "swapped-figures" for i in result.issues)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path, nargs="?", default=DEFAULT_TSV)
    args = parser.parse_args()
    rows, engine = read_pairs(args.tsv), Engine()
    for name, (source_lang, target_lang) in DIRECTIONS.items():
        clean = engine.segments([(r[source_lang], r[target_lang]) for r in rows], source_lang, target_lang)
        planted = [(r[source_lang], text) for r in rows if (text := swapped(r[target_lang], target_lang))]
        found = engine.segments(planted, source_lang, target_lang)
        any_number = sum(any(i.category == "accuracy/number" and i.severity != "neutral" for i in r.issues)
                         for r in found)
        print(f"{name}: clean rows {len(rows)}, with a swapped-figures issue {sum(map(has_swap, clean))}; "
              f"swapped rows {len(planted)}, found {sum(map(has_swap, found))}, with any number issue {any_number}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
