from mtqa.detect import detect_language, segment_language
from mtqa.model import Segment
from mtqa.read import read_story

from .conftest import SOURCES, TARGET


def test_documents():
    assert detect_language(read_story(str(TARGET)).text).lang == "pt"
    for path in SOURCES:
        assert detect_language(read_story(str(path)).text).lang == "en"


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
