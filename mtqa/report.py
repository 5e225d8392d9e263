"""Reports: the JSON document (schema in README) and the terminal table, both from one Comparison (see model.py)."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict

from .html import source_names, to_html
from .model import Comparison, Issue, RowResult, SegmentResult, counted


def report_dict(report: Comparison) -> dict:
    return {
        "mtqa_version": report.mtqa_version,
        "signature": report.signature,
        "target": {"path": report.target.path, "lang": report.target.lang, "text": report.target.text},
        # original: the source the target translates (align.original_source); the others are comparable reports
        "sources": [{"path": s.path, "lang": s.lang, "original": report.is_original(n)} for n, s in enumerate(report.sources)],
        "segments": [_segment_dict(r) for r in report.segments],
        "issues": [issue_dict(issue) for issue in report.issues],
        "scores": dict(report.scores),
        "warnings": list(report.warnings),
    }


def issue_dict(issue: Issue) -> dict:
    return asdict(issue)


def row_dict(result: RowResult) -> dict:
    unit = {} if result.id is None else {"id": result.id}
    return {"row": result.row, **unit, "score": result.score, "issues": [issue_dict(i) for i in result.issues]}


def rows_to_jsonl(results: list[RowResult]) -> str:
    return "".join(json.dumps(row_dict(r), ensure_ascii=False) + "\n" for r in results)


def rows_to_json(results: list[RowResult]) -> str:
    return json.dumps([row_dict(r) for r in results], ensure_ascii=False, indent=2) + "\n"


def _segment_dict(result: SegmentResult) -> dict:
    segment, alignment = result.segment, result.alignment
    return {
        "index": segment.index,
        "start": segment.start,
        "end": segment.end,
        "text": segment.text,
        "lang": segment.lang,
        "translation": result.translation,
        "alignment": {
            "kind": alignment.kind,
            "score": alignment.score,
            "sources": [{"path": s.path, "index": s.index, "text": s.text} for s in alignment.sources],
        },
    }


def to_json(report: Comparison) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


_KIND_MARK = {"parallel": "=", "partial": "~", "none": " "}


TEXT_WIDTH = 110  # a text report's width in a file, a pipe or a notebook: the same report wherever it is written
_GAPS = 4  # two spaces before each column
_NARROWEST_COLUMN = 30  # narrower, each sentence's target, translation and source are stacked


def to_text(report: Comparison, width: int | None = TEXT_WIDTH) -> str:
    """A table a reviewer reads in a terminal: each target sentence, its translation and its best source, side by
    side where two columns of ``_NARROWEST_COLUMN`` fit, else one under the other; wide characters count two."""
    width = max(width or TEXT_WIDTH, 20)
    digits = max(3, *(len(str(r.segment.index)) for r in report.segments))  # 1,000 sentences and more: a 4th digit
    head_width = digits + 16  # "  3 ~partial   0.85"
    column = (width - head_width - _GAPS) // 2
    side_by_side = column >= _NARROWEST_COLUMN
    counts = {kind: sum(r.alignment.kind == kind for r in report.segments) for kind in ("parallel", "partial", "none")}
    lines = [
        *_wrapped(f"target  {report.target.path} ({report.target.lang}, {counted(len(report.segments), 'sentence')})", width),
        *[line for n, s in enumerate(report.sources)
          for line in _wrapped(f"source  {s.path} ({s.lang}{', the original' if report.is_original(n) else ''})", width)],
        *_wrapped(f"aligned {counts['parallel']} parallel, {counts['partial']} partial, {counts['none']} without "
                  "counterpart", width),
        "",
        (f"{'#':>{digits}} {'kind':<9} {'score':>5}  "
         f"{'target sentence / its translation' if column >= 33 else 'target / translation':<{column}}  best source sentence"
         if side_by_side else f"{'#':>{digits}} {'kind':<9} {'score':>5}"),
        "-" * (head_width + _GAPS + 2 * column if side_by_side else width),
    ]
    names = source_names([source.path for source in report.sources])
    for result in report.segments:
        alignment = result.alignment
        best = alignment.sources[0] if alignment.sources else None
        head = f"{result.segment.index:>{digits}} {_KIND_MARK[alignment.kind]}{alignment.kind:<8} {alignment.score:>5.2f}"
        source = f"[{names.get(best.path, best.path)}:{best.index}] {best.text}" if best else "-"
        if side_by_side:
            left = _wrapped(result.segment.text, column) + _wrapped("> " + result.translation, column)
            right = _wrapped(source, column)
            for row in range(max(len(left), len(right))):
                cell = left[row] if row < len(left) else ""
                lines.append(f"{head if row == 0 else ' ' * head_width}  {cell}{' ' * (column - _display_width(cell))}  "
                             f"{right[row] if row < len(right) else ''}".rstrip())
        else:
            lines.append(head)
            lines += [f"    {line}" for text in (result.segment.text, "> " + result.translation, "= " + source)
                      for line in _wrapped(text, width - 4)]
        for issue in (i for i in report.issues if i.segment == result.segment.index):
            lines += _wrapped(_issue_line(issue), width, "    ! ", "      ")
        lines.append("")
    lines += [line for text in _summary(report) for line in _wrapped(text, width)]
    lines += [line for w in report.warnings for line in _wrapped(f"warning: {w}", width)]
    lines.append(f"signature: {report.signature}")  # one line: a program may read it back
    return "\n".join(lines).rstrip() + "\n"


_UNSEEN = frozenset({"Mn", "Me", "Cf"})  # combining marks, joiners, direction marks, variation selectors


def _display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two, marks and format characters none."""
    return sum(0 if unicodedata.category(c) in _UNSEEN else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def _wrapped(text: str, width: int, first: str = "", then: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns, broken between words (at a space), and
    inside a word only where the word alone is wider than the line (a run of CJK, a long URL); ``first`` and
    ``then`` start the first line and the others."""
    lines: list[str] = []
    line, empty = first, True
    for word in re.sub(r"\s", " ", text).split(" "):  # spaces kept as written: "target  story.txt" stays aligned
        joined = line + ("" if empty else " ") + word
        if _display_width(joined) <= width:
            line, empty = joined, False
            continue
        if not empty:
            lines.append(line)
            line = then
        while word and _display_width(line + word) > width:
            room, cut = width - _display_width(line), 0
            while cut < len(word) and _display_width(word[:cut + 1]) <= room:
                cut += 1
            cut = max(cut, 1)  # a line too narrow for one character still takes one
            lines.append(line + word[:cut])
            line, word = then, word[cut:]
        line, empty = line + word, not word
    if not empty or not lines:
        lines.append(line)
    return lines


def _issue_line(issue: Issue) -> str:
    fix = f" -> {issue.suggestion!r}" if issue.suggestion else ""
    shown = repr(issue.text) if issue.text else f"at {issue.start}"
    return f"{issue.severity:<7} {issue.category:<24} {shown}{fix}: {issue.message}"


def _summary(report: Comparison) -> list[str]:
    scores = report.scores
    if not scores:
        return []
    counts = ", ".join(f"{n} {severity}" for severity, n in scores.get("issues", {}).items() if n)
    lines = [f"MQM score {scores['mqm']:.1f} (penalty {scores['penalty']} over {counted(scores['words'], 'word')}; "
             f"{counts or 'no issues'})"]
    for name, metric in scores.get("round_trip", {}).items():
        lines.append(f"round trip {name} {metric['score']:.1f} ({metric['signature']})")
    return lines


FORMATS = {"text": to_text, "json": to_json, "html": to_html}
ROW_REPORT_FORMATS = {"jsonl": rows_to_jsonl, "json": rows_to_json}
