"""The bad-input catalogue not covered elsewhere, through the CLI as a user meets it: one line on stderr and
exit 2, or a run that works and says what it found. (Missing, empty, binary, Latin-1, same-language and
unsupported-language inputs: test_cli.py; byte-level decoding: test_read.py; limits: test_cli.py; hostile
XML: test_formats.py; batch failures and path traversal: test_batch.py.)"""
from __future__ import annotations

import json

from mtqa.cli import main

from .conftest import SOURCES, TARGET, one_line_error


def test_truncated_and_unmarked_utf16_stories(capsys, tmp_path):
    truncated = tmp_path / "truncated.txt"
    truncated.write_bytes(TARGET.read_bytes()[:-1] + "ã".encode()[:1])
    one_line_error(capsys, ["compare", str(truncated), str(SOURCES[0])], "ends inside a character (truncated?)")
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(TARGET.read_text(encoding="utf-8").encode("utf-16-le"))
    one_line_error(capsys, ["compare", str(utf16), str(SOURCES[0])], "UTF-16 text without a byte-order mark")


def test_sources_in_several_languages_and_the_target_as_its_own_source(capsys):
    one_line_error(capsys, ["compare", str(TARGET), str(SOURCES[0]), str(TARGET)], "the sources are in several languages")
    one_line_error(capsys, ["compare", str(TARGET), str(TARGET)], "like the sources")


def test_one_language_given_for_both_sides_is_refused_as_what_was_given(capsys, tmp_path):
    expected = "the source and target languages given (--source-lang, --target-lang) are both English"
    one_line_error(capsys, ["compare", str(TARGET), str(SOURCES[0]), "--source-lang", "en", "--target-lang", "EN"], expected)
    table = tmp_path / "rows.tsv"
    table.write_text("source\ttarget\nJapan agreed.\tO Japão concordou.\n", encoding="utf-8")
    one_line_error(capsys, ["segments", str(table), "--source-lang", "pt-BR", "--target-lang", "pt"],
                   "are both Portuguese")


def test_malformed_termbase(capsys, tmp_path):
    termbase = tmp_path / "terms.tsv"
    termbase.write_text("en\tpt\nnon-tariff measure\n", encoding="utf-8")
    one_line_error(capsys, ["compare", str(TARGET), *map(str, SOURCES), "--termbase", str(termbase)], "terms.tsv")


def test_a_story_without_sentence_punctuation_is_one_sentence(capsys, tmp_path):
    story = tmp_path / "headline.txt"
    story.write_text("Japão e EUA retomam negociações sobre tarifas de automóveis em Washington", encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["compare", str(story), *map(str, SOURCES), "--format", "json", "-o", str(out)]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["segments"]) == 1


def test_xliff_units_without_targets_are_scored_as_omissions(capsys, tmp_path):
    xliff = tmp_path / "untranslated.xlf"
    xliff.write_text('<xliff version="1.2"><file source-language="en" target-language="pt"><body>'
                     '<trans-unit id="a"><source>The tariff on cars is 25%.</source></trans-unit>'
                     '<trans-unit id="b"><source>Talks resume in June.</source><target>As negociações recomeçam em junho.'
                     "</target></trans-unit></body></file></xliff>", encoding="utf-8")
    assert main(["segments", str(xliff)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert [(i["category"], i["severity"]) for i in rows[0]["issues"]] == [("accuracy/omission", "critical")]
    assert rows[0]["score"] < rows[1]["score"]


def test_json_lines_and_markup_no_parser_should_choke_on(capsys, tmp_path):
    from mtqa.read import read_table

    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"source": "a", "target": "b", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    one_line_error(capsys, ["segments", str(deep)], "line 1 nests too deep")
    huge = tmp_path / "huge.jsonl"
    huge.write_text('{"source": "a", "target": "b", "x": ' + "7" * 5000 + "}\n", encoding="utf-8")
    one_line_error(capsys, ["segments", str(huge)], "line 1 is not usable JSON")
    surrogate = tmp_path / "surrogate.jsonl"
    surrogate.write_text('{"source": "The tariff is 25%.", "target": "A tarifa \\ud800 é de 25%."}\n', encoding="utf-8")
    one_line_error(capsys, ["segments", str(surrogate)], "lone surrogate")
    # a key given twice: JSON readers keep the last one silently, as a TSV header naming a column twice is refused
    twice = tmp_path / "twice.jsonl"
    twice.write_text('{"source": "The tariff is 25%.", "target": "A tarifa é de 25%.", "target": "A tarifa é de 52%."}\n',
                     encoding="utf-8")
    one_line_error(capsys, ["segments", str(twice), "--source-lang", "en", "--target-lang", "pt"],
                   "twice.jsonl: line 1 gives 'target' twice; which one is meant?")

    nested = tmp_path / "nested.tmx"
    nested.write_text('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>'
                      + "<hi>" * 5000 + "Talks resume" + "</hi>" * 5000 + '</seg></tuv><tuv xml:lang="pt"><seg>'
                      "As negociações recomeçam</seg></tuv></tu></body></tmx>", encoding="utf-8")
    assert read_table(str(nested)).rows == (("Talks resume", "As negociações recomeçam"),)

    termbase = tmp_path / "long.csv"
    termbase.write_text("en,pt\n" + "tariff " * 20_000 + ",tarifa\n", encoding="utf-8")
    one_line_error(capsys, ["compare", str(TARGET), str(SOURCES[0]), "--termbase", str(termbase)], "not a usable CSV termbase")


def test_tables_with_a_column_twice_or_a_row_over_the_segment_limit(capsys, tmp_path):
    twice = tmp_path / "twice.tsv"
    twice.write_text("source\ttarget\ttarget\nThe tariff is 25%.\tA tarifa é de 25%.\tThe tariff\n", encoding="utf-8")
    one_line_error(capsys, ["segments", str(twice)], "names column 'target' 2 times")
    rows = tmp_path / "rows.tsv"
    rows.write_text("source\ttarget\nThe tariff is 25%.\tA tarifa é de 25%.\n", encoding="utf-8")
    one_line_error(capsys, ["segments", str(rows), "--max-sentence-chars", "10", "--source-lang", "en",
                            "--target-lang", "pt"], "over the limit of 10 for one segment")


def test_segments_given_a_story_says_it_is_not_a_table(capsys, tmp_path):
    err = one_line_error(capsys, ["segments", str(TARGET)], "not a table: its first line")
    assert "mtqa compare" in err and len(err) < 400  # the story's first sentence is not quoted whole
    two = tmp_path / "two.tsv"
    two.write_text("original\ttranslation\nThe talks went well.\tAs conversas correram bem.\n", encoding="utf-8")
    one_line_error(capsys, ["segments", str(two)], "no column 'source'; the columns are 'original', 'translation'")
