"""Fluency rules on real sentences: the tariff-talks story, WMT22 chat MT output, NTREX references."""
from __future__ import annotations

import pytest

from mtqa.model import Issue, Segment
from mtqa.scorers import SCORERS
from mtqa.scorers.base import Pair, Story
from mtqa.scorers.fluency import FluencyScorer

PREFIX = "Título da matéria\n\n"  # the segment sits past the document's start, so offsets are exercised
OTHER = {"pt": "en", "en": "pt"}


def _no_translation(texts, from_lang, to_lang):
    raise AssertionError("the fluency scorer translates nothing")


def score(target: str, lang: str = "pt", source: str | None = None, forward: str | None = None) -> list[Issue]:
    document = PREFIX + target
    segment = Segment(4, len(PREFIX), len(document), target, lang)
    sources = (source,) if source is not None else ()
    pair = Pair(segment, "", "parallel" if sources else "none", sources, (forward,) if forward else ())
    issues = FluencyScorer().score(pair, Story(OTHER[lang], lang, sources, _no_translation))
    for issue in issues:
        assert document[issue.start:issue.end] == issue.text
        assert issue.segment == 4 and issue.scorer == "fluency" and issue.severity == "minor"
        assert issue.message and issue.evidence["rule"]
    return issues


def found(issues: list[Issue]) -> list[tuple[str, str, str | None]]:
    return [(i.category, i.text, i.suggestion) for i in issues]


def test_registered():
    assert SCORERS["fluency"] is FluencyScorer


def test_space_before_the_hyphen_of_a_compound():
    sentence = ('"Ainda não estamos no ponto em que podemos encontrar um terreno comum", disse hoje o '
                'primeiro -ministro japonês Ispibon, cumprimentando a discussão "positiva e construtiva".')
    assert found(score(sentence)) == [("fluency/whitespace", "primeiro -ministro", "primeiro-ministro")]
    assert found(score("Chegou o primeiro- ministro japonês.")) == [
        ("fluency/whitespace", "primeiro- ministro", "primeiro-ministro")]


def test_a_suspended_hyphen_is_not_a_slip():
    assert score("As exportações pré- e pós-guerra caíram.") == []
    assert score("Pre- and post-war exports fell.", "en") == []


def test_nationality_adjective_capitalized_after_a_name():
    sentence = ("Da mesma forma, hoje, o ministro das Finanças Japonês, Katsunobu Kato, disse à TVKIO que, sem "
                "progresso, a participação do Japão no título do Tesouro dos EUA (valor não revelado) pode "
                'constituir um "ativo".')
    assert found(score(sentence)) == [("fluency/capitalization", "Japonês", "japonês")]
    assert found(score("O presidente Americano chegou ontem a Brasília.")) == [
        ("fluency/capitalization", "Americano", "americano")]


def test_nationality_adjectives_inside_names_stay():
    for sentence in ("A União Europeia e o Banco Central Europeu anunciaram novas medidas.",
                     "Alguns parlamentares estão apreensivos com a sugestão de mudarem seu título para Membro do "
                     "Parlamento Galês.",
                     "A Comissão Europeia respondeu na segunda-feira."):
        assert score(sentence) == [], sentence


def test_months_are_lowercase_in_portuguese():
    assert found(score("A reunião ficou para Maio, disse o ministro.")) == [
        ("fluency/capitalization", "Maio", "maio")]
    assert score("Ele mora no Rio de Janeiro desde março de 2020.") == []
    assert score("The talks resume in May, the minister said.", "en") == []


def test_capitalized_word_lowercase_in_the_source_translation():
    issues = score("Deixe-me tentar isso, Obrigado!", forward="Deixe-me tentar, obrigado!")
    assert found(issues) == [("fluency/capitalization", "Obrigado", "obrigado")]
    # A name the source's translation also capitalizes stays.
    assert score("Akazawa conversou com Scott Bessent em Washington.",
                 forward="Akazawa se reuniu com Scott Bessent em Washington.") == []


def test_lowercase_sentence_start():
    # WMT22: annotators mark a Portuguese line that starts in lowercase even when the English did.
    assert found(score("se você quiser, podemos tentar fazer isso", source="if you want, we can try to do that")) == [
        ("fluency/capitalization", "se", "Se")]
    assert found(score("thanks", "en", source="Obrigada")) == [("fluency/capitalization", "thanks", "Thanks")]
    assert score("okay, one moment", "en", source="ok, um momento") == []  # English chat follows its source
    assert score("eBay e iPhone são marcas.") == []
    assert score("15 créditos para R$99 por mês") == []


def test_the_pronoun_i():
    assert found(score("Yes, i think i'm right.", "en")) == [
        ("fluency/capitalization", "i", "I"), ("fluency/capitalization", "i'm", "I'm")]
    assert score("Section (i) applies, i.e. the first one.", "en") == []


def test_space_before_punctuation():
    assert found(score("Obrigado !", source="Thanks!")) == [("fluency/whitespace", " !", "!")]
    assert found(score("Isso é estranho parece que há um erro de sistema .")) == [
        ("fluency/whitespace", " .", ".")]
    assert found(score("how do I do to cancel ?", "en")) == [("fluency/whitespace", " ?", "?")]
    assert score("Ótimo :) até amanhã") == []
    assert score("Ele espera... e depois?!") == []


def test_doubled_and_missing_spaces():
    assert found(score("Uma congregação que fazia cultos em um local próximo  deu o nome ao prédio.")) == [
        ("fluency/whitespace", "  ", " ")]
    assert found(score("Chegamos cedo.Depois fomos embora.")) == [
        ("fluency/whitespace", "cedo.Depois", "cedo. Depois")]
    assert found(score("Comprei pão,leite e café.")) == [("fluency/whitespace", "pão,leite", "pão, leite")]


def test_numbers_abbreviations_urls_and_placeholders_stay_clean():
    for sentence, lang in (("A tarifa de 27,5% sobre os carros continua, disseram os EUA.", "pt"),
                           ("The U.S. economy grew 2.5% in the first quarter, Mr. Smith said.", "en"),
                           ("Acesse www.exemplo.com.br/a,b ou escreva para nome.sobrenome@exemplo.com.", "pt"),
                           ("Por favor, clique em Login e selecione #PRS_ORG# como opção de login.", "pt"),
                           ("Olá #NAME#, tudo bem?", "pt"),
                           ("Apple, Inc., and Google, etc., were named.", "en")):
        assert score(sentence, lang) == [], sentence


def test_doubled_punctuation():
    target = "I have paid by credit card, it has already invoiced and is as sent on the #PRS_ORG# website,!"
    assert found(score(target, "en")) == [("fluency/punctuation", ",!", "!")]
    assert found(score("Você está certo que esta é a conta correta?, não consigo ver nada.")) == [
        ("fluency/punctuation", "?,", "?")]
    assert found(score("Fim..")) == [("fluency/punctuation", "..", ".")]


def test_doubled_words():
    assert found(score("O Partido Trabalhista não é mais um um local de livre expressão.")) == [
        ("fluency/grammar", "um um", "um")]
    assert found(score("The the talks ended.", "en")) == [("fluency/grammar", "The the", "The")]
    assert score("Outros que ficaram presos no Hotel Roa Roa foram seus alunos.") == []
    assert score("Foi muito muito bom.") == []
    assert score("He said that that was enough.", "en") == []


def test_final_punctuation_against_the_source():
    assert found(score("Isso está correto.", source="Is that correct?")) == [("fluency/punctuation", ".", "?")]
    assert found(score("Por favor, tome seu tempo", source="Please take your time.")) == [
        ("fluency/punctuation", "tempo", "tempo.")]
    assert found(score("The #PRS_ORG# does not have it.", "en", source="A #PRS_ORG# não tem!")) == [
        ("fluency/punctuation", ".", "!")]
    assert score("Por favor, tome seu tempo", source="Please take your time") == []  # a headline or chat line
    assert score("Fez um lindo passe pela esquerda para Leroy Sane,",
                 source="He sent a beautiful through ball along the left flank to Leroy Sane.") == []


def test_comma_before_a_closing_por_favor():
    assert found(score("Um momento por favor.", source="One moment please.")) == [
        ("fluency/punctuation", " ", ", ")]
    assert score("Um momento, por favor.", source="One moment, please.") == []


def test_unbalanced_quotes_and_brackets():
    issues = score('Ele disse: "não vou fazer isso.', source='He said: "I will not do that."')
    assert [(i.category, i.text) for i in issues] == [("fluency/punctuation", '"')]
    assert score("Clique em Configurações (no canto superior.", source="Click Settings (top corner).") != []
    # A quotation that the source also leaves open goes on in the next sentence.
    assert score('"Temos um relacionamento comercial muito forte.', source='"We have a very strong trade relationship.') == []


@pytest.mark.parametrize("lang, source, target", [
    # WMT22 chat lines the annotators found no error in.
    ("pt", "What can I do for you?", "O que posso fazer por você?"),
    ("pt", "Please let me know if you have any other questions.", "Por favor, deixe-me saber se você tiver outras perguntas."),
    ("pt", "Thank you for contacting #PRS_ORG#, have a great day!", "Obrigado por entrar em contato com #PRS_ORG#, tenha um ótimo dia!"),
    ("en", "Boa tarde, tudo bem?", "Good afternoon, how are you?"),
    ("en", "Já tentei dois horários distintos... Como faço para reservar?", "I've tried two different times... How do I book?"),
    # The tariff-talks story's correct sentences, against sources they align with.
    ("pt", "The two sides agreed to hold the next ministerial meeting as early as mid-May.",
     "Akazawa disse que novas \"negociações ministeriais intensivas\" estavam planejadas para começar em meados de "
     "maio e esperava concluir um \"acordo abrangente\" que cobria todas as questões em junho."),
    ("pt", "\"We have a very strong trading relationship with China and with the United States,\" Akazawa said.",
     "\"Temos um relacionamento comercial muito forte com a China e com os Estados Unidos\", disse Akazawa."),
    ("pt", "US President Donald Trump announced a 24% tariff on Japan in early April.",
     "No início de abril, o presidente dos EUA anunciou uma redução de 24% para 10%, para uma taxa de direitos "
     "aduaneiros para todas as importações do Japão."),
    # NTREX human references.
    ("pt", "There is consternation among some AMs at a suggestion their title should change to MWPs (Member of the Welsh Parliament).",
     "Alguns parlamentares estão apreensivos com a sugestão de mudarem seu título para Membro do Parlamento Galês "
     "(MWP, Member of the Welsh Parliament)."),
    ("en", "A China e a Rússia argumentam que o Conselho de Segurança da ONU deve recompensar Pyongyang.",
     "China and Russia argue that the U.N. Security Council should reward Pyongyang for steps taken."),
])
def test_correct_sentences_stay_clean(lang, source, target):
    assert score(target, lang, source=source) == []


def test_emoji_after_the_closing_mark_are_no_missing_punctuation():
    source = "The real rose to 5.67 per dollar."
    assert found(score("O real subiu para R$ 5,67 por dólar. 🇧🇷📈", source=source)) == []
    assert found(score("O real subiu para R$ 5,67 por dólar 👍🏽", source=source)) == [
        ("fluency/punctuation", "dólar", "dólar.")]


def test_a_headline_aligned_with_a_longer_source_sentence_needs_no_closing_mark():
    """A headline that sums up the lead ends without a mark by design; a sentence as long as its source that ends
    without one has lost it ("Por favor, tome seu tempo" above)."""
    source = "Brazil's central bank raised its benchmark Selic rate to 14.75% on Wednesday, the highest in two decades."
    assert score("Banco central eleva juros para 14,75%", source=source) == []
    assert found(score("O Banco Central elevou a taxa Selic para 14,75% na quarta-feira, a maior em duas décadas",
                       source=source)) == [("fluency/punctuation", "décadas", "décadas.")]
