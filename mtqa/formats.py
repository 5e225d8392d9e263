"""Tables of scored units for localization tools: CSV/TSV, MQM TSV and WMT QE error spans.

Both commands feed them: ``mtqa segments`` gives one unit per input row (or XLIFF/TMX unit), ``mtqa
compare`` one per target sentence with its best aligned source sentence. Issue offsets in a unit are
offsets into the unit's target.

* MQM TSV follows the public WMT MQM annotations (``system doc doc_id seg_id rater source target
  category severity``): one line per error, the error marked ``<v>...</v>`` in the target (an
  omission as an empty ``<v></v>`` at its point), ``No-error`` for a clean unit; so MQM viewers open it.
* QE spans follow the WMT quality-estimation error-span task: per unit the target and the start
  indices, end indices and severities of its errors, space-separated, ``-1``/``no-error`` when clean.

Tabs and line breaks inside texts become spaces (one character for one, so offsets hold).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .model import Comparison, Issue, RowResult
from .report import FORMATS, ROW_REPORT_FORMATS, issue_dict, to_text

MQM_COLUMNS = ("system", "doc", "doc_id", "seg_id", "rater", "source", "target", "category", "severity")
QE_COLUMNS = ("doc", "seg_id", "target", "start_indices", "end_indices", "severities")
ISSUE_COLUMNS = ("doc", "id", "score", "start", "end", "text", "category", "severity", "message", "suggestion",
                 "scorer", "source", "target")
_SPAN_OPEN, _SPAN_CLOSE = "<v>", "</v>"
_GRADED = ("critical", "major", "minor")  # neutral findings are notes, not errors, in MQM and QE files


@dataclass(frozen=True)
class ScoredUnit:
    doc: str
    id: str
    source: str
    target: str
    score: float
    issues: tuple[Issue, ...]  # offsets into ``target``


def units_of_rows(doc: str, pairs: Sequence[tuple[str, str]], results: Sequence[RowResult],
                  ids: Sequence[str] | None = None) -> list[ScoredUnit]:
    return [ScoredUnit(doc, ids[n] if ids else str(r.row), source, target, r.score, r.issues)
            for n, ((source, target), r) in enumerate(zip(pairs, results, strict=True))]


def units_of_comparison(comparison: Comparison) -> list[ScoredUnit]:
    """One unit per target sentence: its best aligned source sentence (empty when none), issues made sentence-relative."""
    scores = {row["index"]: row["mqm"] for row in comparison.scores.get("segments", [])}
    units = []
    for result in comparison.segments:
        segment = result.segment
        issues = tuple(replace(i, start=i.start - segment.start, end=i.end - segment.start)
                       for i in comparison.issues if i.segment == segment.index)
        best = result.alignment.sources[0].text if result.alignment.sources else ""
        units.append(ScoredUnit(comparison.target.path, str(segment.index), best, segment.text,
                                scores.get(segment.index, 100.0), issues))
    return units


def to_issue_table(units: Sequence[ScoredUnit], delimiter: str) -> str:
    """One line per issue, a clean unit as one line with empty issue cells."""
    rows = []
    for unit in units:
        for issue in unit.issues or (None,):
            found = {} if issue is None else issue_dict(issue)
            found.update({key: _flat(found[key]) for key in ("text", "message", "suggestion") if found.get(key)})
            rows.append({"doc": _flat(unit.doc), "id": _flat(unit.id), "score": unit.score, **found,
                         "source": _flat(unit.source), "target": _flat(unit.target)})
    # TSV is written bare, as the readers of TSV (mtqa's own included) read it: every text cell is flattened
    return _table(ISSUE_COLUMNS, rows, delimiter, plain=delimiter == "\t")


def to_mqm_tsv(units: Sequence[ScoredUnit], system: str = "mt", rater: str = "mtqa") -> str:
    rows = []
    for unit in units:
        errors = [i for i in unit.issues if i.severity in _GRADED]
        common = {"system": system, "doc": unit.doc, "doc_id": unit.doc, "seg_id": unit.id, "rater": rater,
                  "source": _flat(unit.source)}
        if not errors:
            rows.append({**common, "target": _flat(unit.target), "category": "No-error", "severity": "No-error"})
        for issue in errors:
            marked = (unit.target[:issue.start] + _SPAN_OPEN + unit.target[issue.start:issue.end] + _SPAN_CLOSE
                      + unit.target[issue.end:])
            rows.append({**common, "target": _flat(marked), "category": mqm_category(issue.category),
                         "severity": issue.severity.capitalize()})
    return _table(MQM_COLUMNS, rows, "\t", plain=True)


def read_mqm_tsv(text: str) -> list[dict]:
    """Rows of an MQM TSV, each with the error span recovered: ``start``/``end`` into ``target`` without marks."""
    lines = text.splitlines()
    header = lines[0].split("\t") if lines else []
    rows = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        marked = row.get("target", "")
        if _SPAN_OPEN in marked:
            start = marked.index(_SPAN_OPEN)
            end = marked.index(_SPAN_CLOSE) - len(_SPAN_OPEN)
            row.update(target=marked.replace(_SPAN_OPEN, "", 1).replace(_SPAN_CLOSE, "", 1), start=start, end=end)
        rows.append(row)
    return rows


def mqm_category(category: str) -> str:
    """Ours in the capitalisation of the WMT files: accuracy/named-entity -> Accuracy/Named-entity."""
    return "/".join(part[:1].upper() + part[1:] for part in category.split("/"))


_QE_SEVERITY = {"critical": "major"}  # the WMT QE span task grades minor and major only


def to_qe_spans(units: Sequence[ScoredUnit]) -> str:
    rows = []
    for unit in units:
        errors = [i for i in unit.issues if i.severity in _GRADED]
        rows.append({"doc": unit.doc, "seg_id": unit.id, "target": _flat(unit.target),
                     "start_indices": " ".join(str(i.start) for i in errors) or "-1",
                     "end_indices": " ".join(str(i.end) for i in errors) or "-1",
                     "severities": " ".join(_QE_SEVERITY.get(i.severity, i.severity) for i in errors) or "no-error"})
    return _table(QE_COLUMNS, rows, "\t", plain=True)


# Tabs and every character str.splitlines() breaks a line at: one space each, so offsets into the text still hold.
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _flat(text: str) -> str:
    return _BREAKS.sub(" ", text)


def _table(columns: Sequence[str], rows: list[dict], delimiter: str, plain: bool = False) -> str:
    out = io.StringIO(newline="")
    if plain:  # bare TSV (the WMT files, --format tsv), no quoting: every cell flattened
        out.write("\t".join(columns) + "\n")
        for row in rows:
            out.write("\t".join("" if row.get(c) is None else _flat(str(row[c])) for c in columns) + "\n")
        return out.getvalue()
    writer = csv.DictWriter(out, fieldnames=list(columns), delimiter=delimiter, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: ("" if row.get(c) is None else row.get(c)) for c in columns} for row in rows)
    return out.getvalue()


TABLE_WRITERS = {
    "csv": lambda units: to_issue_table(units, ","),
    "tsv": lambda units: to_issue_table(units, "\t"),
    "mqm": to_mqm_tsv,
    "qe": to_qe_spans,
}
COMPARISON_FORMATS = (*FORMATS, *TABLE_WRITERS)
ROWS_FORMATS = (*ROW_REPORT_FORMATS, *TABLE_WRITERS)


def write_comparison(comparison: Comparison, format: str, width: int | None = None) -> str:
    """The report in ``format``; ``width``: the text report's, a terminal's (else the same width everywhere)."""
    if format in TABLE_WRITERS:
        return TABLE_WRITERS[format](units_of_comparison(comparison))
    if format == "text":
        return to_text(comparison, width)
    return FORMATS[format](comparison)


def write_rows(doc: str, pairs: Sequence[tuple[str, str]], results: Sequence[RowResult], format: str) -> str:
    if format in TABLE_WRITERS:
        ids = [r.id for r in results] if all(r.id is not None for r in results) else None
        return TABLE_WRITERS[format](units_of_rows(doc, pairs, results, ids))
    return ROW_REPORT_FORMATS[format](list(results))
