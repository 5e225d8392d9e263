"""Finding a term in text through inflection, and inflecting a term for number.

A term matches when each of its words matches a text word in one of its inflected forms:
number and gender in Portuguese ("medida não tarifária" finds "medidas não-tarifárias"),
number in English ("non-tariff measure" finds "nontariff measures"). Words are compared
case-insensitively; hyphen, space and no separator at all between the parts of a compound are
one ("non-tariff", "non tariff", "nontariff"). Accents are ignored except in a one-word term of
four letters or fewer, where they tell words apart ("país"/"pais", "é"/"e"). A word written in
capitals ("US", "EU") matches only in capitals, since "us" is another word. A match begins and
ends at whole words: "tariff" is not found inside "non-tariff".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .words import FUNCTION_WORDS, Token, fold, tokens

_JOIN = re.compile(r"[\s\-‐‑]*")  # what may stand between two words of one term
_MAX_GROUP = 3  # parts a compound may be written solid over ("nontariff" = "non" + "tariff")
_INVARIABLE = {"pt": frozenset({"não", "nao"}), "en": frozenset({"non"})}


@dataclass(frozen=True)
class Part:
    """A word, or one piece of a hyphenated word, located in its text."""

    start: int
    end: int
    text: str
    opens_word: bool  # the first piece of its word
    closes_word: bool  # the last piece of its word
    key: str  # how it is compared: lowercase, acronym dots dropped ("U.S" -> "us")


@lru_cache(maxsize=8192)
def parts(text: str) -> tuple[Part, ...]:
    """The words of a text, hyphenated ones split into their pieces (cached: a termbase looks up every sentence
    once per entry)."""
    found = []
    for token in tokens(text):
        pieces = list(re.finditer(r"[^-]+", token.text))
        for n, piece in enumerate(pieces):
            text = piece.group(0)
            found.append(Part(token.start + piece.start(), token.start + piece.end(), text, n == 0,
                              n == len(pieces) - 1, text.lower().replace("’", "'").replace(".", "")))
    return tuple(found)


def find_term(term: str, text: str, lang: str) -> list[tuple[int, int]]:
    """Where ``term`` occurs in ``text``, inflected or not: (start, end) spans, in order, not overlapping."""
    pattern, words = parts(term), parts(text)
    if not pattern:
        return []
    fold_accents = len(pattern) > 1 or len(pattern[0].key) > 4
    # Inflection changes endings only: a match starts with the term's first letters (one of a short word: "do"/"da").
    lead = 2 if len(pattern[0].key) > 2 else 1
    first_letters = _fold(pattern[0].key)[:lead]
    spans, k = [], 0
    while k < len(words):
        end = None
        if words[k].opens_word and _fold(words[k].key)[:lead] == first_letters:
            end = _match(pattern, 0, words, k, text, lang, fold_accents)
        if end is None:
            k += 1
        else:
            spans.append((words[k].start, words[end - 1].end))
            k = end
    return spans


def _match(pattern: tuple[Part, ...], i: int, words: tuple[Part, ...], k: int, text: str, lang: str,
           fold_accents: bool) -> int | None:
    """The index after the last text part when ``pattern[i:]`` matches from ``words[k]``, else None."""
    if i == len(pattern):
        return k if words[k - 1].closes_word else None
    if k == len(words) or (i > 0 and not _joined(text, words[k - 1], words[k])):
        return None
    for take_pattern in range(1, min(_MAX_GROUP, len(pattern) - i) + 1):
        for take_words in (1,) if take_pattern > 1 else range(1, min(_MAX_GROUP, len(words) - k) + 1):
            group = words[k:k + take_words]
            if any(not _joined(text, a, b) for a, b in zip(group, group[1:])):
                break
            if _same(pattern[i:i + take_pattern], group, lang, fold_accents):
                end = _match(pattern, i + take_pattern, words, k + take_words, text, lang, fold_accents)
                if end is not None:
                    return end
    return None


def _joined(text: str, before: Part, after: Part) -> bool:
    gap = text[before.end:after.start]
    if "." in before.text and gap.startswith("."):  # an abbreviation's last dot: "U.S. Trade"
        gap = gap[1:]
    return _JOIN.fullmatch(gap) is not None


def _same(pattern: tuple[Part, ...], group: tuple[Part, ...], lang: str, fold_accents: bool) -> bool:
    """Term parts (written solid, the last one inflected) against text parts (written solid)."""
    if any(p.text.isupper() and len(p.text) > 1 for p in pattern) and not all(w.text.isupper() for w in group):
        return False
    fixed = "".join(p.key for p in pattern[:-1])
    written = "".join(w.key for w in group)
    if fold_accents:
        fixed, written = _fold(fixed), _fold(written)
    return written.startswith(fixed) and written[len(fixed):] in _comparable_forms(pattern[-1].key, lang, fold_accents)


_fold = lru_cache(maxsize=65536)(fold)


@lru_cache(maxsize=16384)
def _comparable_forms(word: str, lang: str, fold_accents: bool) -> frozenset[str]:
    forms = word_forms(word, lang)
    return frozenset(fold(form) for form in forms) if fold_accents else forms


@lru_cache(maxsize=4096)
def word_forms(word: str, lang: str) -> frozenset[str]:
    """Every form of a lowercase word that its inflection allows: itself, its singular and plural, and in
    Portuguese its other gender."""
    if lang == "pt":
        return frozenset(form for singular in _pt_singulars(word) for gendered in _pt_genders(singular)
                         for form in (gendered, *_pt_plurals(gendered)))
    if lang == "en":
        forms = {form for singular in _en_singulars(word) for form in (singular, _en_plural(singular))}
        return frozenset(forms | {f + "'s" for f in forms} | {f + "'" for f in forms if f.endswith("s")})
    return frozenset({word})


def _pt_plurals(word: str) -> tuple[str, ...]:
    """Plurals of a singular, the likeliest first; a word with an accent before its ending is stressed there
    (fácil, nível)."""
    accented_stem = fold(word[:-2]) != word[:-2]
    if word.endswith("ão"):
        return word[:-2] + "ões", word[:-2] + "ães", word + "s"
    if word.endswith(("al", "ol", "ul")):
        return (word[:-1] + "is",)
    if word.endswith("el"):
        return (word[:-2] + "eis", word[:-2] + "éis") if accented_stem else (word[:-2] + "éis", word[:-2] + "eis")
    if word.endswith("il"):
        return (word[:-2] + "eis", word[:-1] + "s") if accented_stem else (word[:-1] + "s", word[:-2] + "eis")
    if word.endswith("ês"):
        return (word[:-2] + "eses",)
    if word.endswith("m"):
        return (word[:-1] + "ns",)
    if word.endswith(("r", "z")):
        return (word + "es",)
    if word.endswith(("s", "x")):
        return (word,)
    return (word + "s",)


_PT_SINGULAR_ENDINGS = (("ões", "ão"), ("ães", "ão"), ("ãos", "ão"), ("ais", "al"), ("éis", "el"), ("eis", "el"),
                        ("eis", "il"), ("óis", "ol"), ("ois", "ol"), ("uis", "ul"), ("is", "il"), ("eses", "ês"),
                        ("ns", "m"), ("res", "r"), ("zes", "z"), ("s", ""))


def _pt_singulars(word: str) -> tuple[str, ...]:
    """The word and every singular it may be the plural of, the likeliest first after itself."""
    found = [word]
    for ending, singular in _PT_SINGULAR_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            found.append(word[:-len(ending)] + singular)
    return tuple(dict.fromkeys(found))


_PT_GENDER = (("ão", "ã"), ("ã", "ão"), ("ês", "esa"), ("esa", "ês"), ("or", "ora"), ("ora", "or"),
              ("o", "a"), ("a", "o"))


def _pt_genders(singular: str) -> tuple[str, ...]:
    for ending, other in _PT_GENDER:
        if singular.endswith(ending) and len(singular) > len(ending):
            return singular, singular[:-len(ending)] + other
    return (singular,)


def _en_singulars(word: str) -> tuple[str, ...]:
    # "-ies" is left as written: such plurals are often other nouns ("Treasuries" are bonds, not the Treasury).
    found = [word]
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        found.append(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "ies")) and len(word) > 3:
        found.append(word[:-1])
    return tuple(found)


def _en_plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def singular(word: str, lang: str) -> str:
    """A lowercase word's likeliest singular (itself when it does not look plural)."""
    if not looks_plural(word, lang):
        return word
    if lang == "pt":
        return (_pt_singulars(word) + (word,))[1]
    return _en_singulars(word)[-1] if lang == "en" else word


def looks_plural(word: str, lang: str) -> bool:
    lower = word.lower()
    if lang == "pt":
        return lower.endswith("s") and not lower.endswith("ês") and len(lower) > 3
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3


def head_word(phrase: str, lang: str) -> str:
    """The word a noun phrase inflects for number on: first in Portuguese, in English the last before any
    preposition."""
    words = tokens(phrase)
    run = words[:_run_end(words, lang)]
    if lang == "en":
        return run[-1].text if run else ""
    return next((t.text for t in run if t.lower not in FUNCTION_WORDS.get(lang, ())), "")


def _run_end(words: list[Token], lang: str) -> int:
    """Where the words that agree in number end: at the first preposition or article after the head."""
    function = FUNCTION_WORDS.get(lang, frozenset())
    return next((n for n, t in enumerate(words) if n > 0 and t.lower in function), len(words))


def inflect(term: str, plural: bool, lang: str) -> str:
    """The term in the plural or singular: the words before its first preposition agree, the rest keep their number.

    "medida não tarifária" -> "medidas não tarifárias"; "secretário do Tesouro" -> "secretários do Tesouro";
    "non-tariff measure" -> "non-tariff measures". Only Portuguese and English are inflected.
    """
    if lang not in ("pt", "en"):
        return term
    words = tokens(term)
    run_end = _run_end(words, lang)
    pieces, position = [], 0
    for n, token in enumerate(words):
        pieces.append(term[position:token.start])
        split = token.text.split("-")
        if n < run_end and (lang == "pt" or n == run_end - 1):
            agreeing = range(len(split)) if lang == "pt" else [len(split) - 1]  # English: "mid-term" -> "mid-terms"
            split = [_inflect_word(piece, plural, lang) if i in agreeing else piece for i, piece in enumerate(split)]
        pieces.append("-".join(split))
        position = token.end
    pieces.append(term[position:])
    return "".join(pieces)


def _inflect_word(word: str, plural: bool, lang: str) -> str:
    lower = word.lower()
    if lower in _INVARIABLE[lang] or not word.isalpha() or (word.isupper() and len(word) > 1):
        return word
    if plural == looks_plural(word, lang):
        return word
    if not plural:
        form = singular(lower, lang)
    else:
        form = _pt_plurals(lower)[0] if lang == "pt" else _en_plural(lower)
    return word[:1] + form[1:] if word[:1].upper() == form[:1].upper() else form
