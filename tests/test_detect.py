from mtqa.detect import LanguageGuess, detect_language, segment_language, story_language
from mtqa.model import Segment
from mtqa.read import read_story

from .conftest import ROOT, SOURCES, TARGET


def test_documents():
    assert detect_language(read_story(str(TARGET)).text).lang == "pt"
    for path in SOURCES:
        assert detect_language(read_story(str(path)).text).lang == "en"


def test_a_story_is_read_by_cld3_where_it_is_sure_and_agrees_with_langdetect_on_every_corpus_story():
    stories = sorted((ROOT / "corpora").glob("*/*.txt")) + sorted((ROOT / "corpora").glob("*/*/*.txt"))
    assert len(stories) > 100
    for path in stories:
        text = read_story(str(path)).text
        assert story_language(text).lang == detect_language(text).lang, path


def test_a_short_story_langdetect_misreads_is_read_by_cld3():
    text = "Clique em Salvar."  # langdetect: French
    assert detect_language(text).lang == "fr"
    assert story_language(text) == LanguageGuess("pt", 1.0)


def test_web_and_mail_addresses_are_no_words_of_a_story():
    """CLD3 read the address's words as English prose, and a Portuguese line was "in English, like the sources"."""
    address = "https://support.example.com/en-us/articles/how-to-reset-your-password-and-recover-your-account"
    assert story_language(f"Saiba mais em {address}").lang == "pt"
    assert story_language(address).lang == "und"
    assert story_language("escreva para help.desk@example.com hoje").lang == "pt"


def test_a_language_only_cld3_knows_is_left_to_langdetect():
    from mtqa.detect import _cld3

    text = "Tóquio nega."  # CLD3 is sure it is Latin, which langdetect (and mtqa's messages) know nothing of
    found = _cld3().FindLanguage(text=text)
    assert (found.language, found.is_reliable) == ("la", True)
    assert story_language(text) == detect_language(text)


def test_seeded_so_repeated_calls_agree():
    text = "Akazawa disse que"  # short and ambiguous: exactly where an unseeded detector wavers
    assert len({detect_language(text) for _ in range(20)}) == 1


def test_a_sentence_in_another_language_is_reported():
    english = Segment(0, 0, 60, "The two sides agreed to hold the next ministerial meeting in May.")
    assert segment_language(english, "pt") == "en"


def test_short_bylines_keep_the_document_language():
    assert segment_language(Segment(0, 0, 16, "Photo by Reuters"), "en") == "en"
    assert segment_language(Segment(0, 0, 7, "© KYODO"), "pt") == "pt"


def test_no_letters_is_undetermined():
    assert detect_language("12345 !!!").lang == "und"


def test_a_sentence_in_a_neighbouring_language_is_reported():
    spanish = "El gobierno de Japón anunció nuevas medidas para proteger a la industria automotriz."
    assert segment_language(Segment(0, 0, len(spanish), spanish), "pt") == "es"


def test_a_sentence_langdetect_misreads_keeps_its_document_language():
    # WMT22 chat lines langdetect puts in Spanish and Catalan with confidence 1.0; CLD3 reads them as Portuguese
    for text in ("Obrigado por aguardar pacientemente!", "Ela repetia sem parar 'que tragédia'."):
        assert detect_language(text).lang in {"es", "ca"}
        assert segment_language(Segment(0, 0, len(text), text), "pt") == "pt"


def test_the_on_demand_table_holds_what_langdetect_would_have_built():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from mtqa.detect import _factory

    eager = DetectorFactory()
    eager.load_profile(PROFILES_DIRECTORY)
    table = _factory().word_lang_prob_map
    assert _factory().langlist == eager.langlist
    assert all(ngram in table for ngram in eager.word_lang_prob_map)
    assert "no such n-gram" not in table and "\x00" not in table
    assert all(table[ngram] == row for ngram, row in eager.word_lang_prob_map.items())


def test_detection_is_langdetects_own():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from mtqa.detect import _factory

    eager = DetectorFactory()
    eager.load_profile(PROFILES_DIRECTORY)
    eager.set_seed(0)
    texts = [read_story(str(path)).text for path in [TARGET, *SOURCES]] + [
        "Akazawa disse que", "El gobierno de Japón anunció nuevas medidas.", "Die Regierung kündigte neue Zölle an.",
        "Le gouvernement a annoncé de nouvelles mesures.", "Obrigado por aguardar pacientemente!", "東京で会談が行われた。"]
    for text in texts:
        ours, theirs = _factory().create(), eager.create()
        ours.append(text)
        theirs.append(text)
        assert [(p.lang, p.prob) for p in ours.get_probabilities()] == [(p.lang, p.prob) for p in theirs.get_probabilities()]


def test_every_language_langdetect_can_report_has_a_name_for_messages():
    """A story detected as Czech was "no translation backend for cs -> English", one as Catalan named in words."""
    from mtqa.detect import _factory
    from mtqa.pipeline import language_name

    codes = {code.split("-")[0] for code in _factory().langlist}
    assert len(codes) == 54 and all(language_name(code)[0].isupper() for code in codes)
    assert (language_name("cs"), language_name("zh"), language_name("xx")) == ("Czech", "Chinese", "xx")
