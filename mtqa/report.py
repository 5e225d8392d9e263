"""Reports: the JSON document (schema in README) and the terminal table, both from one Comparison (see model.py)."""
from __future__ import annotations

import json
import shutil
import textwrap
from dataclasses import asdict

from .html import to_html
from .model import Issue, Comparison, RowResult, SegmentResult


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


def to_text(report: Comparison, width: int | None = None) -> str:
    """A table a reviewer reads in a terminal: each target sentence, its translation and its best source."""
    width = width or min(shutil.get_terminal_size((110, 24)).columns, 140)
    column = max(30, (width - 22) // 2)
    counts = {kind: sum(r.alignment.kind == kind for r in report.segments) for kind in ("parallel", "partial", "none")}
    lines = [
        f"target  {report.target.path} ({report.target.lang}, {len(report.segments)} sentences)",
        *[f"source  {s.path} ({s.lang}{', the original' if report.is_original(n) else ''})" for n, s in enumerate(report.sources)],
        f"aligned {counts['parallel']} parallel, {counts['partial']} partial, {counts['none']} without counterpart",
        "",
        f"{'#':>3} {'kind':<9} {'score':>5}  {'target sentence / its translation':<{column}}  best source sentence",
        "-" * min(width, 22 + 2 * column),
    ]
    for result in report.segments:
        alignment = result.alignment
        best = alignment.sources[0] if alignment.sources else None
        left = textwrap.wrap(result.segment.text, column) + textwrap.wrap("> " + result.translation, column)
        right = textwrap.wrap(f"[{_short(best.path)}:{best.index}] {best.text}", column) if best else ["-"]
        for row in range(max(len(left), len(right))):
            head = f"{result.segment.index:>3} {_KIND_MARK[alignment.kind]}{alignment.kind:<8} {alignment.score:>5.2f}" if row == 0 else " " * 19
            lines.append(f"{head}  {left[row] if row < len(left) else '':<{column}}  {right[row] if row < len(right) else ''}")
        for issue in (i for i in report.issues if i.segment == result.segment.index):
            lines += textwrap.wrap(_issue_line(issue), width - 4, initial_indent="    ! ", subsequent_indent="      ")
        lines.append("")
    lines += _summary(report)
    lines += [f"warning: {w}" for w in report.warnings]
    lines.append(f"signature: {report.signature}")
    return "\n".join(lines).rstrip() + "\n"


def _issue_line(issue: Issue) -> str:
    fix = f" -> {issue.suggestion!r}" if issue.suggestion else ""
    shown = repr(issue.text) if issue.text else f"at {issue.start}"
    return f"{issue.severity:<7} {issue.category:<24} {shown}{fix}: {issue.message}"


def _summary(report: Comparison) -> list[str]:
    scores = report.scores
    if not scores:
        return []
    counts = ", ".join(f"{n} {severity}" for severity, n in scores.get("issues", {}).items() if n)
    lines = [f"MQM score {scores['mqm']:.1f} (penalty {scores['penalty']} over {scores['words']} words; "
             f"{counts or 'no issues'})"]
    for name, metric in scores.get("round_trip", {}).items():
        lines.append(f"round trip {name} {metric['score']:.1f} ({metric['signature']})")
    return lines


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]


FORMATS = {"text": to_text, "json": to_json, "html": to_html}
ROW_REPORT_FORMATS = {"jsonl": rows_to_jsonl, "json": rows_to_json}
