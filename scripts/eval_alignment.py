"""Alignment against the hand-written gold of one or more corpora (default: corpora/tariff-talks).

Prints, for each target sentence, the kind, the best source and whether the gold accepts it,
then the totals per corpus and over all of them: best source right among sentences with a
counterpart, `none` among those without, and the top-ranked candidate right (before the none
decision). A folder holding no gold but corpora that do (corpora/comparable) stands for them all.

    python scripts/eval_alignment.py [corpora/tariff-talks] [corpora/comparable-test] [--quiet]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mtqa.align import Aligner, AlignmentModel, TargetView, align
from mtqa.embed import SentenceEncoder
from mtqa.model import Alignment, Document, Segment, SourceRef
from mtqa.pipeline import Engine, detect_and_segment
from mtqa.read import read_story

ROOT = Path(__file__).resolve().parent.parent
GOLD = "alignment-gold.json"


@dataclass(frozen=True)
class Corpus:
    """A target story, its source stories and, for each target sentence, the gold's counterparts."""

    name: str
    target: Document
    sources: list[Document]
    counterparts: list[list[dict]]

    @classmethod
    def read(cls, folder: Path) -> Corpus:
        gold = json.loads((folder / GOLD).read_text(encoding="utf-8"))
        target = read_story(str(folder / gold["target"]))
        sources = [read_story(str(p)) for p in sorted(folder.glob("*.txt")) if p.name != gold["target"]]
        return cls(folder.name, target, sources, [entry["counterparts"] for entry in gold["segments"]])

    def segmented(self) -> tuple[list[Segment], list[Document], list[list[Segment]]]:
        """The target's sentences, and the sources with their sentences, as a comparison splits them."""
        _, target = detect_and_segment(self.target, None)
        prepared = [detect_and_segment(source, None) for source in self.sources]
        return target, [document for document, _ in prepared], [segments for _, segments in prepared]


Translate = Callable[[list[str], str, str], list[str]]  # texts, from language, to language


def aligner_and_views(corpus: Corpus, encoder: SentenceEncoder, translate: Translate,
                      model: AlignmentModel | None = None) -> tuple[Aligner, list[TargetView]]:
    """The corpus's sources ready to align, and its target sentences as the aligner sees them (every target
    sentence translated from the target's language, where a comparison leaves one in the sources' as it is)."""
    target, documents, segments = corpus.segmented()
    aligner = Aligner(encoder, documents, segments, model=model)
    texts = [s.visible_text for s in target]
    return aligner, aligner.views(texts, translate(texts, target[0].lang, documents[0].lang))


def alignments(corpus: Corpus, encoder: SentenceEncoder, translate: Translate,
               model: AlignmentModel | None = None) -> list[Alignment]:
    """The target's sentences aligned as a comparison aligns them, without the scoring."""
    return align(*aligner_and_views(corpus, encoder, translate, model))


def corpora(given: Sequence[Path]) -> list[Path]:
    """The corpus folders given, a folder of corpora standing for each corpus in it; one with neither is refused."""
    found = []
    for folder in given:
        inside = [folder] if (folder / GOLD).exists() else sorted(p.parent for p in folder.glob(f"*/{GOLD}"))
        if not inside:
            raise SystemExit(f"{folder}: no {GOLD} in it or in the folders in it")
        found += inside
    return found


def accepted(reference: SourceRef, counterparts: list[dict]) -> bool:
    return any(reference.path.endswith(c["source"]) and reference.text.startswith(c["starts"]) for c in counterparts)


def verdicts(alignments: Sequence[Alignment], gold: Sequence[list[dict]]) -> list[tuple[str, bool, bool]]:
    """Per target sentence: which count it falls in ('with_counterpart' or 'without'), whether the alignment
    is right (the best source a counterpart; `none` where there is none), and whether the top candidate is."""
    found = []
    for alignment, counterparts in zip(alignments, gold, strict=True):
        if counterparts:
            top = alignment.candidates[0][0] if alignment.candidates else None
            found.append(("with_counterpart", bool(alignment.sources) and accepted(alignment.sources[0], counterparts),
                          top is not None and accepted(top, counterparts)))
        else:
            found.append(("without", alignment.kind == "none", False))
    return found


def counted(found: Sequence[tuple[str, bool, bool]]) -> Counter:
    counts = Counter()
    for group, right, top_right in found:
        counts[group] += 1
        counts["best" if group == "with_counterpart" else "none_right"] += right
        counts["ranked"] += top_right
    return counts


def totals(counts: Counter) -> dict:
    return {"best_source_right": f"{counts['best']}/{counts['with_counterpart']}",
            "none_right": f"{counts['none_right']}/{counts['without']}",
            "top_candidate_right": f"{counts['ranked']}/{counts['with_counterpart']}"}


def evaluate(engine: Engine, corpus: Corpus, quiet: bool) -> Counter:
    report = engine.compare(corpus.target, corpus.sources)
    found = verdicts([result.alignment for result in report.segments], corpus.counterparts)
    if not quiet:
        for result, (_, right, _) in zip(report.segments, found):
            alignment = result.alignment
            shown = f"{Path(alignment.sources[0].path).name[:3]}:{alignment.sources[0].index}" if alignment.sources else "-"
            print(f"{result.segment.index:>3} {alignment.kind:<8} {alignment.score:.3f} {shown:<7} "
                  f"{'right' if right else 'WRONG':<5} {result.segment.text[:60]}")
    return counted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="*", default=[ROOT / "corpora" / "tariff-talks"])
    parser.add_argument("--quiet", action="store_true", help="totals only, no line per sentence")
    args = parser.parse_args()
    engine = Engine()
    results, overall = {}, Counter()
    for folder in corpora(args.corpus):
        if not args.quiet:
            print(folder.name)
        counts = evaluate(engine, Corpus.read(folder), args.quiet)
        results[folder.name] = totals(counts)
        overall += counts
    summary = totals(overall) | {"signature": engine.signature()}
    if len(results) > 1:
        summary["corpora"] = results
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
