"""Check that a corpus's hand-written alignment gold fits the corpus as mtqa reads it.

A gold file (alignment-gold.json, the layout of corpora/tariff-talks) names each target sentence by
the start of its text and each counterpart by a source file and the start of its sentence. This
checks the structure only: one gold entry per target sentence as mtqa splits the target, each
entry's start at the start of its sentence, and each counterpart's start at the start of exactly
one sentence of its source as mtqa splits it. It runs no alignment, so writing a gold with it
cannot lean on what the aligner answers.

    python scripts/check_gold.py corpora/tariff-talks corpora/comparable [more corpus folders]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mtqa.pipeline import detect_and_segment
from mtqa.read import read_story

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_alignment import GOLD, corpora  # noqa: E402


def sentences(path: Path) -> list[str]:
    """The story's sentences, its language detected as a comparison detects it."""
    _, segments = detect_and_segment(read_story(str(path)), None)
    return [s.text for s in segments]


def problems(corpus: Path) -> list[str]:
    gold = json.loads((corpus / GOLD).read_text(encoding="utf-8"))
    target = sentences(corpus / gold["target"])
    sources = {p.name: sentences(p) for p in sorted(corpus.glob("*.txt")) if p.name != gold["target"]}
    found = []
    if len(target) != len(gold["segments"]):
        found.append(f"the target splits into {len(target)} sentences, the gold has {len(gold['segments'])} entries")
    for n, (sentence, entry) in enumerate(zip(target, gold["segments"])):
        if not sentence.startswith(entry["target"]):
            found.append(f"target sentence {n} starts {sentence[:40]!r}, the gold says {entry['target']!r}")
        for counterpart in entry["counterparts"]:
            name, start = counterpart["source"], counterpart["starts"]
            if name not in sources:
                found.append(f"target sentence {n}: no source file {name!r}")
                continue
            matches = [i for i, s in enumerate(sources[name]) if s.startswith(start)]
            if len(matches) != 1:
                found.append(f"target sentence {n}: {len(matches)} sentences of {name} start {start!r}"
                             + ("" if matches else f" (its sentences start: {[s[:30] for s in sources[name]]})"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, nargs="+")
    args = parser.parse_args()
    failed = False
    for corpus in corpora(args.corpora):
        found = problems(corpus)
        failed |= bool(found)
        print(f"{corpus}: " + ("ok" if not found else f"{len(found)} problems"))
        for problem in found:
            print(f"  {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
