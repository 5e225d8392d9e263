"""The review page: the translated story with every issue highlighted in place, one self-contained HTML file.

Everything is rendered here, in Python, with the story's text escaped; the page works without
scripts. A small inline script adds what needs a browser: the issue panel on hover or click and
the filters by severity and category. It reads issue data from a JSON block and writes it with
``textContent`` only, so no article text ever becomes markup. ``review_fragment`` is the same
view without the page around it, for notebooks.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from html import escape

from . import __version__
from .model import SEVERITIES, Comparison, Issue, SegmentResult, counted, severity_counts

_WORST_SHOWN = 5


def to_html(report: Comparison) -> str:
    title = f"mtqa review: {_file_name(report.target.path)}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta name=\"generator\" content=\"mtqa {escape(__version__)}\">\n"
        f"<title>{escape(title)}</title>\n</head>\n<body>\n{review_fragment(report)}</body>\n</html>\n"
    )


def review_fragment(report: Comparison) -> str:
    """The review as one ``<div class="mtqa-review">``, styles and script inside it."""
    numbered = list(enumerate(report.issues))
    by_segment: dict[int, list[tuple[int, Issue]]] = {}
    for number, issue in numbered:
        by_segment.setdefault(issue.segment, []).append((number, issue))
    names = source_names([source.path for source in report.sources])
    parts = [
        '<div class="mtqa-review">\n',
        f"<style>{_STYLE}</style>\n",
        _summary(report),
        _filters(report.issues),
        '<div class="mtqa-story">\n',
        *(_sentence(result, by_segment.get(result.segment.index, []), names) for result in report.segments),
        "</div>\n",
        '<aside class="mtqa-panel" hidden><button type="button" class="mtqa-close" aria-label="close">×</button>'
        '<div class="mtqa-panel-body"></div></aside>\n',
        f'<script type="application/json" class="mtqa-data">{_script_json(_issue_data(numbered))}</script>\n',
        f"<script>{_SCRIPT}</script>\n",
        "</div>\n",
    ]
    return "".join(parts)


def _summary(report: Comparison) -> str:
    scores = report.scores or {}
    by_severity = severity_counts(issue.severity for issue in report.issues)
    category_counts = Counter(issue.category for issue in report.issues)
    headline = (f'<p class="mtqa-score">MQM score <strong>{scores["mqm"]:.1f}</strong> '
                f'<span class="mtqa-dim">(penalty {scores["penalty"]} over {counted(scores["words"], "word")})</span></p>\n'
                if "mqm" in scores else "")
    sources = "".join(f"<li>{escape(s.path)} <span class=\"mtqa-dim\">({escape(s.lang)}"
                      f"{', the original' if report.is_original(n) else ''})</span></li>" for n, s in enumerate(report.sources))
    severity_row = "".join(f'<td><span class="mtqa-chip sev-{s}">{s}</span> {by_severity[s]}</td>'
                           for s in SEVERITIES)
    category_rows = "".join(f"<tr><td>{escape(category)}</td><td>{count}</td></tr>"
                            for category, count in sorted(category_counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return (
        '<header class="mtqa-summary">\n'
        f"<h1>{escape(_file_name(report.target.path))} <span class=\"mtqa-dim\">({escape(report.target.lang)}, "
        f"{counted(len(report.segments), 'sentence')}, {counted(len(report.issues), 'issue')})</span></h1>\n"
        f"{headline}"
        + "".join(f'<p class="mtqa-warning">warning: {escape(warning)}</p>\n' for warning in report.warnings)
        + f'<details><summary>sources</summary><ul>{sources}</ul></details>\n'
        f'<table class="mtqa-counts"><tr>{severity_row}</tr></table>\n'
        f'<table class="mtqa-categories"><tr><th>category</th><th>issues</th></tr>{category_rows}</table>\n'
        f"{_worst(report)}"
        "</header>\n"
    )


def _worst(report: Comparison) -> str:
    rows = [row for row in (report.scores or {}).get("segments", []) if row["penalty"] > 0]
    rows.sort(key=lambda row: (-row["penalty"], row["index"]))
    if not rows:
        return ""
    texts = {r.segment.index: r.segment.text for r in report.segments}
    items = "".join(
        f'<li><a href="#mtqa-s{row["index"]}">sentence {row["index"]}</a> '
        f'<span class="mtqa-dim">penalty {row["penalty"]}, MQM {row["mqm"]:.0f}</span> '
        f"{escape(_clip(texts.get(row['index'], ''), 90))}</li>"
        for row in rows[:_WORST_SHOWN])
    return f'<div class="mtqa-worst"><h2>worst sentences</h2><ol>{items}</ol></div>\n'


def _filters(issues: tuple[Issue, ...]) -> str:
    severities = "".join(
        f'<label><input type="checkbox" checked data-filter="severity" value="{s}"> '
        f'<span class="mtqa-chip sev-{s}">{s}</span></label>' for s in SEVERITIES)
    categories = "".join(
        f'<label><input type="checkbox" checked data-filter="category" value="{escape(c)}"> {escape(c)}</label>'
        for c in sorted({issue.category for issue in issues}))
    return (
        '<form class="mtqa-filters" onsubmit="return false">\n'
        f'<fieldset><legend>severity</legend>{severities}</fieldset>\n'
        f'<fieldset><legend>category</legend>{categories}</fieldset>\n'
        '<label><input type="checkbox" data-filter="flagged"> only sentences with issues</label>\n'
        "</form>\n"
    )


def _sentence(result: SegmentResult, issues: list[tuple[int, Issue]], names: dict[str, str]) -> str:
    segment, alignment = result.segment, result.alignment
    sources = "".join(
        f'<li><span class="mtqa-ref" title="{escape(ref.path)}">{escape(names.get(ref.path, ref.path))}:{ref.index}'
        f"</span> {escape(ref.text)}</li>"
        for ref in alignment.sources)
    listed = "".join(
        f'<li data-issue="{number}" class="sev-{issue.severity}"><span class="mtqa-chip sev-{issue.severity}">'
        f"{issue.severity}</span> {escape(issue.category)}: {escape(_quoted(issue))}{escape(issue.message)}"
        f"{_suggestion(issue)}</li>"
        for number, issue in issues)
    return (
        f'<section class="mtqa-sentence" id="mtqa-s{segment.index}" data-segment="{segment.index}">\n'
        f'<div class="mtqa-target"><span class="mtqa-index">{segment.index}</span>'
        f'<p lang="{escape(segment.lang)}">{_highlighted(segment.text, segment.start, issues)}</p>'
        f'<ul class="mtqa-issues">{listed}</ul></div>\n'
        f'<div class="mtqa-context"><p class="mtqa-alignment">{alignment.kind} '
        f'<span class="mtqa-dim">{alignment.score:.2f}</span></p>'
        f'<ol class="mtqa-sources">{sources}</ol>'
        f'<p class="mtqa-translation"><span class="mtqa-dim">back-translation</span> {escape(result.translation)}</p>'
        "</div>\n</section>\n"
    )


def _highlighted(text: str, offset: int, issues: list[tuple[int, Issue]]) -> str:
    """The sentence cut at every issue boundary; each piece wrapped in a mark naming the issues that cover it.

    An omission (start == end) is a caret at its point. Pieces keep the text exactly, so the marks of one
    issue, read in order, spell the issue's text.
    """
    spans = [(issue.start - offset, issue.end - offset, number, issue) for number, issue in issues]
    cuts = sorted({0, len(text), *(max(0, min(len(text), p)) for s, e, _, _ in spans for p in (s, e))})
    html = []
    for left, right in zip(cuts, cuts[1:] + [None]):
        html += [_caret(number, issue) for s, e, number, issue in spans if s == e == left]
        if right is None:
            break
        covering = [(number, issue) for s, e, number, issue in spans if s <= left and right <= e and s < e]
        piece = escape(text[left:right])
        if covering:
            worst = min(SEVERITIES.index(issue.severity) for _, issue in covering)
            names = " ".join(str(number) for number, _ in covering)
            piece = f'<mark class="mtqa-mark sev-{SEVERITIES[worst]}" data-issues="{names}" tabindex="0">{piece}</mark>'
        html.append(piece)
    return "".join(html)


def _caret(number: int, issue: Issue) -> str:
    return (f'<mark class="mtqa-mark mtqa-caret sev-{issue.severity}" data-issues="{number}" tabindex="0" '
            f'title="{escape(issue.category)}">⁁</mark>')


def _issue_data(numbered: list[tuple[int, Issue]]) -> list[dict]:
    return [{"id": number, "segment": issue.segment, "start": issue.start, "end": issue.end, "text": issue.text,
             "category": issue.category, "severity": issue.severity, "message": issue.message,
             "suggestion": issue.suggestion, "scorer": issue.scorer, "evidence": issue.evidence}
            for number, issue in numbered]


def _script_json(data: object) -> str:
    """JSON that cannot end its script element: every <, > and & written as a unicode escape."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _quoted(issue: Issue) -> str:
    return f"“{issue.text}” " if issue.text else ""


def _suggestion(issue: Issue) -> str:
    return f' <span class="mtqa-suggestion">→ {escape(issue.suggestion)}</span>' if issue.suggestion else ""


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def source_names(paths: Sequence[str]) -> dict[str, str]:
    """How a report names each source: its file name, or its whole path where two sources share a file name."""
    names = Counter(_file_name(path) for path in dict.fromkeys(paths))
    return {path: path if names[_file_name(path)] > 1 else _file_name(path) for path in paths}


_STYLE = """
.mtqa-review{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;max-width:1200px;margin:0 auto;padding:0 12px}
.mtqa-review h1{font-size:1.3em;margin:.6em 0 .2em}.mtqa-review h2{font-size:1em;margin:.6em 0 .2em}
.mtqa-dim{color:#6e6e73;font-weight:normal;font-size:.9em}
.mtqa-warning{color:#8a4b00;background:#fff4e0;padding:4px 8px;border-radius:4px}
.mtqa-score{font-size:1.2em;margin:.2em 0}
.mtqa-counts td{padding:2px 10px 2px 0}.mtqa-categories{border-collapse:collapse;margin:.4em 0}
.mtqa-categories td,.mtqa-categories th{padding:1px 12px 1px 0;text-align:left;font-size:.9em}
.mtqa-chip{display:inline-block;border-radius:3px;padding:0 5px;font-size:.8em;font-weight:600}
.mtqa-filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:4px 0;z-index:2}
.mtqa-filters fieldset{display:inline-block;border:none;margin:0;padding:2px 10px 2px 0}
.mtqa-filters legend{float:left;font-weight:600;margin-right:6px}.mtqa-filters label{margin-right:8px;white-space:nowrap}
.mtqa-sentence{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;border-bottom:1px solid #eee;padding:8px 0}
.mtqa-sentence.mtqa-hidden{display:none}
.mtqa-target p{margin:0;font-size:1.05em;white-space:pre-wrap}.mtqa-index{float:left;color:#999;font-size:.8em;width:2.2em}
.mtqa-context{font-size:.88em;color:#333}.mtqa-context p,.mtqa-context ol{margin:0 0 4px}
.mtqa-sources{padding-left:1.2em}.mtqa-ref{color:#6e6e73;font-size:.85em}
.mtqa-alignment{font-variant:small-caps}
.mtqa-issues{margin:4px 0 0;padding-left:2.2em;font-size:.85em;list-style:none}
.mtqa-issues li.mtqa-off{display:none}.mtqa-suggestion{color:#0a7d32;font-weight:600}
.mtqa-mark{border-radius:2px;padding:0 1px;cursor:pointer;color:inherit}
.mtqa-mark.mtqa-off{background:none!important;border-bottom:none!important;cursor:auto}
.mtqa-caret{font-weight:700;padding:0 2px}.mtqa-caret.mtqa-off{display:none}
.sev-critical{background:#b3001b;color:#fff}.mtqa-mark.sev-critical{background:#f3a6b1;border-bottom:3px solid #b3001b;color:inherit}
.sev-major{background:#e0561b;color:#fff}.mtqa-mark.sev-major{background:#ffc9a8;border-bottom:2px solid #e0561b;color:inherit}
.sev-minor{background:#e6c200;color:#222}.mtqa-mark.sev-minor{background:#fff1a3;border-bottom:2px solid #e6c200}
.sev-neutral{background:#8aa4c8;color:#fff}.mtqa-mark.sev-neutral{background:#e3ebf6;border-bottom:2px dotted #8aa4c8;color:inherit}
.mtqa-issues li{background:none;color:inherit}
.mtqa-panel{position:fixed;right:16px;bottom:16px;max-width:420px;background:#fff;border:1px solid #bbb;border-radius:6px;
box-shadow:0 4px 16px rgba(0,0,0,.2);padding:10px 14px;font-size:.9em;z-index:3}
.mtqa-panel dt{font-weight:600;color:#6e6e73;font-size:.85em}.mtqa-panel dd{margin:0 0 6px;white-space:pre-wrap;word-break:break-word}
.mtqa-close{float:right;border:none;background:none;font-size:1.3em;cursor:pointer}
@media (max-width:800px){.mtqa-sentence{grid-template-columns:1fr}}
"""

# The script finds its own review (a notebook may hold several, rendered in any order: each one after the
# page's first numbers its sentence ids and links with a count kept on the window) and never writes data as markup.
_SCRIPT = """
(function(root){
  if(!root||!root.classList.contains('mtqa-review'))return;
  var order=__SEVERITIES__,issues={};
  var number=window.mtqaReviews||0;window.mtqaReviews=number+1;
  if(number>0){
    root.querySelectorAll('.mtqa-sentence[id]').forEach(function(s){s.id+='-'+number;});
    root.querySelectorAll('a[href^="#mtqa-s"]').forEach(function(a){a.setAttribute('href',a.getAttribute('href')+'-'+number);});
  }
  JSON.parse(root.querySelector('.mtqa-data').textContent).forEach(function(i){issues[i.id]=i;});
  var panel=root.querySelector('.mtqa-panel'),body=root.querySelector('.mtqa-panel-body');
  function active(){
    var on={severity:{},category:{}};
    root.querySelectorAll('input[data-filter="severity"],input[data-filter="category"]').forEach(function(box){
      on[box.dataset.filter][box.value]=box.checked;});
    return function(id){var i=issues[id];return on.severity[i.severity]!==false&&on.category[i.category]!==false;};
  }
  function ids(el){return el.dataset.issues.split(' ');}
  function apply(){
    var shown=active(),flagged=root.querySelector('input[data-filter="flagged"]').checked;
    root.querySelectorAll('.mtqa-mark').forEach(function(m){
      var live=ids(m).filter(shown);
      m.classList.toggle('mtqa-off',live.length===0);
      m.dataset.live=live.join(' ');
      m.tabIndex=live.length?0:-1;
      if(live.length){
        var worst=Math.min.apply(null,live.map(function(id){return order.indexOf(issues[id].severity);}));
        order.forEach(function(severity,k){m.classList.toggle('sev-'+severity,k===worst);});
      }
    });
    root.querySelectorAll('.mtqa-issues li').forEach(function(li){li.classList.toggle('mtqa-off',!shown(li.dataset.issue));});
    root.querySelectorAll('.mtqa-sentence').forEach(function(s){
      var any=s.querySelector('.mtqa-issues li:not(.mtqa-off)')!==null;
      s.classList.toggle('mtqa-hidden',flagged&&!any);
    });
  }
  function field(dl,name,value){
    if(value===null||value===undefined||value==='')return;
    var dt=document.createElement('dt'),dd=document.createElement('dd');
    dt.textContent=name;dd.textContent=typeof value==='string'?value:JSON.stringify(value,null,1);
    dl.appendChild(dt);dl.appendChild(dd);
  }
  function show(mark){
    var live=(mark.dataset.live===undefined?mark.dataset.issues:mark.dataset.live).split(' ').filter(function(x){return x!=='';});
    if(!live.length)return;
    body.textContent='';
    live.forEach(function(id){
      var i=issues[id],dl=document.createElement('dl');
      dl.className='mtqa-detail';dl.dataset.issue=id;
      field(dl,'issue',i.severity+' · '+i.category+' · '+i.scorer);
      field(dl,'text',i.text);field(dl,'message',i.message);field(dl,'suggestion',i.suggestion);
      field(dl,'evidence',i.evidence);
      body.appendChild(dl);
    });
    panel.hidden=false;
  }
  root.querySelectorAll('.mtqa-mark').forEach(function(m){
    m.addEventListener('click',function(){show(m);});
    m.addEventListener('mouseenter',function(){show(m);});
    m.addEventListener('keydown',function(e){if(e.key==='Enter')show(m);});
  });
  root.querySelector('.mtqa-close').addEventListener('click',function(){panel.hidden=true;});
  root.querySelectorAll('input[data-filter]').forEach(function(box){box.addEventListener('change',apply);});
  apply();
})(document.currentScript&&document.currentScript.parentElement);
""".replace("__SEVERITIES__", json.dumps(list(SEVERITIES)))
