import pytest

from mtqa.read import read_story
from mtqa.segment import split_sentences

from .conftest import SOURCES, TARGET


def texts(text, lang="en"):
    return [s.text for s in split_sentences(text, lang)]


def test_offsets_point_into_the_text_on_the_whole_corpus():
    for path in [TARGET, *SOURCES]:
        document = read_story(str(path))
        segments = split_sentences(document.text, "en", document.body_start)
        assert [s.index for s in segments] == list(range(len(segments)))
        for segment in segments:
            assert document.text[segment.start:segment.end] == segment.text
            assert segment.start >= document.body_start and segment.text == segment.text.strip()


def test_the_portuguese_story_has_fourteen_sentences():
    document = read_story(str(TARGET))
    assert len(split_sentences(document.text, "pt")) == 14


@pytest.mark.parametrize("text, expected", [
    ('In Washington, Akazawa met with U.S. President Donald Trump. He left.',
     ["In Washington, Akazawa met with U.S. President Donald Trump.", "He left."]),
    ('the talks were "frank and constructive," following a briefing.',
     ['the talks were "frank and constructive," following a briefing.']),
    ('"we\'re in no situation where we can find common ground." While constructive, talks went on.',
     ['"we\'re in no situation where we can find common ground."', "While constructive, talks went on."]),
    ("“It does exist as a card,” said Kato. “Whether or not we use that card is a different decision.”",
     ["“It does exist as a card,” said Kato.", "“Whether or not we use that card is a different decision.”"]),
    ("a surplus of around 9 trillion yen ($63 billion) with the United States. U.S.-bound shipments hit a record.",
     ["a surplus of around 9 trillion yen ($63 billion) with the United States.", "U.S.-bound shipments hit a record."]),
    ("the tariff measures be revisited.Read More: Bank of Japan keeps rates unchanged",
     ["the tariff measures be revisited.", "Read More: Bank of Japan keeps rates unchanged"]),
    ("Trump said 2.5 million. Mr. Smith agreed.", ["Trump said 2.5 million.", "Mr. Smith agreed."]),
    ("First paragraph without a stop\nSecond paragraph.", ["First paragraph without a stop", "Second paragraph."]),
    ("possible … and we’ll make efforts. Done!", ["possible … and we’ll make efforts.", "Done!"]),
])
def test_english_news(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Os EUA anunciaram 27,5% de tarifa. O primeiro -ministro reagiu.",
     ["Os EUA anunciaram 27,5% de tarifa.", "O primeiro -ministro reagiu."]),
    ('"Ainda não estamos lá", disse a Sra. Silva. "Vamos continuar."',
     ['"Ainda não estamos lá", disse a Sra. Silva.', '"Vamos continuar."']),
    ("O déficit foi de US$ 63 bilhões? Sim.", ["O déficit foi de US$ 63 bilhões?", "Sim."]),
])
def test_portuguese_news(text, expected):
    assert texts(text, "pt") == expected


def _wrapped(document, width: int, between: str) -> str:
    import textwrap

    paragraphs = document.text[document.body_start:].splitlines()
    return between.join(textwrap.fill(p, width) for p in paragraphs if p.strip())


@pytest.mark.parametrize("width", [60, 70, 80])
@pytest.mark.parametrize("between", ["\n\n", "\n", "\r\n"])
def test_text_wrapped_at_a_fixed_width_gives_the_sentences_of_the_unwrapped_text(width, between):
    """Wire copy and e-mail wrap at 60-80 columns: each paragraph a run of lines, blank lines between or none."""
    from mtqa.words import visible

    for path, lang in [(TARGET, "pt"), (SOURCES[0], "en"), (SOURCES[2], "en")]:
        document = read_story(str(path))
        unwrapped = [s.text for s in split_sentences(document.text, lang, document.body_start)]
        wrapped = _wrapped(document, width, between)
        segments = split_sentences(wrapped, lang)
        assert [visible(s.text) for s in segments] == unwrapped
        assert all(wrapped[s.start:s.end] == s.text for s in segments)


def test_lines_of_a_story_that_is_not_wrapped_stay_paragraphs():
    headline_and_list = ("Japan and US hold tariff talks\nTokyo wants a deal soon. Washington wants more.\n"
                         "Key points\n- cars and steel\n- farm goods\n1. a first point\n2. a second point")
    assert texts(headline_and_list) == ["Japan and US hold tariff talks", "Tokyo wants a deal soon.",
                                        "Washington wants more.", "Key points", "- cars and steel", "- farm goods",
                                        "1. a first point", "2. a second point"]


def test_a_sentence_that_goes_on_in_lowercase_after_a_line_break_is_one_sentence():
    text = "Fez um lindo passe pela esquerda para Leroy Sane,\nque deu o passe para Sterling.\nO atacante marcou."
    assert [s.replace("\n", " ") for s in texts(text, "pt")] == [
        "Fez um lindo passe pela esquerda para Leroy Sane, que deu o passe para Sterling.", "O atacante marcou."]


def test_html_character_references_end_and_open_sentences_as_their_characters():
    assert texts('Ele disse: &quot;Não há acordo.&quot; Depois saiu. &quot;Nada&quot;, disse.', "pt") == [
        'Ele disse: &quot;Não há acordo.&quot;', "Depois saiu.", "&quot;Nada&quot;, disse."]
    assert texts("R&D grew. AT&T fell.") == ["R&D grew.", "AT&T fell."]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c"])
def test_unicode_line_and_paragraph_separators_end_a_headline_as_a_line_feed_does(separator):
    """A story exported with U+2028/U+2029 or NEL between lines ran its headline into the first sentence, and NEL
    went into the text sent to the translation engine ("14.75%O Central Ba...")."""
    story = "Banco central eleva juros para 14,75%{}O Banco Central elevou a taxa Selic. Foi a sexta alta seguida."
    expected = texts(story.format("\n"), "pt")
    assert len(expected) == 3
    assert texts(story.format(separator), "pt") == expected


@pytest.mark.parametrize("separator", ["\n", "\r\n", "\u2028", "\x85", "\x0b"])
def test_a_word_hyphenated_over_a_line_break_reads_whole(separator):
    from mtqa.words import visible

    assert visible(f"o primeiro-{separator}ministro disse") == "o primeiro-ministro disse"
