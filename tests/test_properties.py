"""Properties that must hold for any input: offsets stay inside the text, spans never cross segments, the text
under a span is the reported text; readers of outside files fail only with a one-line InputError."""
from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install -e '.[test]')")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mtqa.errors import InputError  # noqa: E402
from mtqa.model import Segment  # noqa: E402
from mtqa.numbers import quantities  # noqa: E402
from mtqa.read import read_table  # noqa: E402
from mtqa.scorers.base import Pair, Story  # noqa: E402
from mtqa.scorers.fluency import FluencyScorer  # noqa: E402
from mtqa.scorers.numbers import NumbersScorer  # noqa: E402
from mtqa.segment import split_sentences  # noqa: E402
from mtqa.termbase import read_termbase  # noqa: E402

BOUNDED = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

# News-like text: words, figures in both locales, abbreviations, quotes of every kind, line breaks.
PIECES = st.sampled_from([
    "O", "primeiro -ministro", "Ishiba", "disse", "que", "os", "EUA", "U.S.", "Sr.", "27,5%", "27.5%", "$63 billion",
    "9 trilhões de ienes", "39 de setembro", "1e999", "9" * 400, "abril", "April 2", "“", "”", '"', "'", "«", "»",
    ".", "!", "?", "...", ",", ";", ":", "(", ")", "-", "–", "\n", "\r\n", "\n\n", "  ", "\t", "já", "ação", "São Paulo",
    "2025-05-03", "9h30", "4.40am", "18-7", "2/3", "nº", "1º", "3ª", "Nº 1", "e.g.", "p.m.", "\u200b", "😀", "ﬁ",
])
NEWS = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=60).map(" ".join)


@BOUNDED
@given(NEWS, st.sampled_from(["pt", "en"]), st.integers(0, 40))
def test_segments_are_ordered_views_into_the_text(text, lang, start):
    start = min(start, len(text))
    segments = split_sentences(text, lang, start)
    previous_end = start
    for number, segment in enumerate(segments):
        assert segment.index == number
        assert previous_end <= segment.start < segment.end <= len(text)
        assert text[segment.start:segment.end] == segment.text and segment.text.strip()
        previous_end = segment.end


@BOUNDED
@given(NEWS, st.sampled_from(["pt", "en"]))
def test_quantities_lie_inside_the_text_in_order(text, lang):
    found = quantities(text, lang)
    for quantity in found:
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start:quantity.end] == quantity.text
    assert [q.start for q in found] == sorted(q.start for q in found)


SOURCE = ("On April 2, Trump imposed a 10% tariff on all countries, including Japan, which faces a 24% tariff rate "
          "starting in July.")
STORY = Story("en", "pt", (SOURCE,), translate=None)


@BOUNDED
@given(st.text(max_size=30), NEWS, st.text(max_size=30), st.sampled_from(["parallel", "partial", "none"]))
def test_issues_stay_inside_their_segment_and_name_their_text(before, sentence, after, kind):
    if not sentence.strip():
        return
    document = before + sentence + after
    segment = Segment(7, len(before), len(before) + len(sentence), sentence, "pt")
    pair = Pair(segment, "", kind, (SOURCE,) if kind != "none" else ())
    for scorer in (NumbersScorer(), FluencyScorer()):
        for issue in scorer.score(pair, STORY):
            assert issue.segment == 7
            assert segment.start <= issue.start <= issue.end <= segment.end
            assert document[issue.start:issue.end] == issue.text


READERS = {
    "table.tsv": lambda p: read_table(p, "source", "target"),
    "table.csv": lambda p: read_table(p, "source", "target"),
    "rows.jsonl": lambda p: read_table(p, "source", "target"),
    "units.xlf": read_table,
    "memory.tmx": read_table,
    "terms.tbx": read_termbase,
    "terms.tsv": read_termbase,
}
SEEDS = [b"source\ttarget\nThe tariff\tA tarifa\n", b'{"source": "a", "target": "b"}\n',
         b'<xliff version="1.2"><file source-language="en" target-language="pt"><body><trans-unit id="1"><source>a'
         b"</source><target>b</target></trans-unit></body></file></xliff>",
         b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>',
         b'<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>levy</term></tig></langSet>'
         b"</termEntry></body></text></martif>"]


def _mutated(seed: bytes, cut: int, junk: bytes) -> bytes:
    cut = cut % (len(seed) + 1)
    return seed[:cut] + junk + seed[cut:]


@settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(READERS)), st.sampled_from(SEEDS), st.integers(0, 400), st.binary(max_size=40))
def test_readers_fail_only_with_one_line_input_errors(tmp_path, name, seed, cut, junk):
    path = tmp_path / name
    path.write_bytes(_mutated(seed, cut, junk))
    try:
        READERS[name](str(path))
    except InputError as error:
        assert "\n" not in str(error) and str(error)


@given(st.text(max_size=80))
def test_words_are_the_text_s_own_and_each_caller_gets_its_own_list(text):
    """Words are split once a text and kept; what a caller does with its list is its own."""
    from mtqa.words import tokens

    first = tokens(text)
    assert all(text[w.start:w.end] == w.text and w.text for w in first)
    first.clear()
    assert tokens(text) == [w for w in tokens(text)] and (tokens(text) or not any(ch.isalnum() for ch in text))
