import json
import time
from decimal import Decimal

import pytest

from mtqa.model import Segment
from mtqa.numbers import comparable, quantities, read_figure, render, same_quantity
from mtqa.read import read_story, story_from_text
from mtqa.scorers import SCORERS
from mtqa.scorers.base import SURE_COUNTERPART, Pair, Story
from mtqa.scorers.numbers import NumbersScorer
from mtqa.segment import split_sentences

from .conftest import SOURCES, TARGET, TARIFF

APRIL_PT = ("No início de abril, o presidente dos EUA anunciou uma redução de 24% para 10%, para uma taxa de "
            "direitos aduaneiros para todas as importações do Japão.")
APRIL_EN = ("On April 2, Trump imposed a 10% tariff on all countries except Canada, Mexico and China, along with "
            "higher tariff rates for many big trading partners, including Japan, which faces a 24% tariff rate "
            "starting in July unless it can negotiate a deal with the US.")
SURPLUS_EN = ("According to Japanese government data, the country had a trade surplus of around 9 trillion yen "
              "($63 billion) with the United States, one of its major trading partners along with China, in the "
              "year ended this March.")
YEN_PT = ("A moeda japonesa caiu nas últimas horas, perto de 146 ienes por dólar, mas permanece forte que janeiro, "
          "após previsões pessimistas do banco central.")
PREFIX = "Título da matéria\n\n"  # the segment sits inside a document, so issue offsets are document offsets
SURE = 0.9  # the aligner's probability for a partial counterpart it is sure of (SURE_COUNTERPART and above)


def _score(target, sources=(), kind="parallel", pool=None, source_lang="en", target_lang="pt", translation="",
           confidence=SURE):
    """Issues on ``target`` (inside a document that starts with PREFIX), with the invariant checked; a partial
    alignment is a sure one unless ``confidence`` says otherwise."""
    document = PREFIX + target
    segment = Segment(3, len(PREFIX), len(document), target, target_lang)
    story = Story(source_lang=source_lang, target_lang=target_lang,
                  pool=tuple(sources if pool is None else pool), translate=None)
    issues = NumbersScorer().score(Pair(segment, translation, kind, tuple(sources), confidence=confidence), story)
    for issue in issues:
        assert document[issue.start:issue.end] == issue.text
        assert issue.segment == 3 and issue.scorer == "numbers" and issue.category == "accuracy/number"
    return issues


def _read(text, lang):
    return [(q.text, q.value, q.unit, q.kind) for q in quantities(text, lang)]


def _one(text, lang):
    (quantity,) = quantities(text, lang)
    return quantity


def _sentences(path, lang):
    document = read_story(str(path))
    return split_sentences(document.text, lang, document.body_start)


# reading quantities

def test_portuguese_figures_amounts_and_dates():
    text = "uma taxa de 27,5% e 9 trilhões de ienes, US$ 1,5 bilhão, 1.500 carros e perto de 146 ienes"
    assert _read(text, "pt") == [
        ("27,5%", Decimal("27.5"), "percent", "number"), ("9 trilhões de ienes", Decimal("9e12"), "JPY", "number"),
        ("US$ 1,5 bilhão", Decimal("1.5e9"), "USD", "number"), ("1.500", 1500, "", "number"),
        ("146 ienes", 146, "JPY", "number")]
    assert _read("em 24 de abril de 2025, meados de maio, na sexta-feira, 1º de maio", "pt") == [
        ("24 de abril", 424, "", "date"), ("2025", 2025, "", "year"), ("maio", 5, "", "month"),
        ("sexta-feira", 5, "", "weekday"), ("1º de maio", 501, "", "date")]
    text = "vinte e cinco por cento, dois pontos percentuais, mil milhões de euros, há 10 anos, R$5 bi"
    assert _read(text, "pt") == [
        ("vinte e cinco por cento", 25, "percent", "number"), ("dois pontos percentuais", 2, "pp", "number"),
        ("mil milhões de euros", Decimal("1e9"), "EUR", "number"), ("10 anos", 10, "year", "number"),
        ("R$5 bi", Decimal("5e9"), "BRL", "number")]


def test_english_figures_amounts_and_dates():
    text = "a 27.5 percent rate, 9 trillion yen ($63 billion), 1,500 cars, a 130-minute session, $5m, a dozen"
    assert _read(text, "en") == [
        ("27.5 percent", Decimal("27.5"), "percent", "number"), ("9 trillion yen", Decimal("9e12"), "JPY", "number"),
        ("$63 billion", Decimal("63e9"), "USD", "number"), ("1,500", 1500, "", "number"),
        ("130-minute", 130, "minute", "number"), ("$5m", Decimal("5e6"), "USD", "number"),
        ("a dozen", 12, "", "number")]
    assert _read("On April 2, 2025 and the 2nd of April, by mid-May, on Thursday's call, Sept. 3", "en") == [
        ("April 2", 402, "", "date"), ("2025", 2025, "", "year"), ("2nd of April", 402, "", "date"),
        ("May", 5, "", "month"), ("Thursday", 4, "", "weekday"), ("Sept. 3", 903, "", "date")]
    assert _read("on 2 May, May 3 and in May, but they may meet; twenty-five, twenty five, twenty and five", "en") == [
        ("2 May", 502, "", "date"), ("May 3", 503, "", "date"), ("May", 5, "", "month"),
        ("twenty-five", 25, "", "number"), ("twenty five", 25, "", "number"), ("twenty", 20, "", "number"),
        ("five", 5, "", "number")]


def test_times_ranges_decades_scores_and_short_weekdays():
    assert _read("às 9h30 e às 21h, nos anos 2000, por 2x0 na quinta, às 00h55", "pt") == [
        ("9h30", 570, "", "time"), ("21h", 1260, "", "time"), ("2000", 2000, "", "year"), ("2", 2, "", "number"),
        ("0", 0, "", "number"), ("quinta", 4, "", "weekday"), ("00h55", 55, "", "time")]
    weekdays = quantities("de segunda a sexta, de terça a sábado, na sexta para votar", "pt")
    assert [q.value for q in weekdays] == [1, 5, 2, 6, 5]
    assert _read("at 4.40 am, 12:55 p.m. and 09:30 in the 1930s, a 2-0 win", "en") == [
        ("4.40 am", 280, "", "time"), ("12:55 p.m.", 775, "", "time"), ("09:30", 570, "", "time"),
        ("1930s", 1930, "", "year"), ("2", 2, "", "number"), ("0", 0, "", "number")]
    # the first figure of a range takes the unit and scale of the second
    assert _read("chuvas entre 7,5 e 15 cm, de 2 a 3 bilhões de dólares", "pt") == [
        ("7,5", Decimal("7.5"), "cm", "number"), ("15 cm", 15, "cm", "number"),
        ("2", Decimal("2e9"), "USD", "number"), ("3 bilhões de dólares", Decimal("3e9"), "USD", "number")]
    assert [q.unit for q in quantities("2 to 3 inches", "en")] == ["inch", "inch"]
    assert [q.value for q in quantities("em 24 e 25 de abril", "pt")] == [424, 425]
    assert [q.value for q in quantities("on April 2 and 3", "en")] == [402, 403]


def test_figures_joined_by_a_slash_are_one_quantity():
    assert [(q.text, q.kind, round(q.value, 4)) for q in quantities("300 eliminações em 220 2/3 entradas", "pt")] == [
        ("300", "number", 300), ("220", "number", 220), ("2/3", "slashed", Decimal("0.6667"))]
    assert [q.text for q in quantities("3/4 of voters, open 24/7, R$99/mês", "en")] == ["3/4", "24/7", "R$99"]
    # a code and a division by zero are not; a date with its year is one quantity, a run that is no date is none
    assert [q.text for q in quantities("em 28/12/2021, no voo 1/0 e 3/x, 1/2/3 e 13/13/2021", "pt")] == [
        "28/12/2021", "3"]
    # a day and month read either way round
    assert same_quantity(_one("no dia 28/12", "pt"), _one("on 12/28", "en"))
    assert same_quantity(_one("2/4", "pt"), _one("1/2", "en"))
    assert not same_quantity(_one("2/6", "pt"), _one("2/3", "en")) and comparable(_one("2/6", "pt"), _one("2/3", "en"))
    assert not same_quantity(_one("2/3", "pt"), _one("0.67", "en")) and not comparable(_one("2/3", "pt"), _one("3", "en"))


def test_a_date_with_its_year_is_the_same_day_written_day_or_month_first():
    assert same_quantity(_one("em 28/12/2025", "pt"), _one("on 12/28/2025", "en"))
    assert same_quantity(_one("em 28/12/25", "pt"), _one("on 12/28/2025", "en"))
    assert same_quantity(_one("em 04/05/2025", "pt"), _one("on 5/4/2025", "en"))
    assert same_quantity(_one("no dia 28/12", "pt"), _one("on 12/28/2025", "en"))
    for other_day in ("12/29/2025", "12/28/2024", "5/3/2025"):
        target = _one("em 04/05/2025" if other_day == "5/3/2025" else "em 28/12/2025", "pt")
        assert not same_quantity(target, _one(f"on {other_day}", "en")) and comparable(target, _one(f"on {other_day}", "en"))


@pytest.mark.parametrize("right, wrong, day, year", [("28-12-2025", "27-12-2025", "27-12", "28-12"),
                                                      ("28.12.2025", "27.12.2025", "27.12", "28.12")])
def test_a_date_written_with_dashes_or_dots_is_a_date_like_one_with_slashes(right, wrong, day, year):
    """Before, "27-12-2025" was three numbers, its 27 only unverifiable against "December 28, 2025", and "27.12.2025"
    no number at all: a wrong day went unreported."""
    assert same_quantity(_one(f"em {right}", "pt"), _one("on 12/28/2025", "en"))
    assert not same_quantity(_one(f"em {wrong}", "pt"), _one("on 12/28/2025", "en"))
    english = "The deal was signed on December 28, 2025, in Tokyo, officials said."
    portuguese = "O acordo foi assinado em {}, em Tóquio, disseram autoridades."
    assert _score(portuguese.format(right), [english]) == []
    (issue,) = _score(portuguese.format(wrong), [english])
    assert (issue.text, issue.severity, issue.suggestion) == (day, "major", year)
    (issue,) = _score(portuguese.format(right.replace("2025", "2024")), [english])
    assert (issue.text, issue.severity, issue.suggestion) == ("2024", "major", "2025")
    # a score, a span of years, an ISO date, a figure with thousands or a longer run are what they were
    assert [q.text for q in quantities("venceu por 2-1-0 entre 2019-2020 e em 2025-12-27 com 27.125.000", "pt")] == [
        "2", "1", "0", "2019", "2020", "2025", "12", "27", "27.125.000"]
    assert [q.kind for q in quantities("ligue 11-12-2025-1234 ou 3-1-2-2025", "pt")] == [
        "number", "number", "year", "number", "number", "number", "number", "year"]


def test_a_dotted_date_is_day_first_in_english_too():
    """5.6.2025 is 5 June wherever dots are written: read month first in English, it gave a false major."""
    def issues(english, portuguese):
        return [(i.text, i.suggestion) for i in _score(english, [portuguese], source_lang="pt", target_lang="en")]

    assert issues("The deal was signed on 5.6.2025.", "O acordo foi assinado em 5 de junho de 2025.") == []
    assert issues("The deal was signed on 5.6.2025.", "O acordo foi assinado em 6 de maio de 2025.") == [("5.6", "6.5")]


def test_a_wrong_day_in_a_date_with_its_year_is_reported_and_put_right_day_first_in_portuguese(engine):
    report = engine.compare(story_from_text("O acordo foi assinado em 28/12/2025.", "pt.txt"),
                            [story_from_text("The deal was signed on 12/29/2025.", "en.txt")])
    found = [(i.text, i.category, i.severity, i.suggestion) for i in report.issues]
    assert found == [("28/12/2025", "accuracy/number", "major", "29/12/2025")]
    right = engine.compare(story_from_text("O acordo foi assinado em 28/12/2025.", "pt.txt"),
                           [story_from_text("The deal was signed on 12/28/2025.", "en.txt")])
    assert list(right.issues) == []


def test_a_date_in_figures_is_held_to_a_source_that_names_its_month():
    """Before, "28/12/2025" against "December 28, 2025" was unverifiable, and a wrong day or year went unreported."""
    english = "The deal was signed on December 28, 2025, in Tokyo, officials said."
    portuguese = "O acordo foi assinado em {}, em Tóquio, disseram autoridades."
    for right in ("28/12/2025", "28/12/25", "12/28/2025"):
        assert _score(portuguese.format(right), [english]) == [], right
    wrong = {"27/12/2025": ("27/12", "28/12"), "28/11/2025": ("28/11", "28/12"), "28/12/2024": ("2024", "2025"),
             "02/12/2025": ("02/12", "28/12"), "28/12/24": ("24", "2025"), "12/12/2025": ("12/12", "28/12")}
    for written, (text, suggestion) in wrong.items():
        (issue,) = _score(portuguese.format(written), [english])
        assert (issue.text, issue.severity, issue.suggestion) == (text, "major", suggestion), written
        start = len(PREFIX) + portuguese.index("{}") + written.index(text)
        assert (issue.start, issue.end) == (start, start + len(text))
    # a source that gives the month alone ("in December 2025") states the day of none of them
    assert _score(portuguese.format("28/12/2025"), ["The deal was signed in December 2025."]) == []
    (issue,) = _score(portuguese.format("28/11/2025"), ["The deal was signed in December 2025."])
    assert (issue.text, issue.suggestion) == ("28/11", "dezembro")
    # day first in Portuguese: "05/06/2025" is 5 June, and against "May 6" it is put right in its own order
    assert _score(portuguese.format("05/06/2025"), ["The deal was signed on June 5, 2025."]) == []
    (issue,) = _score(portuguese.format("05/06/2025"), ["The deal was signed on May 6, 2025."])
    assert (issue.text, issue.suggestion) == ("05/06", "06/05")
    (issue,) = _score(portuguese.format("05/05/2025"), ["The deal was signed on May 6, 2025."])
    assert (issue.text, issue.suggestion) == ("05/05", "06/05")  # day and month alike: still day first
    # a year of the source that dates no day is another fact: the date's year stays unverifiable
    issues = _score(portuguese.format("28/12/2025"), ["The deal was signed on December 28 and takes effect in 2026."])
    assert [(i.text, i.severity) for i in issues] == [("2025", "neutral")]
    # a day past its month's end is wrong whatever month the source names, unless the source says it too
    (issue,) = _score(portuguese.format("31/02/2025"), ["The deal was signed in February 2025."])
    assert (issue.text, issue.severity, issue.message) == ("31/02", "major", '"31/02": no month has that day')
    assert _score("O acordo foi assinado em 31 de fevereiro.", ["The deal was signed on February 31."]) == []
    # with no date among the aligned sources, a date in figures stays one figure, unverifiable as before
    assert [(i.text, i.severity) for i in _score(portuguese.format("28/12/2025"), ["The deal was signed."])] == [
        ("28/12/2025", "neutral")]


def test_a_day_in_figures_without_its_year_is_held_to_a_source_that_names_its_month():
    """Brazilian news dates a day "segunda-feira (28/12)". Before, that was a fraction: unverifiable against "Monday,
    December 28" when right, and a wrong day or month went unreported. Two figures that share neither the day nor the
    month of the source's date stay what they were: a fraction as often as a day."""
    english = "On Monday, December 28, the government announced three new measures to curb inflation."
    portuguese = "Na segunda-feira ({}), o governo anunciou três novas medidas para conter a inflação."
    assert _score(portuguese.format("28/12"), [english]) == []
    for written, suggestion in (("27/12", "28/12"), ("28/11", "28/12"), ("08/12", "28/12")):
        (issue,) = _score(portuguese.format(written), [english])
        assert (issue.text, issue.severity, issue.suggestion) == (written, "major", suggestion)
    assert [(i.text, i.severity) for i in _score(portuguese.format("3/4"), [english])] == [("3/4", "neutral")]
    # month first in English: "12/27" against "28 de dezembro" is put right in its own order
    (issue,) = _score("On Monday (12/27), the government announced new measures.",
                      ["Na segunda-feira, 28 de dezembro, o governo anunciou novas medidas."], source_lang="pt",
                      target_lang="en")
    assert (issue.text, issue.suggestion) == ("12/27", "12/28")
    # a fraction next to a date keeps its reading: "2/3" shares neither the day nor the month of December 28
    issues = _score("Cerca de 2/3 dos eleitores votaram em 28 de dezembro.",
                    ["About two-thirds of voters cast ballots on December 28."])
    assert [(i.text, i.severity, i.message) for i in issues] == [("2/3", "neutral", "unverifiable: no source mentions 2/3")]
    # "1/12" shares December's month, but no day of the source is in doubt: its note names what is written
    issues = _score("Cerca de 1/12 dos eleitores votaram em 28 de dezembro.",
                    ["About one in twelve voters cast ballots on December 28."])
    assert [(i.text, i.severity, i.message) for i in issues] == [("1/12", "neutral", "unverifiable: no source mentions 1/12")]


def test_a_changed_fraction_is_a_changed_figure():
    """NTREX sentence, with the error the injection benchmark planted and missed while slashes went unread."""
    english = "The Washington right-hander is 18-7 with a 2.53 ERA and 300 strikeouts in 220 2/3 innings this season."
    portuguese = ("O arremessador destro de Washington é um 18-7, com um ERA de 2,53 e 300 eliminações em 220 2/3 "
                  "entradas nesta temporada.")
    assert _score(portuguese, [english]) == []
    (issue,) = _score(portuguese.replace("2/3", "2/6"), [english])
    assert (issue.text, issue.severity, issue.suggestion) == ("2/6", "major", "2/3")
    assert issue.evidence["target_value"] == "2/6"


def test_the_locale_decides_only_what_the_shape_cannot():
    assert read_figure("1.500", "pt") == (1500, 1) and read_figure("1.500", "en") == (Decimal("1.5"), Decimal("0.001"))
    assert read_figure("1,500", "en") == (1500, 1) and read_figure("1,500", "pt")[0] == Decimal("1.5")
    assert read_figure("27.5", "pt")[0] == read_figure("27,5", "en")[0] == Decimal("27.5")
    assert read_figure("1.500.000,25", "pt")[0] == read_figure("1,500,000.25", "en")[0] == Decimal("1500000.25")
    assert read_figure("1.2.3", "pt") is None and read_figure("12,34,5", "en") is None


def test_words_that_are_not_quantities():
    for text in ('"Ainda não", disse hoje o primeiro -ministro japonês Ispibon.',
                 "O primeiro-ministro disse, segundo o governo, que um acordo e uma proposta são possíveis."):
        assert quantities(text, "pt") == []
    assert quantities("You may go; one Japanese carmaker met the G7 over Covid-19 in 3D on 5G.", "en") == []
    assert quantities("The Sunday Times, during Saturday Night Live; a 5G code 1e9.", "en") == []
    assert quantities("Na segunda rodada, a quinta colocada e a sexta parte do acordo.", "pt") == []


def test_hostile_input_neither_crashes_nor_hangs():
    huge = "9" * 400
    assert quantities("1e999 NaN% nan inf -inf 1e-999", "en") == []
    (figure,) = quantities(huge, "pt")
    assert figure.value == Decimal(huge)
    assert same_quantity(figure, quantities(huge, "en")[0])
    assert not same_quantity(figure, quantities("9" * 399 + "8", "en")[0])  # a difference in the last digit counts
    assert quantities(huge + " trilhões de ienes", "pt")[0].unit == "JPY"
    assert render(figure, "en").startswith("9,999,999")
    started = time.monotonic()  # 20,000 of anything: a quadratic or backtracking reader would take minutes
    for text in ("1" * 40_000, "1." * 20_000, "1,1." * 10_000 + "x", "9 " * 20_000, "$" * 20_000 + "%" * 20_000,
                 "de " * 20_000 + "abril", "vinte e " * 20_000, "1" * 20_000 + "e" + "9" * 20_000):
        quantities(text, "pt")
        quantities(text, "en")
    assert time.monotonic() - started < 10


def test_same_quantity_across_languages_within_rounding():
    same = [("24%", "24 percent"), ("27,5%", "27.5%"), ("9 trilhões de ienes", "9 trillion yen"),
            ("US$ 63 bilhões", "$63 billion"), ("1.500 carros", "1,500 cars"), ("abril", "April 2"),
            ("2 de abril", "April 2"), ("meados de maio", "mid-May"), ("quinta-feira", "Thursday"),
            ("em 2025", "in 2025"), ("9 trilhões", "9 trillion yen"), ("24", "24%"),
            ("cerca de 9 trilhões", "8.9 trillion")]
    for portuguese, english in same:
        assert same_quantity(_one(portuguese, "pt"), _one(english, "en")), (portuguese, english)
    different = [("42%", "24%"), ("9 trilhões de ienes", "8 trillion yen"),
                 ("9 trilhões de ienes", "9 trillion dollars"), ("2 de abril", "April 3"), ("maio", "April"),
                 ("sexta-feira", "Thursday"), ("24%", "24 yen"), ("27,5%", "27.4%"), ("9 milhões", "9 billion")]
    for portuguese, english in different:
        assert not same_quantity(_one(portuguese, "pt"), _one(english, "en")), (portuguese, english)
    assert comparable(_one("42%", "pt"), _one("24%", "en"))
    assert comparable(_one("63 milhões de dólares", "pt"), _one("$63 billion", "en"))
    assert not comparable(_one("146 ienes", "pt"), _one("9 trillion yen", "en"))  # two facts, not one misstated
    assert not comparable(_one("24%", "pt"), _one("$24 billion", "en"))
    assert not comparable(_one("sexta-feira", "pt"), _one("Thursday", "en"))  # Friday in Tokyo, Thursday in Washington
    assert comparable(_one("segunda-feira", "pt"), _one("Thursday", "en"))
    assert not comparable(_one("dois", "pt"), _one("Seven", "en"))  # "os dois lados" may well be "both sides"
    assert comparable(_one("1.200 carros", "pt"), _one("1,500 cars", "en"))


def test_a_converted_figure_is_the_same_fact():
    converted = [("seis metros", "20 feet"), ("600 km", "385 miles"), ("140 km/h", "85 mph"), ("250 kg", "550 lb"),
                 ("10 cm", "4 inches"), ("26 °C", "80 °F"), ("duas horas", "130-minute"), ("18 meses", "1.5 years")]
    for portuguese, english in converted:
        assert same_quantity(_one(portuguese, "pt"), _one(english, "en")), (portuguese, english)
    assert not same_quantity(_one("3 metros", "pt"), _one("30 yards", "en"))
    assert comparable(_one("3 metros", "pt"), _one("30 yards", "en"))
    length, mass = _one("10 km", "pt"), _one("10 kg", "en")
    assert not same_quantity(length, mass) and not comparable(length, mass)


def test_render_writes_the_target_locale():
    cases = [("27.5%", "27,5%"), ("9 trillion yen", "9 trilhões de ienes"), ("$63 billion", "US$ 63 bilhões"),
             ("$1.5 billion", "US$ 1,5 bilhão"), ("April 2", "2 de abril"), ("mid-May", "maio"), ("1,500", "1.500"),
             ("130-minute", "130 minutos"), ("Thursday", "quinta-feira")]
    for english, portuguese in cases:
        assert render(quantities(english, "en")[0], "pt") == portuguese
        assert same_quantity(quantities(portuguese, "pt")[0], quantities(english, "en")[0])
    assert render(quantities("27,5%", "pt")[0], "en") == "27.5%"


# the scorer

def test_registered():
    assert SCORERS["numbers"] is NumbersScorer


def test_figures_the_source_states_are_clean():
    assert _score(APRIL_PT, [APRIL_EN], "partial") == []
    assert _score("A taxa subiu para 27,5%.", ["The rate rose to 27.5%."]) == []
    assert _score("O superávit foi de 9 trilhões de ienes (US$ 63 bilhões).", [SURPLUS_EN]) == []
    assert _score("A fábrica produziu 1.500 carros.", ["The plant made 1,500 cars."]) == []
    assert _score("As negociações começarão em meados de maio.", ["Talks will start in mid-May."]) == []
    assert _score("Os EUA impuseram uma tarifa de 24% em 2025.", ["The US imposed a 24% tariff in 2025."]) == []


def test_a_changed_figure_is_a_major_error_with_the_source_figure_as_suggestion():
    (issue,) = _score(APRIL_PT.replace("24%", "42%"), [APRIL_EN], "partial")
    assert (issue.text, issue.severity, issue.suggestion) == ("42%", "major", "24%")
    assert "42%" in issue.message and "24%" in issue.message
    assert issue.evidence["source_text"] == "24%" and issue.evidence["source_value"] == "24 percent"
    assert issue.evidence["target_value"] == "42 percent" and issue.evidence["source_sentence"] == APRIL_EN
    # on a partial alignment too weak to be sure the source reports that fact, the figure is a minor issue
    (weak,) = _score(APRIL_PT.replace("24%", "42%"), [APRIL_EN], "partial", confidence=0.2)
    assert (weak.text, weak.severity, weak.suggestion) == ("42%", "minor", "24%")
    assert weak.message.endswith("(a weak alignment: the source may report another fact)")
    (border,) = _score(APRIL_PT.replace("24%", "42%"), [APRIL_EN], "partial", confidence=SURE_COUNTERPART)
    assert border.severity == "major"

    (issue,) = _score("O superávit foi de 9 trilhões de ienes.", ["The surplus was 8 trillion yen."])
    assert (issue.text, issue.severity, issue.suggestion) == ("9 trilhões de ienes", "major", "8 trilhões de ienes")
    (issue,) = _score("A taxa subiu para 27,5%.", ["The rate rose to 25.7%."])
    assert issue.suggestion == "25,7%"
    (issue,) = _score("As negociações começarão em meados de junho.", ["Talks will start in mid-May."])
    assert (issue.text, issue.suggestion) == ("junho", "maio")
    (issue,) = _score("As negociações começarão em 2026.", ["Talks will start in 2025."])
    assert (issue.text, issue.suggestion) == ("2026", "2025")
    (issue,) = _score("A fábrica produziu 63 milhões de dólares.", ["The plant made $63 billion."])
    assert issue.suggestion == "US$ 63 bilhões"


def test_a_figure_no_source_mentions_is_unverifiable_not_an_error():
    pool = [s.text for path in SOURCES for s in _sentences(path, "en")]
    issues = _score(YEN_PT, [], "none", pool=pool)
    assert [(i.text, i.severity) for i in issues] == [("146 ienes", "neutral"), ("janeiro", "neutral")]
    assert issues[0].message == "unverifiable: no source mentions 146 yen" and issues[0].suggestion is None
    # An aligned yen figure of another magnitude is another fact, not the one misstated.
    record = "U.S.-bound shipments hit a record 21 trillion yen, with cars among the main exported items."
    assert [i.severity for i in _score(YEN_PT, [record], "partial", pool=pool)] == ["neutral", "neutral"]
    # Found elsewhere in the sources, a figure is accounted for.
    assert _score(YEN_PT, [], "none", pool=pool + ["The yen hit 146 per dollar in January."]) == []


def test_errors_of_human_translators_in_ntrex():
    """Real mistakes of the NTREX-128 Portuguese reference translation, caught in both directions."""
    pairs = [
        ("The new strategy comes after Sainsbury's sold its 281-store pharmacy business to Celesio, the owner of the "
         "Lloyds Pharmacy chain, for £125m, three years ago.",
         "A nova estratégia surgiu há três anos, quando a Sainsbury’s vendeu sua rede de farmácias de 218 lojas "
         "por 125 milhões de libras para a Celesio, proprietária da rede Lloyds Pharmacy.", "281", "218"),
        ("Security camera footage showed Yuan entering the market at 4.40 am Thursday to feed his pigs.",
         "O vídeo de segurança mostra Yuan entrando no mercado quinta-feira, às 4h04, para alimentar seus porcos.",
         "4.40 am", "4h04"),
        ("City battles Hoffenheim in Champions League group play at 12:55 p.m. on Tuesday at Rhein-Neckar-Arena.",
         "O City enfrenta o Hoffenheim pela Champions League às 00h55 na terça-feira, na Rhein-Neckar-Arena.",
         "12:55 p.m.", "00h55"),
        ("Sturridge received a pass from Xherdan Shaqiri while about 30 yards out from the Chelsea goal with his team "
         "trailing 1-0.",
         "Com o seu time perdendo por 1-0, Sturridge recebeu um passe de Xherdan Shaqiri a quase 3 metros do gol do "
         "Chelsea.", "30 yards", "3 metros"),
    ]
    for english, portuguese, english_figure, portuguese_figure in pairs:
        (issue,) = _score(portuguese, [english])
        assert (issue.text, issue.severity) == (portuguese_figure, "major")
        (issue,) = _score(english, [portuguese], source_lang="pt", target_lang="en")
        assert (issue.text, issue.severity) == (english_figure, "major")
    (issue,) = _score(pairs[1][1], [pairs[1][0]])
    assert issue.suggestion == "4h40"


def test_a_figure_the_source_states_twice_counts_twice():
    """NTREX-128 (scotsman.133744): the source says "72 per cent" twice; a target that says "72%" once and
    "27%" in place of the other has misstated one of them."""
    english = ("The data, collected from SCIS's 74 member schools, showed that 72 per cent of students achieved a "
               "Higher grade A in Mandarin, while 72 per cent of those studying German, 69 per cent of those studying "
               "French and 63 per cent studying Spanish also achieved the top grade.")
    portuguese = ("Os dados, coletados nas 74 escolas membros do SCIS, mostraram a seguinte porcentagem de alunos que "
                  "obtiveram conceito A: {}% dos alunos de mandarim, 72% dos de alemão, 69% dos de francês e 63% dos "
                  "de espanhol.")
    (issue,) = _score(portuguese.format(27), [english])
    assert (issue.text, issue.severity, issue.suggestion) == ("27%", "major", "72%")
    assert _score(portuguese.format(72), [english]) == []
    # only the same kind of figure, value and unit, repeated inside one sentence, counts twice:
    # NTREX-128 (reuters.218923), where "Saturday" is weekday 6 and the score "10-6" has a 6 too
    ryder = ("Europe will take a healthy advantage into the final day of the Ryder Cup after emerging from Saturday's "
             "fourballs and foursomes matches with a 10-6 lead over the United States.")
    (issue,) = _score("A Europa terá uma grande vantagem no último dia da Ryder Cup depois de emergir de partidas de "
                      "fourballs e foursomes no sábado com uma liderança de 90-6 sobre os Estados Unidos.", [ryder])
    assert (issue.text, issue.severity, issue.suggestion) == ("90", "major", "10")
    assert [i.severity for i in _score("As empresas cresceram 3% e 5% no ano passado.",
                                       ["The 3 firms grew 3% last year."])] == ["neutral"]
    assert [i.severity for i in _score("A participação chegou a 72% no domingo, ante 27% na eleição anterior.",
                                       ["Turnout reached 72% on Sunday.", "Officials said 72% of voters took part."],
                                       "partial")] == ["neutral"]


def test_figures_converted_by_the_translator_are_clean():
    pairs = [
        ("Many people were trapped in the rubble of buildings brought down in the 7.5 magnitude earthquake which "
         "struck Friday and triggered waves as high as 20 feet.",
         "Muitas pessoas ficaram presas nos escombros dos prédios destruídos pelo terremoto de magnitude 7,5 de "
         "sexta-feira que provocou ondas de até seis metros."),
        ("Rosa, still at hurricane strength Sunday morning with maximum winds of 85 miles per hour, is 385 miles "
         "south of Punta Eugenia, Mexico and moving north at 12 miles per hour.",
         "O Rosa, ainda com força de furacão no domingo de manhã, com ventos máximos de 140 km por hora, está a "
         "600 km ao sul de Punta Eugenia, no México e se deslocando para o norte, a 19 km por hora."),
        ("\"Rainfall totals of 3 to 6 inches are expected from Baja California into northwestern Sonora, with up to "
         "10 inches possible,\" weather.com reported.",
         "\"Chuvas entre 7,5 a 15 cm são esperadas entre a região da Baixa Califórnica e do nordeste de Sonora, com "
         "possibilidades até 25 cm\", avisa o weather.com."),
        ("The incident unfolded in Ballynagard Crescent on Thursday at about 19:30 BST.",
         "O incidente aconteceu em Ballynagard Crescent, na quinta, às 19h30, horário local."),
    ]
    for english, portuguese in pairs:
        assert _score(portuguese, [english]) == []
        assert _score(english, [portuguese], source_lang="pt", target_lang="en") == []


def test_no_contradiction_is_claimed_without_an_unambiguous_pairing():
    # not aligned: whatever the pool holds, an absent figure is only unverifiable
    assert [i.severity for i in _score("A tarifa é de 42%.", [APRIL_EN], "none")] == ["neutral"]
    # two source percentages the target lacks, one target percentage: which one it misstates is unclear
    assert [i.severity for i in _score("A tarifa é de 42%.", [APRIL_EN], "partial")] == ["neutral"]
    # stated by another source sentence: a partial counterpart may have taken it from there
    pool = ["The tariff is 24%.", "Cars pay 42%."]
    assert _score("A tarifa é de 42%.", ["The tariff is 24%."], "partial", pool=pool) == []
    # a parallel counterpart that states it otherwise outweighs the rest of the pool
    assert [i.severity for i in _score("A tarifa é de 42%.", ["The tariff is 24%."], "parallel", pool=pool)] == ["major"]
    # a figure of another kind is not a contradiction, nor is the same figure in another unit the same fact
    assert [i.severity for i in _score("A tarifa é de 24%.", ["The tariff cost $42 billion."])] == ["neutral"]
    assert [i.severity for i in _score("A tarifa é de 42%.", ["The tariff cost $42 billion."])] == ["neutral"]


def test_dates_of_a_partial_counterpart_may_date_another_event():
    weak = 0.3  # below SURE_COUNTERPART: a partial counterpart that may report another fact
    issues = _score("As negociações começarão em meados de junho.", ["Talks will start in mid-May."], "partial",
                    confidence=weak)
    assert [i.severity for i in issues] == ["neutral"]
    # mtqa's own alignment of this English sentence against the Portuguese story: "March" is not "abril"
    english = ("A 25% levy on US imports of steel and aluminium started in March, with a similar tax on autos and a "
               "baseline 10% tariff on all goods kicking in earlier this month.")
    portuguese = [APRIL_PT, "Como outros países, o transporte de automóveis do Japão, aço e alumínio também "
                            "enfrentam uma velocidade de 25%."]
    issues = _score(english, portuguese, "partial", source_lang="pt", target_lang="en", confidence=weak)
    assert [(i.text, i.severity) for i in issues] == [("March", "neutral")]


def test_words_and_weekdays_that_reports_legitimately_differ_on_are_not_contradictions():
    source = ["In Tokyo on Friday Japan time, the two leaders met at the Group of Seven."]
    assert _score("Na sexta-feira, os dois líderes se reuniram no Grupo dos Sete.", source) == []
    issues = _score("Na quinta-feira, os dois líderes se reuniram no Grupo dos Sete.", source)
    assert [(i.text, i.severity) for i in issues] == [("quinta-feira", "neutral")]
    # "os dois" may be "both": a number in words is neither contradicted nor reported as unverifiable
    source = ["On Friday, the leaders met at the Group of Seven."]
    assert _score("Na sexta-feira, os dois líderes se reuniram no G7.", source) == []
    (issue,) = _score("Na segunda-feira, os líderes se reuniram.", ["In Tokyo on Friday Japan time, the leaders met."])
    assert (issue.severity, issue.suggestion) == ("major", "sexta-feira")


def test_a_figure_copied_in_the_source_locale_is_the_source_figure():
    assert _score("A fábrica produziu 1,500 carros.", ["The plant made 1,500 cars."]) == []


def test_an_age_is_a_bare_figure_in_english_and_years_in_portuguese():
    english = "This Morning presenter, 37, took to Instagram to announce she is leaving."
    assert _score("A apresentadora de 37 anos do Morning anunciou sua saída no Instagram.", [english]) == []
    (issue,) = _score("A apresentadora de 38 anos do Morning anunciou sua saída no Instagram.", [english])
    assert (issue.text, issue.severity, issue.suggestion) == ("38 anos", "major", "37 anos")
    (issue,) = _score(english.replace("37", "36"), ["A apresentadora de 37 anos anunciou sua saída."],
                      source_lang="pt", target_lang="en")
    assert (issue.text, issue.severity, issue.suggestion) == ("36", "major", "37")
    # a bare figure of another kind is not a converted amount: "550 pound" is not "250 kg" misstated
    hog = "A forensic examination confirmed that the 550 pound hog had mauled the farmer to death."
    issues = _score("O exame confirmou que o porco de 250 kg matou o fazendeiro.", [hog])
    assert [i.severity for i in issues] == ["neutral"]


def test_numbers_in_words_do_not_upset_the_pairing_of_figures():
    source = ["Both sides agreed that the chain had 281 stores."]
    (issue,) = _score("Os dois lados concordaram que a rede tinha 218 lojas.", source)
    assert (issue.text, issue.severity, issue.suggestion) == ("218", "major", "281")


def test_ordinal_words_are_not_numbers():
    target = '"Ainda não", disse hoje o primeiro -ministro japonês Ispibon, segundo a agência.'
    assert _score(target, [], "none") == []


def test_the_tariff_story_against_its_gold_alignment_has_no_false_errors():
    gold = json.loads((TARIFF / "alignment-gold.json").read_text(encoding="utf-8"))
    target = read_story(str(TARGET))
    sources = {path.name: _sentences(path, "en") for path in SOURCES}
    story = Story(source_lang="en", target_lang="pt", pool=tuple(s.text for ss in sources.values() for s in ss),
                  translate=None)
    issues = []
    for segment, entry in zip(split_sentences(target.text, "pt", target.body_start), gold["segments"], strict=True):
        aligned = tuple(next(s.text for s in sources[c["source"]] if s.text.startswith(c["starts"]))
                        for c in entry["counterparts"])
        issues += NumbersScorer().score(Pair(segment, "", "partial" if aligned else "none", aligned), story)
    assert all(target.text[i.start:i.end] == i.text for i in issues)
    assert [(i.text, i.severity) for i in issues] == [("146 ienes", "neutral"), ("janeiro", "neutral")]


def test_english_target_against_portuguese_sources():
    english = "On April 2, Trump imposed a 10% tariff on all countries, and Japan faces a 24% rate."
    assert _score(english, [APRIL_PT], "partial", source_lang="pt", target_lang="en") == []
    (issue,) = _score(english.replace("24%", "42%"), [APRIL_PT], "partial", source_lang="pt", target_lang="en")
    assert (issue.text, issue.severity, issue.suggestion) == ("42%", "major", "24%")
    # "July" is in the English source only: against the Portuguese one it is unverifiable
    assert [(i.text, i.severity) for i in _score(APRIL_EN, [APRIL_PT], "partial", source_lang="pt",
                                                  target_lang="en")] == [("July", "neutral")]
    source = ["O superávit foi de 9 trilhões de ienes (US$ 63 bilhões)."]
    (issue,) = _score("The surplus was 8 trillion yen ($63 billion).", source, source_lang="pt", target_lang="en")
    assert (issue.text, issue.suggestion) == ("8 trillion yen", "9 trillion yen")


def test_machine_translations_keep_their_figures_in_both_directions(engine):
    english = [APRIL_EN, SURPLUS_EN,
               "U.S.-bound shipments hit a record 21 trillion yen, with cars among the main exported items.",
               "In Thursday's 130-minute session, Akazawa met with US Treasury Secretary Scott Bessent.",
               "About 12,345 people attended on Monday, May 5; prices rose 0.8% and the deficit reached $1.5 billion."]
    portuguese = engine.cache.translate(engine.translator, english, "en", "pt")
    for en, pt in zip(english, portuguese):
        assert quantities(pt, "pt"), pt
        assert _score(pt, [en]) == [], pt
        assert _score(en, [pt], source_lang="pt", target_lang="en") == [], pt
    wrong = portuguese[1].replace("9", "8", 1)
    (issue,) = _score(wrong, [english[1]])
    assert issue.severity == "major" and issue.suggestion == "9 trilhões de ienes"


def test_hostile_segments_do_not_crash_the_scorer():
    target = "Valores: 1e999, NaN%, " + "9" * 400 + " ienes e 12,5%."
    issues = _score(target, ["Values: 1e999, NaN% and 12.5%."])
    assert [i.severity for i in issues] == ["neutral"] and issues[0].text.startswith("999")


@pytest.mark.parametrize("figure", ["24%", "27.5%", "27,5%", "1,500", "1.500", "12,345", "2025", "US$ 63", "$1.5",
                                    "146", "0.8%", "10:30", "9" * 40])
def test_a_figure_written_as_in_the_source_is_never_an_issue(figure):
    assert _score(f"O valor era {figure} ontem.", [f"The value was {figure} yesterday."]) == []
    assert _score(f"The value was {figure} yesterday.", [f"O valor era {figure} ontem."], source_lang="pt",
                  target_lang="en") == []


def test_a_four_digit_figure_against_a_year_is_a_misstated_year():
    english = 'The National Weather Service noted that only "ten tropical cyclones have maintained storm status since 1950."'
    issues = _score('O serviço notou que apenas "10 ciclones tropicais mantiveram a condição de tempestade desde 1590."',
                    [english])
    assert [(i.text, i.severity, i.suggestion) for i in issues] == [("1590", "major", "1950")]


GERRARD_EN = ("Promoted Livingston stunned Rangers to consign Steven Gerrard to just his second defeat in 18 games as "
              "manager of the Ibrox club.")  # NTREX, with the Portuguese figure changed below
GERRARD_PT = ("De volta à primeira divisão, o Livingston surpreendeu o Rangers e impôs à segunda derrota a Steven "
              "Gerrard em 38 jogos à frente do time do Ibrox.")


def test_on_a_partial_alignment_a_figure_in_the_same_slot_is_contradicted(engine):
    translation = engine.cache.translate(engine.translator, [GERRARD_PT], "pt", "en")[0]
    issues = _score(GERRARD_PT, [GERRARD_EN], "partial", translation=translation)
    assert [(i.text, i.severity, i.suggestion) for i in issues] == [("38", "major", "18")]
    # weakly aligned, even a figure beside the same words is minor: comparable reports give other counts
    weak = _score(GERRARD_PT, [GERRARD_EN], "partial", translation=translation, confidence=0.3)
    assert [(i.text, i.severity) for i in weak] == [("38", "minor")]
    # another report's 38 in another slot does not excuse it; one in the same slot does
    elsewhere = [GERRARD_EN, "Livingston have scored 38 goals this season."]
    assert [i.severity for i in _score(GERRARD_PT, [GERRARD_EN], "partial", elsewhere, translation=translation)] == ["major"]
    same_slot = [GERRARD_EN, "Gerrard has lost two of his 38 games in charge."]
    assert _score(GERRARD_PT, [GERRARD_EN], "partial", same_slot, translation=translation) == []
    # two figures of the best source beside the same words: which one it misstates is unclear
    two = GERRARD_EN.replace("in 18 games", "in 18 games and 12 games at home")
    assert [i.severity for i in _score(GERRARD_PT, [two], "partial", translation=translation)] == ["neutral"]


def test_a_day_past_the_end_of_its_month_is_a_wrong_date():
    source = ["There were smiles and blue skies on Saturday (September 29) as the leaders of Turkey and Germany met."]
    target = "O café da manhã em Berlim no sábado, 39 de setembro, entre os líderes da Turquia e da Alemanha."
    assert [(i.text, i.severity, i.suggestion) for i in _score(target, source)] == [
        ("39 de setembro", "major", "29 de setembro")]
    unaligned = _score("A reunião ficou marcada para 31 de abril, em Tóquio.", source, "none")
    assert [(i.text, i.severity) for i in unaligned] == [("31 de abril", "major")]
    assert _read("em 29 de fevereiro de 2024", "pt")[0][3] == "date"
    assert [i.severity for i in _score("Em 30 de abril, em Tóquio.", [], "none")] == ["neutral"]


def test_thousands_grouped_by_spaces_are_one_figure():
    """"45 000" (a plain, non-breaking or narrow space, as Portuguese and French style guides write thousands) was
    read as 45 and 000, so 45,000 for a source's 40,000 went unreported; English reads only the spaces that do not
    break, a plain one being a date next to a count there ("on May 5 200 people")."""
    for space in (" ", "\u00a0", "\u202f"):
        assert _read(f"cerca de 45{space}000 pessoas e 2{space}500,5 toneladas", "pt") == [
            (f"45{space}000", 45000, "", "number"), (f"2{space}500,5 toneladas", Decimal("2500.5"), "t", "number")]
    assert [q[1] for q in _read("some 45\u00a0000 people", "en")] == [45000]
    assert [q[1] for q in _read("on May 5 200 people marched", "en")] == [505, 200]
    assert [q[1] for q in _read("em 2024 100 pessoas", "pt")] == [2024, 100]


def test_a_capital_c_or_f_glued_to_a_figure_is_a_temperature():
    """"42.5C", as the British press writes it, was a code like "G7" and went unread: "45,5 °C" for it passed."""
    assert _read("temperatures of 42.5C in Seville and 98F in Phoenix", "en") == [
        ("42.5C", Decimal("42.5"), "celsius", "number"), ("98F", 98, "fahrenheit", "number")]
    assert _read("the A320 and the G7, 5Ca", "en") == []


@pytest.mark.parametrize("source, target, swapped", [
    ("The company hired 120 engineers and laid off 45 managers last year.",
     "A empresa contratou 45 engenheiros e demitiu 120 gerentes no ano passado.", [("45", "120"), ("120", "45")]),
    ("Exports rose 5% in March, while imports fell 3%.",
     "As exportações subiram 3% em março, enquanto as importações caíram 5%.", [("3%", "5%"), ("5%", "3%")]),
    ("Inflation was 4.5% in May, above the 3.2% forecast by economists.",
     "A inflação foi de 3,2% em maio, acima dos 4,5% previstos pelos economistas.", [("3,2%", "4,5%"), ("4,5%", "3,2%")]),
])
def test_two_figures_in_each_others_places_are_both_wrong(engine, source, target, swapped):
    """Each figure is one the source states, so matching figures by value saw nothing amiss; beside the words the
    source puts next to the other figure (in the translation back), they are in each other's places."""
    translation = engine.cache.translate(engine.translator, [target], "pt", "en")[0]
    issues = _score(target, [source], translation=translation)
    assert [(i.text, i.suggestion) for i in issues] == swapped and {i.severity for i in issues} == {"major"}


def test_a_sentence_that_turns_its_clauses_round_keeps_its_figures_where_they_belong(engine):
    source = "Exports rose 5% in March, while imports fell 3%."
    target = "As importações caíram 3% em março, enquanto as exportações subiram 5%."
    translation = engine.cache.translate(engine.translator, [target], "pt", "en")[0]
    assert _score(target, [source], translation=translation) == []


@pytest.mark.parametrize("source, target", [
    ("Inflation rose to 5.2% in March from 4.6% in February.", "A inflação subiu de 4,6% em fevereiro para 5,2% em março."),
    ("The central bank cut the Selic rate to 10.5% from 10.75%.", "O banco central cortou a taxa Selic de 10,75% para 10,5%."),
])
def test_a_change_told_from_its_end_in_one_language_and_its_start_in_the_other_is_no_swap(engine, source, target):
    """"rose to X from Y" is "subiu de Y para X": both figures in the opposite order, each beside the other's verb
    (a helper's review: two major issues, MQM 23.1, on a standard wording of economic news)."""
    for (s, t), (source_lang, target_lang) in (((source, target), ("en", "pt")), ((target, source), ("pt", "en"))):
        translation = engine.cache.translate(engine.translator, [t], target_lang, source_lang)[0]
        assert _score(t, [s], translation=translation, source_lang=source_lang, target_lang=target_lang) == []


@pytest.mark.parametrize("source, target, source_lang, target_lang", [
    ("Sales grew 12% in Brazil and 4% in Mexico.", "As vendas cresceram 4% no México e 12% no Brasil.", "en", "pt"),
    ("Dos 81 senadores, 49 votaram a favor e 28 contra.", "Of the 81 senators, 28 voted against and 49 in favour.",
     "pt", "en"),
    ("A empresa demitiu 300 funcionários em São Paulo e 150 no Rio.",
     "The company laid off 150 employees in Rio and 300 in São Paulo.", "pt", "en"),
    ("A Petrobras subiu 2% e a Vale, 1%.", "Vale rose 1% and Petrobras 2%.", "pt", "en"),
    # a comparison turned round: each year keeps its rate
    ("A inflação de 2023 foi de 4,62%, abaixo dos 5,79% de 2022.",
     "Inflation in 2022 was 5.79%, higher than the 4.62% of 2023.", "pt", "en"),
])
def test_clauses_turned_round_keep_their_figures_and_a_true_swap_is_still_told(engine, source, target, source_lang,
                                                                              target_lang):
    """Each figure is placed by the words of its own clause, the subject and verb the clauses share left out: the
    figure beside the shared verb had seemed to cross over (a helper's adversarial run: two majors on each)."""
    def swaps(t):
        translation = engine.cache.translate(engine.translator, [t], target_lang, source_lang)[0]
        return [i.text for i in _score(t, [source], translation=translation, source_lang=source_lang,
                                      target_lang=target_lang)
                if i.evidence.get("rule") == "swapped-figures"]
    assert swaps(target) == []
    if "Rio" in target:  # the same figures in each other's places are told
        assert swaps("The company laid off 150 employees in São Paulo and 300 in Rio.") == ["150", "300"]
