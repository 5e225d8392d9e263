"""Fluency slips in the target text itself: whitespace, punctuation, doubled words, capitalization.

Model-free rules, each kept narrow enough that a correct news sentence or chat line passes
clean: placeholders (``#PRS_ORG#``), URLs, e-mail addresses and numbers are left alone, and
checks that need the source (a question that stopped being one, an unbalanced quote) run
only on parallel pairs, where the source says what the segment should look like.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import Issue
from ..words import Token, fold, in_title_case, is_function_word, tokens
from .base import Pair, Story, register

# Spans no rule looks inside: placeholders, URLs, e-mail addresses, bare domains.
_PROTECTED = re.compile(
    r"#[A-Za-z_]+#?|(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|br|pt|uk|jp|us)\b\S*"
)
_LETTERS = r"[^\W\d_]"

_HYPHEN_AFTER_SPACE = re.compile(rf"({_LETTERS}+) +-({_LETTERS}+)")
_HYPHEN_BEFORE_SPACE = re.compile(rf"({_LETTERS}+)- +({_LETTERS}+)")
_SPACE_BEFORE_MARK = re.compile(r"(\S+)( +)([,.;:!?)\]])")
_SPACE_AFTER_OPENER = re.compile(r"([(\[]) +(?=\S)")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_NO_SPACE_AFTER_COMMA = re.compile(rf"({_LETTERS}{{2,}})([,;])({_LETTERS}{{2,}})")
_NO_SPACE_AFTER_STOP = re.compile(r"([a-zà-öø-ÿ]{2,})([.!?])([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)")
_MARK_RUN = re.compile(r"[,.;:!?]{2,}")
_ALLOWED_MARK_RUN = re.compile(r"(?:\.{3})?[?!]*(?:\.{3})?")  # "...", "?!", "!!", "?..."
_LEAD_IN = re.compile(r"[\s\"'“(\-–—*•]*(?:\d{1,2}[.)]\s+)?")  # quotes, bullets, a list number: "5. clique"
_SINGLE_QUOTE_OPENING = re.compile(r"(?:^|\s)['‘]\w")
_TRAILING_CLOSERS = "\"'”’»)] \t\n"
_HEADLINE_SHARE = 0.5  # of its source sentence's words, below which a line without a closing mark is a headline
_PLEASE_WITHOUT_COMMA = re.compile(rf"({_LETTERS}+) (por favor)(?=[.!?]*\s*$)", re.IGNORECASE)

# Words a suspended hyphen may precede: "pré- e pós-guerra", "pre- and post-war".
_CONJUNCTIONS = frozenset({"e", "ou", "a", "and", "or", "to", "nor"})
_ABBREVIATIONS = frozenset({"etc", "vs", "aprox", "approx", "cf", "ex", "sr", "sra", "dr", "dra", "jr", "inc",
                            "ltd", "co", "corp", "no", "nº"})
# Repeats that are grammatical or idiomatic, not a stutter.
_LEGITIMATE_REPEATS = frozenset({"that", "had", "is", "very", "no", "yes", "bye", "ha", "muito", "não", "sim",
                                 "tchau", "bem", "cada", "pouco", "so", "really"})
_CONNECTORS = frozenset({"de", "do", "da", "dos", "das", "e", "of", "the", "and", "del", "di", "von", "van"})

_MONTHS_AND_WEEKDAYS = frozenset(fold(w) for w in (
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro "
    "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo").split())


def _nationalities() -> dict[str, bool]:
    """Portuguese nationality and language adjectives, folded, each mapped to whether it is plural."""
    forms: dict[str, bool] = {}
    for stem in ("japon", "chin", "portugu", "ingl", "franc", "holand", "irland", "escoc", "liban", "tailand",
                 "polon", "dinamarqu", "norueg", "finland", "taiwan", "paquistan", "congol"):
        forms.update({stem + "es": False, stem + "esa": False, stem + "eses": True, stem + "esas": True})
    for stem in ("american", "mexican", "african", "italian", "colombian", "venezuelan", "peruan", "bolivian",
                 "cuban", "ucranian", "iranian", "iraquian", "corean", "australian", "paraguai", "uruguai",
                 "asiatic", "russ", "brasileir", "argentin", "chilen", "britanic", "greg", "turc", "suec", "suic",
                 "indian", "egipci", "siri", "nigerian", "estrangeir"):
        forms.update({stem + "o": False, stem + "a": False, stem + "os": True, stem + "as": True})
    for stem in ("canadens", "estadunidens", "israelens", "belg", "vietnamit", "saudit", "arab"):
        last = "a" if stem in ("belg", "vietnamit", "saudit") else "e"
        forms.update({stem + last: False, stem + last + "s": True})
    forms.update({"alemao": False, "alema": False, "alemaes": True, "alemas": True, "europeu": False,
                  "europeia": False, "europeus": True, "europeias": True, "espanhol": False, "espanhola": False,
                  "espanhois": True, "espanholas": True})
    for prefix in ("norte-", "sul-", "latino-"):
        forms.update({prefix + form: plural for form, plural in list(forms.items())
                      if form.startswith(("american", "corean", "african"))})
    return forms


_NATIONALITIES = _nationalities()


@dataclass(frozen=True)
class _Finding:
    start: int
    end: int
    category: str
    message: str
    suggestion: str | None
    rule: str


@register("fluency")
class FluencyScorer:
    name = "fluency"

    def score(self, pair: Pair, story: Story) -> list[Issue]:
        text = pair.text
        protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
        lang = story.target_lang
        findings = [*_whitespace(text, protected), *_punctuation(pair, lang, protected), *_doubled_words(text),
                    *_capitalization(pair, lang, protected)]
        issues = []
        seen: set[tuple[int, int, str]] = set()
        for f in sorted(findings, key=lambda f: (f.start, f.end, f.rule)):
            if (f.start, f.end, f.category) in seen or _overlaps(protected, f.start, f.end, inside_only=True):
                continue
            seen.add((f.start, f.end, f.category))
            issues.append(pair.issue(f.start, f.end, f.category, "minor", f.message, self.name, f.suggestion,
                                     {"rule": f.rule}))
        return issues


def _overlaps(spans: list[tuple[int, int]], start: int, end: int, inside_only: bool = False) -> bool:
    """Whether [start, end) touches a protected span (or, with ``inside_only``, lies wholly inside one)."""
    if inside_only:
        return any(s <= start and end <= e for s, e in spans)
    return any(start < e and s < end for s, e in spans)


def _whitespace(text: str, protected: list[tuple[int, int]]) -> list[_Finding]:
    found = []
    for pattern in (_HYPHEN_AFTER_SPACE, _HYPHEN_BEFORE_SPACE):
        for m in pattern.finditer(text):
            if pattern is _HYPHEN_BEFORE_SPACE and m.group(2).lower() in _CONJUNCTIONS:
                continue
            joined = f"{m.group(1)}-{m.group(2)}"
            found.append(_Finding(m.start(), m.end(), "fluency/whitespace",
                                  f"Stray space inside the hyphenated word {joined!r}.", joined, "space-in-hyphenated-word"))
    for m in _SPACE_BEFORE_MARK.finditer(text):
        mark, after = m.group(3), text[m.end():m.end() + 2]
        if (mark in ".:" and after[:1].isalnum()) or (mark == "." and after.startswith("..")) or (
                mark in ":;" and after[:1] in ")(DPp"):
            continue  # ".NET", " ...", " :)" are not a space before a mark
        if m.group(1).endswith(("(", "[")):
            continue
        found.append(_Finding(m.start(2), m.end(), "fluency/whitespace", f"Space before {mark!r}.",
                              mark, "space-before-punctuation"))  # the space and its mark, not the word before
    for m in _SPACE_AFTER_OPENER.finditer(text):
        found.append(_Finding(m.start(), m.end(), "fluency/whitespace", f"Space after {m.group(1)!r}.",
                              m.group(1), "space-after-opening-bracket"))
    for m in _DOUBLE_SPACE.finditer(text):
        found.append(_Finding(m.start(), m.end(), "fluency/whitespace", "Several spaces where one belongs.", " ",
                              "double-space"))
    for pattern, rule in ((_NO_SPACE_AFTER_COMMA, "no-space-after-comma"), (_NO_SPACE_AFTER_STOP, "no-space-after-stop")):
        for m in pattern.finditer(text):
            if _overlaps(protected, m.start(), m.end()):
                continue
            found.append(_Finding(m.start(), m.end(), "fluency/whitespace", f"No space after {m.group(2)!r}.",
                                  f"{m.group(1)}{m.group(2)} {m.group(3)}", rule))
    return found


def _punctuation(pair: Pair, lang: str, protected: list[tuple[int, int]]) -> list[_Finding]:
    text = pair.text
    found = []
    for m in _MARK_RUN.finditer(text):
        run = m.group(0)
        if _ALLOWED_MARK_RUN.fullmatch(run) or _overlaps(protected, m.start(), m.end()):
            continue
        if run[0] == "." and run[1] in ",;:" and _ends_with_abbreviation(text[:m.start()]):
            continue  # "U.S.," and "etc.," are an abbreviation's dot and then a comma
        best = next(mark for mark in "?!.;:," if mark in run)
        found.append(_Finding(m.start(), m.end(), "fluency/punctuation", f"Doubled punctuation {run!r}.", best,
                              "doubled-punctuation"))
    if pair.kind == "parallel" and pair.sources:
        found += _unbalanced(text, " ".join(pair.sources))
        found += _final_mark(text, pair.sources)
    if lang == "pt":
        for m in _PLEASE_WITHOUT_COMMA.finditer(text):
            if m.group(1).lower() not in ("pedir", "pedindo", "pediu", "peço"):  # "pedir por favor" is a verb phrase
                found.append(_Finding(m.end(1), m.start(2), "fluency/punctuation",  # the gap the comma belongs in
                                      "A closing 'por favor' is set off by a comma in Portuguese.",
                                      ", ", "comma-before-por-favor"))
    return found


def _ends_with_abbreviation(before: str) -> bool:
    word = re.search(r"[\w.]+$", before)
    if not word:
        return False
    word_text = word.group(0)
    return "." in word_text or word_text.lower() in _ABBREVIATIONS or (len(word_text) <= 4 and word_text[:1].isupper())


def _unbalanced(text: str, source: str) -> list[_Finding]:
    """A bracket or quotation mark left without its partner in the segment, where the source has none."""
    if _unbalanced_positions(source) or _SINGLE_QUOTE_OPENING.search(source):
        return []  # the source's quotation spans sentences, or its quotation marks are single: nothing to compare
    return [_Finding(position, position + 1, "fluency/punctuation",
                     f"Unbalanced {text[position]!r}: it has no matching mark in the sentence.", None, "unbalanced-pair")
            for position in _unbalanced_positions(text)]


def _unbalanced_positions(text: str) -> list[int]:
    positions = [p for opener, closer in (("(", ")"), ("[", "]"), ("«", "»"))
                 if (p := _unmatched(text, opener, closer)) is not None]
    # Straight and curly double quotes count as one family: typists mix “ and " freely.
    quotes = [i for i, ch in enumerate(text) if ch in '"“”']
    if len(quotes) % 2:
        positions.append(quotes[-1])
    return positions


def _unmatched(text: str, opener: str, closer: str) -> int | None:
    depth_stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == opener:
            depth_stack.append(i)
        elif ch == closer:
            if not depth_stack:
                return i
            depth_stack.pop()
    return depth_stack[-1] if depth_stack else None


def _without_trailers(text: str) -> str:
    """The sentence without what may follow its closing mark: quotes and brackets that close, spaces, and emoji
    and other symbols ("dólar. 🇧🇷📈", with their joiners and variation selectors)."""
    end = len(text)
    while end and (text[end - 1] in _TRAILING_CLOSERS or text[end - 1] in "\ufe0e\ufe0f"
                   or unicodedata.category(text[end - 1]) in ("So", "Sk", "Cf")):
        end -= 1
    return text[:end]


def _end_mark(text: str) -> str:
    """The sentence's closing mark ("?", "!", ".", "...") or "" when it ends without one."""
    stripped = _without_trailers(text)
    if stripped.endswith(("...", "…")):
        return "..."
    return stripped[-1] if stripped and stripped[-1] in ".!?" else ""


def _final_mark(text: str, sources: tuple[str, ...]) -> list[_Finding]:
    """The source ends a question or a statement with a mark that the target lost or changed."""
    marks = {_end_mark(s) for s in sources}
    if len(marks) != 1:
        return []
    expected, actual = marks.pop(), _end_mark(text)
    stripped = _without_trailers(text)
    if not stripped or expected in ("", "...") or expected in stripped[-4:] or actual == "...":
        return []
    if stripped[-1] in ",;:":
        return []  # the sentence goes on in the next segment: a split, not a lost mark
    if actual == "" and _HEADLINE_SHARE * len(tokens(sources[0])) > len(tokens(stripped)):
        return []  # a headline that sums its source sentence up: it ends without a mark by design
    if expected == "?":
        message = "The source asks a question; the translation does not end with '?'."
    elif actual == "":
        message = f"The source ends with {expected!r}; the translation has no closing punctuation."
    elif expected == "!" and actual == ".":
        message = "The source ends with '!'; the translation ends with '.'."
    else:
        return []
    if actual:
        end = len(stripped)
        return [_Finding(end - 1, end, "fluency/punctuation", message, expected, "final-punctuation")]
    last = tokens(stripped)
    start = last[-1].start if last else len(stripped) - 1
    return [_Finding(start, len(stripped), "fluency/punctuation", message, stripped[start:] + expected,
                     "final-punctuation")]


def _doubled_words(text: str) -> list[_Finding]:
    words = tokens(text)
    found = []
    for first, second in zip(words, words[1:]):
        if (first.lower == second.lower and first.text.isalpha() and first.lower not in _LEGITIMATE_REPEATS
                and not second.text[0].isupper()  # "Hotel Roa Roa", "Bora Bora": names repeat
                and not text[first.end:second.start].strip()):
            found.append(_Finding(first.start, second.end, "fluency/grammar", f"The word {first.text!r} is doubled.",
                                  first.text, "doubled-word"))
    return found


def _capitalization(pair: Pair, lang: str, protected: list[tuple[int, int]]) -> list[_Finding]:
    text = pair.text
    words = tokens(text)
    if not words:
        return []
    names = [_overlaps(protected, w.start, w.end) or w.text[:1].isupper() for w in words]
    initial = [i == 0 or text[words[i - 1].end:w.start].strip() not in ("", ",", ";") for i, w in enumerate(words)]
    found = _lowercase_start(pair, lang, words, protected)
    headline = in_title_case(words)
    forward_lower, forward_upper = _forward_cases(pair.forward)

    def adjacent(i: int, j: int) -> bool:
        a, b = sorted((i, j))
        return 0 <= a and b < len(words) and not text[words[a].end:words[b].start].strip()

    def capitalized(i: int) -> bool:
        return 0 <= i < len(words) and names[i]

    def connector(i: int) -> bool:
        return 0 <= i < len(words) and words[i].lower in _CONNECTORS

    def continues_name(i: int, step: int) -> bool:
        """A capitalized word next to ``i`` (directly, or across "de", "do", "of"...) in direction ``step``."""
        if adjacent(i, i + step) and capitalized(i + step):
            return True
        return connector(i + step) and adjacent(i, i + step) and adjacent(i + step, i + 2 * step) and capitalized(i + 2 * step)

    for i, word in enumerate(words):
        if lang == "en" and word.lower in ("i", "i'm", "i've", "i'll", "i'd") and word.text[0] == "i":
            if not (text[word.start - 1:word.start] == "(" and text[word.end:word.end + 1] == ")"):
                fixed = "I" + word.text[1:]
                found.append(_Finding(word.start, word.end, "fluency/capitalization",
                                      f"The pronoun is written {fixed!r}.", fixed, "pronoun-i"))
            continue
        if initial[i] or not _title_case(word.text) or _overlaps(protected, word.start, word.end):
            continue
        folded, lowered = fold(word.text), word.text.lower()
        previous = words[i - 1] if adjacent(i - 1, i) else None
        in_name = continues_name(i, -1) or continues_name(i, 1)
        lower_in_forward = lowered in forward_lower and lowered not in forward_upper
        rule, reason = "", ""
        if lang == "pt" and folded in _MONTHS_AND_WEEKDAYS and not in_name:
            rule, reason = "month-or-weekday", "Portuguese writes months and weekdays in lowercase"
        elif lang == "pt" and folded in _NATIONALITIES and not continues_name(i, 1) and (
                lower_in_forward or _follows_lowercase_word(previous) or _disagrees_in_number(previous, folded)):
            rule, reason = "nationality-adjective", "Portuguese writes nationality and language adjectives in lowercase"
        elif lower_in_forward and not in_name and not headline and (lang == "pt" or is_function_word(lowered, lang)):
            # English capitalizes regions, titles and nationalities that Portuguese lowercases, so a lowercase
            # Portuguese translation proves nothing for an English target except for pronouns and the like.
            rule, reason = "lowercase-in-source-translation", "a common word mid-sentence, lowercase in the source's translation"
        if rule:
            found.append(_Finding(word.start, word.end, "fluency/capitalization",
                                  f"{word.text!r} should be lowercase: {reason}.", lowered, rule))
    return found


def _title_case(word: str) -> bool:
    """Capitalized like a name ("Maio", "Segunda-Feira"), not an acronym ("EUA") or a brand ("eBay")."""
    return len(word) > 1 and all(part[:1].isupper() and part[1:] == part[1:].lower() and part[1:].isalpha()
                                 for part in word.split("-"))


def _follows_lowercase_word(previous: Token | None) -> bool:
    """"o presidente Americano": after a common noun the adjective is no part of a name."""
    return previous is not None and previous.text[0].islower() and previous.lower not in _CONNECTORS


def _disagrees_in_number(previous: Token | None, nationality: str) -> bool:
    """"Finanças Japonês": a singular adjective after a plural name modifies something else, not that name."""
    if previous is None or not previous.text[0].isupper():
        return False
    noun = fold(previous.text)
    noun_plural = len(noun) > 3 and noun.endswith(("as", "os", "es")) and noun not in _NATIONALITIES
    return noun_plural != _NATIONALITIES[nationality]


def _forward_cases(forward: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Words the source's translation writes in lowercase, and those it capitalizes, mid-sentence."""
    lower: set[str] = set()
    upper: set[str] = set()
    for sentence in forward:
        words = tokens(sentence)
        for i, word in enumerate(words):
            if i and not sentence[words[i - 1].end:word.start].strip(" ,;"):
                (upper if word.text[:1].isupper() else lower).add(word.lower)
            else:
                upper.add(word.lower)  # sentence-initial capitals say nothing; keep them from counting as lowercase
    return lower, upper


def _lowercase_start(pair: Pair, lang: str, words: list[Token], protected: list[tuple[int, int]]) -> list[_Finding]:
    """A sentence that starts in lowercase: always wrong in Portuguese, in English where the source has a capital."""
    first = next((w for w in words if any(c.isalpha() for c in w.text)), None)
    if first is None or not first.text[0].islower() or any(c.isupper() for c in first.text):
        return []  # "eBay", "iPhone" start lowercase by design
    if _overlaps(protected, first.start, first.end) or not _LEAD_IN.fullmatch(pair.text[:first.start]):
        return []  # "15 créditos" starts with a number, not a word
    source_words = [w for s in pair.sources[:1] for w in tokens(s) if any(c.isalpha() for c in w.text)]
    source_capitalized = bool(source_words) and source_words[0].text[0].isupper()
    if lang != "pt" and not source_capitalized:
        return []  # English chat and list items start lowercase on purpose; follow the source there
    fixed = first.text[0].upper() + first.text[1:]
    reason = "its source starts with a capital" if source_capitalized else "Portuguese sentences start with a capital"
    return [_Finding(first.start, first.end, "fluency/capitalization",
                     f"The sentence starts with a lowercase letter; {reason}.", fixed, "lowercase-sentence-start")]
