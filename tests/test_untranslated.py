"""Source text left in the target, on real WMT22 chat lines and news sentences, with real translation."""
from __future__ import annotations

import pytest

from mtqa.model import Issue, Segment
from mtqa.scorers import SCORERS
from mtqa.scorers.base import Pair, Story
from mtqa.scorers.untranslated import UntranslatedScorer

PREFIX = "Chat de suporte\n"  # the segment sits past the document's start, so offsets are exercised


@pytest.fixture(scope="module")
def translate(engine):
    def translate(texts, from_lang, to_lang):
        return engine.cache.translate(engine.translator, texts, from_lang, to_lang)

    return translate


@pytest.fixture(scope="module")
def score(translate):
    def score(source: str, target: str, source_lang: str = "en", pool: tuple[str, ...] = ()) -> list[Issue]:
        target_lang = "pt" if source_lang == "en" else "en"
        document = PREFIX + target
        segment = Segment(2, len(PREFIX), len(document), target, target_lang)
        pair = Pair(segment, translate([target], target_lang, source_lang)[0], "parallel", (source,),
                    tuple(translate([source], source_lang, target_lang)))
        story = Story(source_lang, target_lang, (source, *pool), translate)
        issues = UntranslatedScorer().score(pair, story)
        for issue in issues:
            assert document[issue.start:issue.end] == issue.text
            assert issue.category == "accuracy/untranslated" and issue.scorer == "untranslated"
            assert issue.message and issue.evidence["rule"]
        return issues

    return score


def test_registered():
    assert SCORERS["untranslated"] is UntranslatedScorer


def test_a_sentence_copied_from_its_source(score):
    issues = score("Hi #NAME#!", "Hi #NAME#!")
    assert [(i.text, i.severity, i.evidence["rule"]) for i in issues] == [("Hi #NAME#!", "major", "copied-sentence")]
    assert issues[0].suggestion is None or "#NAME#" in issues[0].suggestion  # never a mangled placeholder
    [issue] = score("I will process the pause for you.", "I will process the pause for you.")
    assert issue.severity == "major" and "pausa" in issue.suggestion


def test_a_greeting_left_in_english(score):
    [issue] = score("Hi #NAME#, nice meeting you here on chat!", "Hi #NAME#, bom encontro você aqui em chat!")
    assert (issue.text, issue.severity) == ("Hi", "major")  # WMT22's annotators: major
    assert issue.evidence["source_function_words"] == ["Hi"]


def test_a_sentence_that_opens_in_english_is_major_a_term_inside_the_sentence_minor(score):
    """WMT22 chat (annotated major) against NTREX news, where the human translator keeps the rugby term."""
    pool = ("Then tap settings and go back.",)
    [opening] = score("Tap Accounts.", "Tap Contas.", pool=pool)
    assert (opening.text, opening.severity, opening.evidence.get("opens_sentence")) == ("Tap", "major", True)
    assert "opens with" in opening.message
    [inside] = score("Grant Anderson's 14th minute try, converted by Frazier Climo, put Ayr ahead.",
                     "O try de Grant Anderson aos 14 minutos convertido por Frazier Climo, colocou o Ayr à frente.")
    assert (inside.text, inside.severity, "opens_sentence" in inside.evidence) == ("try", "minor", False)


def test_a_name_that_opens_a_sentence_is_no_sentence_opening_in_english(score):
    """NTREX: 'hazard' is a common word somewhere in the pool, but the sources write it as a name mid-sentence."""
    pool = ("He then fired a beautiful through ball, leading Hazard into the box.", "The fog was a hazard to drivers.")
    issues = score("Hazard outran the defense and finished into the far post netting.",
                   "Hazard ganhou da defesa e acabou acertando o canto direito.", pool=pool)
    assert [i.severity for i in issues] in ([], ["minor"])


def test_a_run_of_english_words(score):
    [issue] = score("I'll help you", "I will help you")
    assert (issue.text, issue.severity) == ("help you", "major")


def test_a_portuguese_word_left_in_an_english_target(score):
    [issue] = score("o valor minimo das academias é a partir de 1 credito pra malhar?",
                    "The minimum value of the academies is from 1 credit to malhar?", source_lang="pt")
    assert (issue.text, issue.severity) == ("malhar", "minor")


def test_capitalized_words_count_when_the_sources_use_them_in_lowercase(score):
    pool = ("Then tap settings and go back.",)
    [issue] = score("Tap Settings, then Help.", "Tap Settings, depois Ajuda.", pool=pool)
    assert issue.text == "Tap Settings"
    assert score("Tap Settings, then Help.", "Tap Settings, depois Ajuda.") == []  # no sign they are not names


@pytest.mark.parametrize("source, target, source_lang", [
    ("Ok", "Ok", "en"),
    ("#NAME#", "#NAME#", "en"),
    ("Type: image/png", "Type: image/png", "pt"),  # the Portuguese chat line was English already
    ("It seems like you're busy right now, so I'm going to close out the chat.",
     "Parece que você está ocupado agora, então eu vou fechar o chat.", "en"),  # a loanword
    ("As soon as they reply, you'll be notified by email", "Assim que eles responderem, você será notificado por e-mail", "en"),
    ("Please check the app online and login again.", "Por favor, verifique o app online e faça login novamente.", "en"),
    ("City battles Hoffenheim in Champions League group play at 12:55 p.m. on Tuesday.",
     "O City enfrenta o Hoffenheim pela Champions League às 12h55 na terça-feira.", "en"),  # names
    ("In addition, perfume retailer the Fragrance Shop will be testing out concessions in two Sainsbury's stores.",
     "Além disso, a rede varejista de perfume The Fragrance Shop testará duas concessões em lojas da Sainsbury's.", "en"),
    ("In Thursday's 130-minute session, Akazawa met with US Treasury Secretary Scott Bessent.",
     "A secretária de Revitalização Econômica do Japão conversou com o secretário do Tesouro dos EUA, Scott Bessent, "
     "que já havia se encontrado com Trump em meados de abril.", "en"),
    ("The 27.5% tariff on cars stays, the U.S. said.", "A tarifa de 27,5% sobre carros continua, disseram os EUA.", "en"),
    ("It would be extremely ill advised to venture out into the desert on foot with the threat of tropical rainfall.",
     "Seria imprudente aventurar-se a pé pelo deserto com a ameaça de uma tempestade tropical.", "en"),  # a cognate
    ("So where would they say the momentum is now?", 'Então, eles diriam que o "momentum" é agora?', "en"),  # quoted
    ("Il faut bien le faire.", "Il faut bien le faire.", "en"),  # NTREX: French in the English story, kept
    ("Boa noite!", "Good night!", "pt"),
    ("Já tentei dois horários distintos... Como faço para reservar?", "I've tried two different times... How do I book?", "pt"),
])
def test_translated_text_stays_clean(score, source, target, source_lang):
    assert score(source, target, source_lang) == []


def test_no_sources_no_issues(translate):
    segment = Segment(0, 0, 10, "Hi #NAME#!", "pt")
    assert UntranslatedScorer().score(Pair(segment, "", "none"), Story("en", "pt", (), translate)) == []
