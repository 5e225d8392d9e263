"""The injections of scripts/eval_injection.py (no engine): what they change and where they say it is."""
from __future__ import annotations

import random
import re

import pytest

from mtqa.words import fold, is_content_word, tokens
from scripts.eval_injection import (INJECTORS, NOT_CONTENT, REPLACEMENTS, Injection, NtrexStory, change_number,
                                    clause_candidates, garble, inject_clause, inject_name, inject_number, inject_word,
                                    plan, target_document)

PT = "O primeiro-ministro Taro Akazawa disse em Tóquio que 24 empresas vão investir 1,5 bilhão, segundo o jornal local."
EN = "Prime Minister Taro Akazawa said in Tokyo that 24 companies will invest 1.5 billion, according to the local paper."


def assert_consistent(injection: Injection) -> None:
    """The injected sentence is the original with ``removed`` replaced by ``inserted`` at the span."""
    assert injection.sentence[injection.start:injection.end] == injection.inserted
    assert (injection.sentence[:injection.start] + injection.removed + injection.sentence[injection.end:]
            == injection.original)
    assert injection.sentence != injection.original


@pytest.mark.parametrize("seed", range(20))
def test_name_garbles_a_name_the_english_has(seed):
    injection = inject_name(PT, EN, random.Random(seed))
    assert injection is not None and injection.kind == "name"
    assert_consistent(injection)
    assert injection.removed in {"Taro", "Akazawa"}  # "Tóquio" is not in the English as written
    assert injection.inserted[0] == injection.removed[0] and fold(injection.inserted) != fold(injection.removed)
    assert abs(len(injection.inserted) - len(injection.removed)) <= 3


def test_name_needs_a_shared_capitalised_word_not_first():
    assert inject_name("Akazawa disse que sim.", "Akazawa said yes.", random.Random(0)) is None
    assert inject_name("O ministro disse que sim.", "The minister said yes.", random.Random(0)) is None


def test_garble_changes_one_to_three_letters():
    for seed in range(50):
        garbled = garble("Akazawa", random.Random(seed))
        assert garbled != "Akazawa" and garbled[0] == "A" and 4 <= len(garbled) <= 7


@pytest.mark.parametrize("seed", range(20))
def test_number_changes_a_figure_the_english_has(seed):
    injection = inject_number(PT, EN, random.Random(seed))
    assert injection is not None and injection.kind == "number"
    assert_consistent(injection)
    assert injection.removed in {"24", "1,5"}
    # the format is kept: same length, separators in place, no leading zero
    assert len(injection.inserted) == len(injection.removed)
    assert re.sub(r"\d", "9", injection.inserted) == re.sub(r"\d", "9", injection.removed)
    assert injection.inserted[0] != "0"


def test_change_number_keeps_the_format():
    for seed in range(50):
        changed = change_number("1.250,75", random.Random(seed))
        assert re.fullmatch(r"[1-9]\.\d{3},\d{2}", changed) and changed != "1.250,75"


def test_number_needs_a_figure_the_english_has():
    assert inject_number("Foram 30 pessoas.", "There were 31 people.", random.Random(0)) is None
    assert inject_number("O G7 reuniu-se ontem.", "The G7 met yesterday.", random.Random(0)) is None


@pytest.mark.parametrize("seed", range(20))
def test_word_swaps_a_content_word_for_an_unrelated_one(seed):
    injection = inject_word(PT, EN, random.Random(seed))
    assert injection is not None and injection.kind == "word"
    assert_consistent(injection)
    assert injection.inserted in REPLACEMENTS
    assert injection.removed.islower() and len(injection.removed) >= 5
    assert is_content_word(injection.removed, "pt") and injection.removed not in NOT_CONTENT
    assert injection.inserted not in PT


def test_word_leaves_function_words_and_names():
    assert inject_word("Ele e ela estão aqui com Akazawa, segundo todos.", "He and she are here with Akazawa.",
                       random.Random(0)) is None


@pytest.mark.parametrize("seed", range(20))
def test_clause_drops_four_words_or_more(seed):
    injection = inject_clause(PT, EN, random.Random(seed))
    assert injection is not None and injection.kind == "clause"
    assert_consistent(injection)
    assert injection.start == injection.end and injection.inserted == ""
    assert len(tokens(injection.removed)) >= 4
    assert injection.sentence.endswith(".") and ",." not in injection.sentence and "  " not in injection.sentence


def test_clause_shapes():
    sentence = "O presidente, que chegou ontem de Paris, disse que a reunião foi boa e que o acordo sai logo."
    dropped = {sentence[start:end] for start, end in clause_candidates(sentence)}
    assert ", que chegou ontem de Paris," in dropped  # between commas: "O presidente disse ..."
    assert " e que o acordo sai logo" in dropped  # conjunction to the end: "... foi boa."
    results = {sentence[:start] + sentence[end:] for start, end in clause_candidates(sentence)}
    assert "O presidente disse que a reunião foi boa e que o acordo sai logo." in results
    assert "O presidente, que chegou ontem de Paris, disse que a reunião foi boa." in results


def test_clause_never_drops_the_whole_sentence():
    assert clause_candidates("Ele chegou ontem de manhã.") == []
    assert inject_clause("Ele chegou, e disse tudo.", "", random.Random(0)) is None


def test_injections_are_deterministic():
    for kind, inject in INJECTORS.items():
        first = [inject(PT, EN, random.Random(seed)) for seed in range(5)]
        again = [inject(PT, EN, random.Random(seed)) for seed in range(5)]
        assert first == again, kind


def test_plan_is_deterministic_and_spans_point_into_the_target():
    stories = [
        NtrexStory("a", [EN, "The talks ended on Friday without a deal, officials said.", "Nothing else happened."],
                   [PT, "As negociações terminaram na sexta-feira sem acordo, disseram as autoridades locais.",
                    "Nada mais aconteceu."]),
        NtrexStory("b", [EN] * 4, [PT] * 4),
    ]
    plans = plan(stories, random.Random(7))
    assert plans == plan(stories, random.Random(7))
    assert all(len(p) == max(1, round(0.25 * len(s.portuguese))) for p, s in zip(plans, stories))
    for story, injections in zip(stories, plans):
        document, lines = target_document(story, injections)
        assert document.text.count("\n") == len(story.portuguese) - 1
        for i, injection in injections.items():
            start, end = lines[i]
            assert document.text[start:end] == injection.sentence
            assert document.text[start + injection.start:start + injection.end] == injection.inserted
