"""Words of English and Portuguese text, located by offsets, and the forms scorers compare them in.

``tokens`` gives every word with its span. ``stem`` folds inflection (plural, gender, the
commonest verb endings) and accents, so "tarifárias" and "tarifária", "talks" and "talked"
compare equal. ``is_function_word`` tells articles, pronouns and the like from words that
carry meaning.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
# Format characters a page carries but a reader never sees: soft hyphens left by a CMS's hyphenation,
# zero-width spaces and joiners, word joiners, a stray byte-order mark. Inside a word they cut it in two
# for the tokenizer and the translation engine ("Conse\u00adguimos" read as a name), so text is
# compared without them, while issues still point into the text as written.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# What ends a line, as str.splitlines reads it: LF, CR, the line and paragraph separators (U+2028, U+2029),
# NEL (U+0085), the vertical tab (a word processor's manual line break), and the form feed and file/group/record
# separators. U+2029, the form feed and the separators end a paragraph too (segment.py).
LINE_BREAKS = "\r\n\x85\u2028\u2029\x0b\x0c\x1c\x1d\x1e"
# What a reader skips: invisible format characters; at a line break inside a sentence (wrapped text), the
# spaces around it, the CR of a CRLF, and the break itself after a hyphen that joins two words ("in-\ndepth").
_SKIPPED = re.compile(_INVISIBLE.pattern + rf"|[ \t]+(?=[{LINE_BREAKS}])|(?<=[{LINE_BREAKS}])[ \t]+"
                      rf"|(?<=\w-)(?:\r\n|[{LINE_BREAKS}])(?=\w)|\r(?=\n)")
# An HTML character reference left in text taken from a web page ("&quot;", "&amp;", "&#233;"): read as its
# character. Only the terminated form: "AT&T" and "R&D" are words.
HTML_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# The Unicode hyphen and the non-breaking one read as the hyphen-minus the engine and the tokenizer know
# ("primeiro\u2011ministro"), a line break inside a sentence as a space; one character for one.
_PLAIN = str.maketrans({"\u2010": "-", "\u2011": "-", **dict.fromkeys(LINE_BREAKS, " ")})
_APOSTROPHE = str.maketrans("’‘", "''")

FUNCTION_WORDS = {
    "en": frozenset(
        "a about above after again against all also am an and any are aren't as at be because been before being "
        "below between both but by can cannot could did do does doing down during each few for from further had "
        "has have having he her here hers herself him himself his how i if in into is it its itself just let me "
        "more most my myself no nor not now of off on once only or other our ours ourselves out over own same she "
        "should so some such than that the their theirs them themselves then there these they this those through "
        "to too under until up us very was we were what when where which while who whom why will with would you "
        "your yours yourself yourselves been get got also still yet even ok okay oh hi hello please thanks".split()
    ),
    "pt": frozenset(
        "a à ao aos as às até com como contra da das de do dos e é ela elas ele eles em entre era eram essa essas "
        "esse esses esta está estão estas este estes eu foi for foram há isso isto já lhe lhes mais mas me mesmo "
        "meu meus minha minhas muito na nas nem no nos nós num numa o os ou para pela pelas pelo pelos por qual "
        "quando que quem se sem ser seu seus só sua suas também te tem têm teu tua um uma umas uns você vocês vos "
        "ser sido são sou estar estou estava tinha tinham ter terá seria sobre após cada onde assim então ainda "
        "lá aqui aí ok olá oi obrigado obrigada pois porque pra pro".split()
    ),
}

_SUFFIXES = {
    "en": ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly"),
    "pt": ("ções", "ção", "mente", "ados", "adas", "idos", "idas", "ado", "ada", "ido", "ida", "ões", "ães",
           "ais", "éis", "eis", "res", "zes", "ses", "os", "as", "es", "s", "a", "o", "e"),
}


# British spellings and their American twins, which the translation engine writes: the forms
# compare equal once folded onto one. A rule may fold words that have no twin ("detour" ->
# "detor"); both sides fold alike, so only a fold that merged two different words would be wrong.
_SPELLING_RULES = tuple((re.compile(pattern), replacement) for pattern, replacement in (
    (r"^(.{3,})our(s|ed|ing|ite|ites|able|er|ers|ful|less)?$", r"\1or\2"),  # colour, favourite, labourers
    (r"^(.{3,})is(e|es|ed|ing|er|ers|ation|ations)$", r"\1iz\2"),  # organise, realised, organisation
    (r"^(.{3,})ys(e|es|ed|ing)$", r"\1yz\2"),  # analyse, paralysed
    (r"^(.{2,}[tb])re(s)?$", r"\1er\2"),  # centre, metres, fibre
    (r"^(.{3,})ence(s)?$", r"\1ense\2"),  # defence, licences
    (r"^(.{3,})ogue(s)?$", r"\1og\2"),  # catalogue, dialogues
))
_SPELLING_WORDS = {"aluminium": "aluminum", "programme": "program", "programmes": "programs", "grey": "gray",
                   "mould": "mold", "plough": "plow", "sceptic": "skeptic", "sceptical": "skeptical",
                   "jewellery": "jewelry", "manoeuvre": "maneuver", "ageing": "aging", "judgement": "judgment",
                   "tyre": "tire", "tyres": "tires", "pyjamas": "pajamas", "kerb": "curb"}


@lru_cache(maxsize=1 << 16)
def american(word: str) -> str:
    """A lowercase English word with a British spelling folded onto the American one: "colour" -> "color"."""
    if word in _SPELLING_WORDS:
        return _SPELLING_WORDS[word]
    for pattern, replacement in _SPELLING_RULES:
        folded = pattern.sub(replacement, word)
        if folded != word:
            return folded
    return word


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()


@lru_cache(maxsize=1 << 14)
def visible(text: str) -> str:
    """The text as it reads: without its invisible format characters (``_INVISIBLE``), its hyphens plain,
    its accents composed (NFC: "e" and a combining acute read as "é", one letter, as the engines know it),
    a line break inside it one space, an HTML character reference ("&quot;") its character."""
    if _as_written(text):
        return text.translate(_PLAIN)
    return "".join(piece for piece, _, _ in _pieces(text)).translate(_PLAIN)


def readable_case(text: str, lang: str) -> str:
    """A sentence in capitals ("BANCO CENTRAL ELEVA A SELIC PARA 17,45%") as a sentence is written, for the
    translation engine and the sentence encoder, which read capitals as names and acronyms ("CENTRAL BANK ELEVA
    THE SELIC"): small letters after the first, but for short words that are no function word of the language,
    acronyms ("EUA E UE FECHAM ACORDO NA OMC": "EUA e UE fecham acordo na OMC"); one character for one. Any other
    text is returned as it is."""
    letters = [ch for ch in text if ch.isalpha()]
    if (not letters or len(_WORD.findall(text)) < _CAPITALS_FROM_WORDS
            or sum(ch.isupper() for ch in letters) < 0.9 * len(letters)):
        return text
    whole = text.lower()  # a whole word at once: a Greek final sigma is told from the others
    lowered = whole if len(whole) == len(text) else "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    kept = [(m.start(), m.end()) for m in _WORD.finditer(text)
            if len(m.group()) <= _ACRONYM_LETTERS and not is_function_word(m.group(), lang)]
    for start, end in kept:
        lowered = lowered[:start] + text[start:end] + lowered[end:]
    first = next(n for n, ch in enumerate(lowered) if ch.isalpha())
    return lowered[:first] + text[first] + lowered[first + 1:]


_CAPITALS_FROM_WORDS = 3  # words: "EUA" or "OK, OBRIGADO" alone stay as written
_ACRONYM_LETTERS = 3  # a word in capitals this short is kept as an acronym ("EUA", "OMC", "FMI"), a function word not


def visible_spans(text: str) -> tuple[tuple[int, int], ...] | None:
    """For each character of ``visible(text)``, the span of ``text`` it reads; None where they are one for one."""
    if _as_written(text):
        return None
    return tuple((start, end) for piece, start, end in _pieces(text) for _ in piece)


def _as_written(text: str) -> bool:
    return (not _SKIPPED.search(text) and unicodedata.is_normalized("NFC", text)
            and not ("&" in text and HTML_REFERENCE.search(text)))


def _unescaped(reference: str) -> str:
    """The character an HTML reference stands for; one that stands for none (an unknown name, a NUL or a
    surrogate code) reads as written."""
    character = html.unescape(reference)
    return reference if character == reference or not character or character in ("\x00", "\ufffd") else character


def _pieces(text: str) -> list[tuple[str, int, int]]:
    """Each letter with the combining marks that follow it, composed, or the character an HTML reference stands for,
    and the span of ``text`` it comes from; what a reader skips (``_SKIPPED``) left out."""
    skipped = {n for match in _SKIPPED.finditer(text) for n in range(match.start(), match.end())}
    entities = {match.start(): match for match in HTML_REFERENCE.finditer(text)}
    pieces: list[tuple[str, int, int]] = []
    resume = 0
    for n, ch in enumerate(text):
        if n < resume or n in skipped:
            continue
        if n in entities:
            resume = entities[n].end()
            pieces.append((_unescaped(entities[n].group()), n, resume))
        elif pieces and unicodedata.combining(ch) and pieces[-1][2] == n:
            piece, start, _ = pieces[-1]
            pieces[-1] = (piece + ch, start, n + 1)
        else:
            pieces.append((ch, n, n + 1))
    return [(unicodedata.normalize("NFC", piece), start, end) for piece, start, end in pieces]


def tokens(text: str) -> list[Token]:
    """Words (letters and digits, with inner hyphens, apostrophes and dots) and where they are."""
    return list(_tokens(text))


@lru_cache(maxsize=1 << 14)
def _tokens(text: str) -> tuple[Token, ...]:
    # each scorer reads the sentences of a pair, and the pool's, again: split once
    return tuple(Token(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text))


def in_title_case(words: list[Token]) -> bool:
    """Most words of four letters or more capitalised, as headlines in English write them: capitals there mark no
    name ("Kanye West Embarked on a Pro-Trump Diatribe")."""
    long_words = [w for w in words if len(w.text) > 3 and w.text[0].isalpha()]
    return len(long_words) >= 3 and 2 * sum(w.text[0].isupper() for w in long_words) > len(long_words)


_SHOUTED_RUN = 3  # consecutive words in capitals that make a stretch written in capitals, not acronyms


def in_capitals(words: list[Token]) -> set[int]:
    """Positions of words inside a stretch written in capitals ("OBRIGADA POR ENFRENTAR A MÁFIA").

    There capitals mark no name: a word there is an ordinary word unless a source says otherwise.
    """
    found: set[int] = set()
    start = 0
    for shouting, group in groupby(words, key=lambda w: w.text.isupper() and w.text.isalpha()):
        run = list(group)
        if shouting and len(run) >= _SHOUTED_RUN and sum(len(w.text) > 2 for w in run) >= 2:
            found.update(range(start, start + len(run)))
        start += len(run)
    return found


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lowercase without accents, one apostrophe: "Tóquio" -> "toquio", "don’t" -> "don't"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_APOSTROPHE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def stem(word: str, lang: str) -> str:
    """A crude, deterministic stem: folded, with one inflectional suffix removed."""
    folded = american(fold(word)) if lang == "en" else fold(word)
    for suffix in _SUFFIXES.get(lang, ()):
        suffix = fold(suffix)
        if len(folded) > len(suffix) + 2 and folded.endswith(suffix):
            return folded[: -len(suffix)]
    return folded


_IRREGULAR_CONTRACTIONS = {"can't": ("can", "not"), "cannot": ("can", "not"), "won't": ("will", "not"),
                           "shan't": ("shall", "not"), "ain't": ("is", "not"), "let's": ("let", "us"),
                           **{f"{w}'s": (w, "is")
                              for w in ("it", "that", "there", "here", "what", "he", "she", "who", "where")}}
_CONTRACTED = (("n't", "not"), ("'m", "am"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"))


@lru_cache(maxsize=1 << 14)
def expanded(word: str, lang: str) -> tuple[str, ...]:
    """The words an English contraction stands for ("don't" -> do, not; "I’m" -> I, am); other words alone."""
    if lang != "en":
        return (word,)
    plain = word.lower().translate(_APOSTROPHE)
    if plain in _IRREGULAR_CONTRACTIONS:
        return _IRREGULAR_CONTRACTIONS[plain]
    for ending, full in _CONTRACTED:
        if plain.endswith(ending) and len(plain) > len(ending):
            return (plain[: -len(ending)], full)
    return (word,)


def is_function_word(word: str, lang: str) -> bool:
    return word.lower() in FUNCTION_WORDS.get(lang, frozenset())


def is_content_word(word: str, lang: str) -> bool:
    """Carries meaning: not a function word, and has letters (numbers are the numbers scorer's)."""
    return any(ch.isalpha() for ch in word) and not is_function_word(word, lang) and len(word) > 1
