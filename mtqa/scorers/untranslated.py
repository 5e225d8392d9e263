"""Source-language text left in the target: a sentence copied over, or a run of words.

A run of target words counts as untranslated only when every sign agrees: the words stand
verbatim in the aligned source; the machine translation of that source renders them as
something else (a name or a shared word it would keep); the target's own translation back
into the source language keeps them (so they are not target-language words spelled alike,
such as "data"); translating the run on its own changes it; and, when capitalized, the
sources use the word in lowercase too (so "Tap" or "Settings" count, "Waters" or
"Champions League" do not). Placeholders, URLs, numbers, loanwords both languages use, words
quoted or glossed in parentheses on purpose, and a copied sentence that the source's translation
keeps as it is (a quotation in a third language) are never flagged.
"""
from __future__ import annotations

import re
from os.path import commonprefix

from ..detect import MIN_LETTERS_FOR_SENTENCE, detect_language
from ..model import Issue
from ..words import FUNCTION_WORDS, Token, fold, tokens
from .base import Pair, Story, register

_PROTECTED = re.compile(r"#[A-Za-z_]+#?|(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Words Portuguese and English writing both use as they are.
_LOANWORDS = frozenset(fold(w) for w in (
    "ok okay email e-mail emails online offline chat chats app apps login logins logout site website blog web "
    "software hardware internet link links download downloads upload smartphone tablet wi-fi wifi feedback "
    "marketing show shopping fitness pilates yoga design designer podcast streaming status backup ebook ebooks "
    "e-book e-books ereader kindle player mouse bug hacker startup check-in checkout check-out delivery "
    "hashtag post posts selfie spam stand-up tweet fake news pop rock jazz funk hip-hop rap reality game games "
    "personal trainer coach drive-thru fast-food hot-dog pizza sandwich snack bar pub bye").split())
_OPENING_QUOTES = "\"“'‘«"
_LANGUAGES = {"en": "English", "pt": "Portuguese"}


@register("untranslated")
class UntranslatedScorer:
    name = "untranslated"

    def score(self, pair: Pair, story: Story) -> list[Issue]:
        if not pair.sources:
            return []
        copied = self._copied_sentence(pair, story)
        if copied is not None:
            return [copied]
        issues = [self._run_issue(pair, story, run) for run in _candidate_runs(pair, story)]
        return [issue for issue in issues if issue is not None]

    def _copied_sentence(self, pair: Pair, story: Story) -> Issue | None:
        """The whole segment is one of its sources, word for word, and that source's translation is not."""
        text = _normalized(pair.text)
        match = next(((s, f) for s, f in zip(pair.sources, pair.forward) if fold(_normalized(s)) == fold(text)), None)
        if match is None:
            return None
        source, forward = match
        words = _folded_words(_PROTECTED.sub(" ", text))
        if 4 * len(words & _folded_words(forward)) >= 3 * len(words) or not any(
                w not in _LOANWORDS and any(c.isalpha() for c in w) for w in words):
            return None  # "OK", "#NAME#", "Trump", "Il faut bien le faire.": text the translation keeps as it is
        # The target's own translation must keep most of its words: "Type: image/png" copied into an
        # English target from a Portuguese chat line is already English, not left untranslated.
        if 2 * len(words & _folded_words(pair.translation)) < len(words):
            return None
        if _letters(text) >= MIN_LETTERS_FOR_SENTENCE and detect_language(text).lang != story.source_lang:
            return None  # a quotation in a third language, copied on purpose
        start, end = len(pair.text) - len(pair.text.lstrip()), len(pair.text.rstrip())
        # The translation is offered only if it kept the placeholders: "Oi -NAME!" would mislead.
        keeps_placeholders = all(m.group(0) in forward for m in _PROTECTED.finditer(text))
        return pair.issue(start, end, "accuracy/untranslated", "major",
                          f"The sentence is left in {_language(story.source_lang)}, exactly as in the source.",
                          self.name, forward.strip() if keeps_placeholders else None,
                          {"rule": "copied-sentence", "source": source, "translation_of_source": forward.strip()})

    def _run_issue(self, pair: Pair, story: Story, run: list[Token]) -> Issue | None:
        start, end = run[0].start, run[-1].end
        span = pair.text[start:end]
        translated = story.translate([span], story.source_lang, story.target_lang)[0].strip()
        translated_words = _folded_words(translated)
        if all(_present(fold(w.text), translated_words) for w in run):
            return None  # translating it alone keeps it: a name or a word both languages share
        evidence: dict = {"rule": "source-words-kept", "translation_of_span": translated}
        source_function_words = [w.text for w in run if _source_function_word(w, story)]
        if source_function_words:
            evidence["source_function_words"] = source_function_words
        if _letters(span) >= MIN_LETTERS_FOR_SENTENCE:  # shorter, langdetect guesses
            evidence["detected_language"] = detect_language(span).lang
        # two words left as they were are as often a kept term ("front nine", "Policy Research") as a slip
        most_of_it = 2 * len(run) >= len(tokens(pair.text))
        # A term kept on purpose sits inside the target's grammar ("o try", "nos foursomes"); a sentence
        # that opens with source words ("Tap Contas.", "Hi #NAME#, bom...") starts in the wrong language.
        # A name opens sentences too ("Hazard ganhou..."): the sources write it capitalized mid-sentence.
        opens_sentence = (not any(c.isalnum() for c in pair.text[:start])
                          and fold(run[0].text) not in _capitalized_mid_sentence_pool_words(story))
        if opens_sentence:
            evidence["opens_sentence"] = True
        severity = ("major" if len(run) >= _MAJOR_RUN or (len(run) > 1 and most_of_it) or opens_sentence
                    else "minor")
        what = "These words are" if len(run) > 1 else "This word is"
        where = f", and the sentence opens with {'them' if len(run) > 1 else 'it'}" if opens_sentence else ""
        return pair.issue(start, end, "accuracy/untranslated", severity,
                          f"{what} left in {_language(story.source_lang)}, as in the source{where}: {span!r}.",
                          self.name, translated, evidence)


_MAJOR_RUN = 3  # words


def _candidate_runs(pair: Pair, story: Story) -> list[list[Token]]:
    """Maximal runs of adjacent target words, adjacent in a source too, that look left untranslated."""
    text = pair.text
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    source_words = [[w.lower for w in tokens(fold(s))] for s in pair.sources]
    in_source = {w for words in source_words for w in words}
    source_bigrams = {bigram for words in source_words for bigram in zip(words, words[1:])}
    in_forward = _folded_words(" ".join(pair.forward))
    kept_back = _folded_words(pair.translation) if pair.translation.strip() else None

    def kept(word: Token) -> bool:
        folded = fold(word.text)
        return (folded in in_source and not _present(folded, in_forward) and any(c.isalpha() for c in folded)
                and not any(s < word.end and word.start < e for s, e in protected)
                and (kept_back is None or _present(folded, kept_back)))

    words = tokens(text)
    runs: list[list[Token]] = []
    for word in words:
        if not kept(word):
            continue
        previous = runs[-1][-1] if runs else None
        if (previous is not None and not text[previous.end:word.start].strip()
                and (fold(previous.text), fold(word.text)) in source_bigrams):
            runs[-1].append(word)
        else:
            runs.append([word])

    target_function = FUNCTION_WORDS.get(story.target_lang, frozenset())

    def carries_text(word: Token) -> bool:
        return fold(word.text) not in _LOANWORDS and word.lower not in target_function and len(word.text) > 1

    lowercase_in_pool = _lowercase_pool_words(story)
    candidates = []
    for run in runs:
        while run and not carries_text(run[0]):
            run = run[1:]
        while run and not carries_text(run[-1]):
            run = run[:-1]
        if not run or _set_apart(text, run[0].start, run[-1].end):
            continue
        # A capitalized word the sources never write in lowercase is a name, or part of one; so is a run
        # that leans on a capitalized source word: "The Fragrance Shop", "Newport on the Levee".
        if any(w.text[0].isupper() and fold(w.text) not in lowercase_in_pool and not _source_function_word(w, story)
               for w in run) or _touches_name(text, run, words, in_source, protected):
            continue
        candidates.append(run)
    return candidates


def _touches_name(text: str, run: list[Token], words: list[Token], in_source: set[str],
                  protected: list[tuple[int, int]]) -> bool:
    """The run sits right beside a capitalized word that the source has too."""
    at = words.index(run[0])
    neighbours = []
    if at > 0:
        neighbours.append((words[at - 1], text[words[at - 1].end:run[0].start]))
    if at + len(run) < len(words):
        neighbours.append((words[at + len(run)], text[run[-1].end:words[at + len(run)].start]))
    return any(not gap.strip() and word.text[0].isupper() and fold(word.text) in in_source
               and not any(s < word.end and word.start < e for s, e in protected)
               for word, gap in neighbours)


def _set_apart(text: str, start: int, end: int) -> bool:
    """Quoted ("momentum") or inside parentheses, where a translator cites the original on purpose."""
    quoted = start > 0 and text[start - 1] in _OPENING_QUOTES and end < len(text) and text[end] in _OPENING_QUOTES + "”’»"
    return quoted or text[:start].count("(") > text[:start].count(")")


def _lowercase_pool_words(story: Story) -> frozenset[str]:
    """Words the source story writes in lowercase somewhere: common words, not names."""
    return story.once("untranslated.lowercase_pool_words", lambda: frozenset(
        fold(w.text) for s in story.pool for w in tokens(s) if w.text[0].islower()))


def _capitalized_mid_sentence_pool_words(story: Story) -> frozenset[str]:
    """Words a source sentence writes capitalized past its start, as names are written."""
    return story.once("untranslated.capitalized_mid_sentence_pool_words", lambda: frozenset(
        fold(w.text) for s in story.pool for w in tokens(s) if w.text[0].isupper() and _mid_sentence(s, w.start)))


def _mid_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return any(c.isalnum() for c in before) and before[-1] not in ".!?:;-–—\"“'‘«(•*"


def _source_function_word(word: Token, story: Story) -> bool:
    return (word.lower in FUNCTION_WORDS.get(story.source_lang, frozenset())
            and word.lower not in FUNCTION_WORDS.get(story.target_lang, frozenset()))


def _present(word: str, words: set[str]) -> bool:
    """``word`` is among ``words``, exactly or as a near-spelling ("tropical", "tropicais")."""
    return word in words or (len(word) >= 5 and any(
        len(other) >= 5 and len(commonprefix((word, other))) >= max(len(word), len(other)) - 3 for other in words))


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _folded_words(text: str) -> set[str]:
    return {w.lower for w in tokens(fold(text))}


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _language(code: str) -> str:
    return _LANGUAGES.get(code, code)
