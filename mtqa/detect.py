"""Language detection with langdetect, seeded so the same text always gets the same answer."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .model import Segment

# Below this many letters, or this confidence, a sentence keeps its document's language:
# langdetect guesses wildly on bylines such as "Photo by Reuters" or "© KYODO".
MIN_LETTERS_FOR_SENTENCE = 25
MIN_SENTENCE_CONFIDENCE = 0.90


@dataclass(frozen=True)
class LanguageGuess:
    lang: str
    confidence: float


@cache
def _factory():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def _primary_subtag(code: str) -> str:
    return code.split("-")[0].lower()  # langdetect says zh-cn; mtqa speaks ISO 639-1


def detect_language(text: str) -> LanguageGuess:
    """The most likely language of ``text``; ``und`` with confidence 0 when it has no letters."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return LanguageGuess("und", 0.0)
    return LanguageGuess(_primary_subtag(best.lang), round(best.prob, 4))


def segment_language(segment: Segment, document_lang: str) -> str:
    """A sentence's own language when it clearly differs from its document's, else the document's."""
    if sum(ch.isalpha() for ch in segment.text) < MIN_LETTERS_FOR_SENTENCE:
        return document_lang
    guess = detect_language(segment.text)
    return guess.lang if guess.confidence >= MIN_SENTENCE_CONFIDENCE and guess.lang != "und" else document_lang
