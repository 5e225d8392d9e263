import pytest

from mtqa.errors import InputError
from mtqa.read import read_story, story_from_text

from .conftest import SOURCES, TARGET


def test_every_target_sentence_is_translated_and_aligned(tariff_report):
    target = tariff_report.target
    assert target.lang == "pt" and len(tariff_report.segments) == 14
    for result in tariff_report.segments:
        assert target.text[result.segment.start:result.segment.end] == result.segment.text
        assert result.segment.lang == "pt" and result.translation
        assert (result.alignment.kind == "none") == (result.alignment.sources == ())


def test_names_the_garbled_name_in_the_translation(tariff_report):
    assert "Ispibon" in tariff_report.segments[5].translation


def test_a_sentence_in_another_language_is_reported(engine):
    portuguese = TARGET.read_text(encoding="utf-8").splitlines()
    english = "The two sides agreed to hold the next ministerial meeting as early as mid-May."
    target = story_from_text("\n".join([portuguese[0], english, portuguese[1]]), "mixed.txt")
    report = engine.compare(target, [read_story(str(p)) for p in SOURCES[:2]])
    assert report.target.lang == "pt"
    assert [s.segment.lang for s in report.segments] == ["pt", "en", "pt"]
    assert len(report.warnings) == 1 and "sentence 1 looks English" in report.warnings[0]
    # Left in English, the sentence is its own translation and finds the Jiji sentence it shortens.
    assert report.segments[1].translation == english
    assert report.segments[1].alignment.kind != "none"
    assert report.segments[1].alignment.sources[0].text.startswith("The two sides agreed to hold the next ministerial")


def test_sources_in_several_languages_are_refused(engine):
    with pytest.raises(InputError, match="several languages"):
        engine.compare(read_story(str(TARGET)), [read_story(str(SOURCES[0])), read_story(str(TARGET))])
