"""Language detection with langdetect, seeded so the same text always gets the same answer.

A story or a sentence is first shown to CLD3 (the ``cld3-py`` package, a small neural network in C++,
a few hundred times faster than langdetect's pure Python). A story CLD3 reads confidently in a
language langdetect knows is in that language; a sentence it reads confidently in its document's
language keeps that language; langdetect decides all the others.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .model import Segment
from .words import visible

# Below this many letters, or this confidence, a sentence keeps its document's language:
# langdetect guesses wildly on bylines such as "Photo by Reuters" or "© KYODO".
MIN_LETTERS_FOR_SENTENCE = 25
MIN_SENTENCE_CONFIDENCE = 0.90
# CLD3's confidence from which a sentence in its document's language needs no second opinion. On the
# evaluation sentences (NTREX, WMT22 chat, tariff-talks; each also set in a document of the other
# language) this skips langdetect for 2,737 of them and changes 5 verdicts, all five a sentence
# langdetect had put in a third language it is not in (Catalan, Italian, Spanish, German).
CLEARLY_IN_DOCUMENT_LANGUAGE = 0.95
# CLD3's confidence from which a story's language is its verdict. On the 314 evaluation stories (NTREX both
# sides, every corpus here) it is confident on each and agrees with langdetect on each, at a fifteenth of
# the time; on the 2,334 WMT22 chat lines taken as stories it gets 406 wrong where langdetect gets 475
# (lines of under 15 letters: 329 and 359; none of over 50 letters: 4 and 7).
CLEARLY_IN_LANGUAGE = 0.95


@dataclass(frozen=True)
class LanguageGuess:
    lang: str
    confidence: float


class _Probabilities(dict):
    """langdetect's table of n-gram -> probability in each language, each row worked out when a text first has it.

    ``DetectorFactory.add_profile`` fills the whole table (some 88,000 n-grams of 55 languages)
    before the first text is read: about half a second of every cold start, for the few hundred
    n-grams a story has. A row here holds what add_profile would have put in it, with its arithmetic.
    """

    def __init__(self, profiles: list[tuple[int, object]], languages: int) -> None:
        super().__init__()
        self._profiles = profiles  # (index of the language, its LangProfile)
        self._languages = languages
        self._known = frozenset().union(*(profile.freq for _, profile in profiles))

    def __contains__(self, ngram: object) -> bool:
        return ngram in self._known

    def __missing__(self, ngram: str) -> list[float]:
        if ngram not in self._known:
            raise KeyError(ngram)
        row = [0.0] * self._languages
        length = len(ngram)
        if 1 <= length <= 3:
            for index, profile in self._profiles:
                if ngram in profile.freq:
                    row[index] = 1.0 * profile.freq.get(ngram) / profile.n_words[length - 1]
        self[ngram] = row
        return row


@cache
def _factory():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    class OnDemandFactory(DetectorFactory):
        """langdetect's factory, reading its profiles as it does, but leaving the table to _Probabilities."""

        def __init__(self) -> None:
            super().__init__()
            self.profiles: list[tuple[int, object]] = []
            self.languages = 0

        def add_profile(self, profile, index: int, langsize: int) -> None:
            if profile.name in self.langlist:
                raise LangDetectException(ErrorCode.DuplicateLangError, "Duplicate the same language profile.")
            self.langlist.append(profile.name)
            self.profiles.append((index, profile))
            self.languages = langsize

    factory = OnDemandFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.word_lang_prob_map = _Probabilities(factory.profiles, factory.languages)
    factory.set_seed(0)
    return factory


def _primary_subtag(code: str) -> str:
    return code.split("-")[0].lower()  # langdetect says zh-cn; mtqa speaks ISO 639-1


def detect_language(text: str) -> LanguageGuess:
    """The most likely language of ``text``; ``und`` with confidence 0 when it has no letters."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(visible(text))
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return LanguageGuess("und", 0.0)
    return LanguageGuess(_primary_subtag(best.lang), round(best.prob, 4))


def story_language(text: str) -> LanguageGuess:
    """A story's language: CLD3's where it is sure of one langdetect also knows, else langdetect's.

    CLD3 reads the text as langdetect does, without its web and e-mail addresses: it reads an address's words
    ("support.example.com/en-us/articles/how-to-reset-your-password") as English prose."""
    from langdetect.detector import Detector

    words = Detector.MAIL_RE.sub(" ", Detector.URL_RE.sub(" ", visible(text)))
    if any(ch.isalpha() for ch in words):
        found = _cld3(_STORY_BYTES).FindLanguage(text=words)
        if found.is_reliable and found.probability >= CLEARLY_IN_LANGUAGE and found.language in _langdetect_languages():
            return LanguageGuess(found.language, round(found.probability, 4))
    return detect_language(text)


_SENTENCE_BYTES = 1000
_STORY_BYTES = 10_000  # of UTF-8 (langdetect reads 10,000 characters: the same for Latin scripts, more for others)


@cache
def _cld3(max_bytes: int = _SENTENCE_BYTES):
    import gcld3

    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=max_bytes)


@cache
def _langdetect_languages() -> frozenset[str]:
    """The codes langdetect answers with, as mtqa writes them: CLD3 has others ("haw", "la", "zh-Latn")."""
    return frozenset(map(_primary_subtag, _factory().langlist))


def _clearly_in(text: str, lang: str) -> bool:
    found = _cld3().FindLanguage(text=visible(text))
    return found.language == lang and found.is_reliable and found.probability >= CLEARLY_IN_DOCUMENT_LANGUAGE


def segment_language(segment: Segment, document_lang: str) -> str:
    """A sentence's own language when it clearly differs from its document's, else the document's."""
    if sum(ch.isalpha() for ch in segment.text) < MIN_LETTERS_FOR_SENTENCE or _clearly_in(segment.text, document_lang):
        return document_lang
    guess = detect_language(segment.text)
    return guess.lang if guess.confidence >= MIN_SENTENCE_CONFIDENCE and guess.lang != "und" else document_lang
