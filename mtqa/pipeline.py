"""``compare``: a translated story against its source stories, stage by stage.

read (by the caller) -> detect languages -> segment -> translate -> embed -> align -> report.
Models are loaded once per ``Engine`` and reused across comparisons.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata

from . import __version__
from .align import Aligner, align, default_model
from .detect import detect_language, segment_language
from .embed import SentenceEncoder
from .errors import InputError
from .model import Document, Report, Segment, SegmentResult
from .segment import split_sentences
from .translate import DEFAULT_BACKEND, TranslationCache, Translator, load_translator

LANGUAGE_NAMES = {"en": "English", "pt": "Portuguese", "es": "Spanish", "fr": "French", "de": "German",
                  "it": "Italian", "gl": "Galician", "ca": "Catalan"}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


@dataclass(frozen=True)
class Options:
    backend: str = DEFAULT_BACKEND
    model: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    backend_options: tuple[tuple[str, object], ...] = ()  # e.g. (("device", "cuda"), ("batch_size", 32))


class Engine:
    """Loaded models (translator, sentence encoder) and caches, shared by every comparison."""

    def __init__(self, options: Options = Options()) -> None:
        self.options = options
        self._translator: Translator | None = None
        self._encoder: SentenceEncoder | None = None
        self.cache = TranslationCache()

    @property
    def translator(self) -> Translator:
        if self._translator is None:
            self._translator = load_translator(self.options.backend, self.options.model,
                                               **dict(self.options.backend_options))
        return self._translator

    @property
    def encoder(self) -> SentenceEncoder:
        if self._encoder is None:
            self._encoder = SentenceEncoder()
        return self._encoder

    def signature(self) -> str:
        translator = self.translator
        parts = [
            f"mtqa:{__version__}",
            f"mt:{translator.name}/{translator.model}",
            f"emb:{self.encoder.name}-{self.encoder.version}",
            f"align:ntrex-fit-{default_model().digest}",
            f"langdetect:{metadata.version('langdetect')}",
            f"sacrebleu:{metadata.version('sacrebleu')}",
        ]
        return "|".join(parts)

    def compare(self, target: Document, sources: Sequence[Document]) -> Report:
        if not sources:
            raise InputError("no source stories given: compare needs at least one")
        target, target_segments = _detect_and_segment(target, self.options.target_lang)
        target_segments = [s.with_lang(segment_language(s, target.lang)) for s in target_segments]
        prepared = [_detect_and_segment(s, self.options.source_lang) for s in sources]
        source_lang = _common_source_language(prepared)
        if target.lang == source_lang:
            raise InputError(
                f"{target.path}: the target is in {language_name(target.lang)}, like the sources; "
                "mtqa compares a translation with sources in another language (override with --target-lang/--source-lang)"
            )
        if not self.translator.supports(target.lang, source_lang):
            raise InputError(
                f"no translation backend for {language_name(target.lang)} -> {language_name(source_lang)} "
                f"({target.lang}->{source_lang}); the {self.translator.name} backend cannot translate it"
            )
        translations = self._translate(target_segments, target.lang, source_lang)

        source_documents = [document for document, _ in prepared]
        aligner = Aligner(self.encoder, source_documents, [segments for _, segments in prepared])
        alignments = align(aligner, aligner.views([s.text for s in target_segments], translations))

        results = tuple(SegmentResult(s, t, a) for s, t, a in zip(target_segments, translations, alignments))
        warnings = tuple(
            f"{target.path}: sentence {s.index} looks {language_name(s.lang)}, not {language_name(target.lang)}: {s.text[:60]!r}"
            for s in target_segments if s.lang != target.lang
        )
        return Report(__version__, self.signature(), target, tuple(source_documents), results, warnings=warnings)

    def _translate(self, segments: Sequence[Segment], target_lang: str, source_lang: str) -> list[str]:
        """Into the source language; a sentence already in it (left untranslated) stands for itself."""
        foreign = [s.text for s in segments if s.lang != source_lang]
        translated = iter(self.cache.translate(self.translator, foreign, target_lang, source_lang))
        return [s.text if s.lang == source_lang else next(translated) for s in segments]


def _detect_and_segment(document: Document, forced_lang: str | None) -> tuple[Document, list[Segment]]:
    body = document.text[document.body_start:]
    lang = forced_lang or detect_language(body).lang
    if lang == "und":
        raise InputError(f"{document.path}: cannot tell what language this is (no words found)")
    document = document.with_lang(lang)
    segments = split_sentences(document.text, lang, document.body_start)
    if not segments:
        raise InputError(f"{document.path}: no sentences found")
    return document, [s.with_lang(lang) for s in segments]


def _common_source_language(prepared: Sequence[tuple[Document, list[Segment]]]) -> str:
    languages = sorted({document.lang for document, _ in prepared})
    if len(languages) == 1:
        return languages[0]
    listing = "; ".join(f"{language_name(lang)}: " + ", ".join(d.path for d, _ in prepared if d.lang == lang)
                        for lang in languages)
    raise InputError(f"the sources are in several languages ({listing}); give sources in one language")
