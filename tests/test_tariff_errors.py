"""The whole run on tariff-talks against the errors a reviewer found (corpora/tariff-talks/errors-gold.json)."""
from __future__ import annotations

import json

import pytest

from .conftest import SOURCES, TARGET, TARIFF

GOLD = json.loads((TARIFF / "errors-gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(engine):
    from mtqa.read import read_story
    from mtqa.termbase import read_termbase

    termbase = read_termbase(str(TARIFF / "termbase.tsv"))
    return engine.compare(read_story(str(TARGET)), [read_story(str(p)) for p in SOURCES], termbase)


def found(report, text: str) -> list:
    return [i for i in report.issues if i.severity != "neutral" and i.text and (text in i.text or i.text in text)]


def test_gold_spans_point_at_their_text():
    text = TARGET.read_text(encoding="utf-8")
    for error in GOLD["errors"]:
        assert text[error["start"]:error["end"]] == error["text"]


def test_every_issue_points_at_its_text(report):
    for issue in report.issues:
        assert report.target.text[issue.start:issue.end] == issue.text
        segment = report.segments[issue.segment].segment
        assert segment.start <= issue.start <= issue.end <= segment.end


def test_garbled_prime_minister_is_reported_with_his_name(report):
    assert [(i.category, i.severity, i.suggestion) for i in found(report, "Ispibon")] == [
        ("accuracy/named-entity", "major", "Ishiba")]


def test_garbled_broadcaster_is_reported_with_its_name(report):
    assert [(i.category, i.suggestion) for i in found(report, "TVKIO")] == [("accuracy/named-entity", "TV Tokyo")]


def test_non_tariff_measures_mistranslation_is_reported_against_the_termbase(report):
    issues = found(report, "medidas não guardianas")
    assert [(i.category, i.severity, i.suggestion) for i in issues] == [
        ("terminology", "major", "medidas não tarifárias")]


def test_form_slips_are_reported(report):
    assert [i.suggestion for i in found(report, "primeiro -ministro")] == ["primeiro-ministro"]
    assert [i.category for i in found(report, "Japonês")] == ["fluency/capitalization"]


def test_correct_sentences_have_no_major_issue(report):
    serious = [i for i in report.issues if i.segment in GOLD["clean_segments"] and i.severity in ("major", "critical")]
    assert serious == []


def test_story_scores(report):
    scores = report.scores
    assert scores["penalty"] == sum({"minor": 1, "major": 5, "critical": 25}.get(i.severity, 0) for i in report.issues)
    assert scores["mqm"] == round(100 * (1 - scores["penalty"] / scores["words"]), 4)
    assert set(scores["round_trip"]) == {"bleu", "chrf", "ter"}
    assert all("version:" in m["signature"] for m in scores["round_trip"].values())
