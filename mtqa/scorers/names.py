"""Garbled names: a name in the target that no source knows, but that looks like one a source has.

A capitalised word of the target is accounted for when the source pool has it (Akazawa), or
has its translation (Tóquio -> Tokyo, EUA -> US). Otherwise the machine translation kept a
word it did not know: if it resembles a source name (spelling, sound), stands where the
aligned source has a name the target lacks, or follows the same role words ("Prime Minister
Ispibon" / "Prime Minister Shigeru Ishiba"), it is reported as a garbled name with that
name as the suggestion; a name that resembles nothing is only noted as unverifiable.

The translator also guesses at words it does not know: "Mésiso" comes back as "Medium", a
lowercased "nielse" as "Danielse". A guess is not a translation: a word the translator renders
as something no source knows is still garbled when it resembles a name the aligned source has
and the target lacks (with a stricter likeness), and so is a copied word whose lowercased
translation does not come back as the word. Both are reported as minor: the translator's reading
of the word as some other word is weaker evidence than a name it copied unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..model import Issue
from ..words import Token, fold, in_capitals, in_title_case, is_function_word, stem, tokens
from .base import Pair, Story, register

_CONTEXT = 3  # words before a name that say what it names ("prime minister", "TV station")
_GARBLED_FROM = 0.75  # evidence needed to call an unknown name a garbled source name
_GUESS_MARGIN = 0.1  # more likeness needed of a word the translator took for another word
# likeness that alone makes a garble major in a sentence with no counterpart: there a name is only compared with
# every name of every source, and chance likenesses abound ("Paris" ~ "Park", "Iten" ~ "Italian", "Roy" ~ "Rod";
# 0.82 at most on corpora/comparable*, where the garbles of such sentences come to 0.87 at least)
_CLOSE_LIKENESS = 0.85
_SAME_SPELLING = 0.9  # likeness of a word and its translation above which the translator only copied it
_PLACEHOLDER = re.compile(r"#[A-Z_]+#")
_POSSESSIVE = re.compile(r"['’]s?$")
_ROMAN_NUMERAL = re.compile(r"^[IVXLCDM]+$")


@dataclass(frozen=True)
class SourceName:
    text: str  # as the source writes it: "Shigeru Ishiba", "TV Tokyo"
    parts: tuple[str, ...]  # folded words
    context: frozenset[str]  # stems of the words before it


def _is_capitalised(token: Token) -> bool:
    return token.text[0].isupper()


def _name_runs(text: str, lang: str) -> list[list[Token]]:
    """Runs of capitalised words, the sentence's first word included only when it is not a function word,
    and no word of a stretch written in capitals."""
    words = tokens(text)
    shouted = in_capitals(words)
    runs: list[list[Token]] = []
    for n, token in enumerate(words):
        if not _is_capitalised(token) or token.text.isdigit() or _PLACEHOLDER.search(text[max(0, token.start - 1):token.end + 1]):
            continue
        if n in shouted:
            continue
        if n == 0 and is_function_word(token.text, lang):
            continue
        if runs and words.index(runs[-1][-1]) == n - 1 and text[runs[-1][-1].end:token.start].strip() == "":
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _folded(word: str) -> str:
    """Folded, possessive, acronym dots and spaces dropped: "U.S." and "U S" -> "us", "Martin's" -> "martin"."""
    return re.sub(r"[.\s]", "", _POSSESSIVE.sub("", fold(word)))


def _known(word: str, known: frozenset[str]) -> bool:
    """The pool has the word, or its plural or singular ("Habitat"/"Habitats", "WMP"/"WMPs")."""
    folded = _folded(word)
    return folded in known or folded + "s" in known or (folded.endswith("s") and folded[:-1] in known)


# Letters that Portuguese and English transliterations of one foreign name write otherwise for one sound: Serguei and
# Sergei, Volodimir and Volodymyr, Zaporíjia and Zaporizhzhia, Aleksei and Alexei, Yunis and Younis
_TRANSLITERATIONS = tuple((re.compile(pattern), written) for pattern, written in (
    ("zhzh", "j"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("ks", "x"), ("gu(?=[ei])", "g"), ("ou", "u"), ("y", "i"), ("w", "v")))


def _spelling(word: str) -> str:
    """The word folded, as its sounds would be written whichever of the two languages transliterates it."""
    key = _folded(word)
    for pattern, written in _TRANSLITERATIONS:
        key = pattern.sub(written, key)
    return key


def _skeleton(word: str) -> str:
    """Consonants with doubled letters squeezed: a crude sound key that survives vowel slips."""
    consonants = re.sub(r"[aeiouy\W\d_]", "", word)
    return re.sub(r"(.)\1+", r"\1", consonants)


def _resemblance(unknown: str, written: str) -> float:
    spelling = SequenceMatcher(None, unknown, written).ratio()
    skeletons = _skeleton(unknown), _skeleton(written)
    sound = SequenceMatcher(None, *skeletons).ratio() if all(skeletons) else spelling
    return max(spelling, 0.5 * spelling + 0.5 * sound) + 0.05 * min(len(_common_prefix(unknown, written)), 3)


def _closest_form(unknown: str, name: SourceName, acronyms: bool = True,
                  rendered: frozenset[str] = frozenset()) -> tuple[float, str]:
    """How much ``unknown`` resembles the name, whole ("tvtokyo") or by one of its words ("ishiba"), but for the
    words the target renders elsewhere (``rendered``) and, without ``acronyms``, those written in capitals."""
    forms = [("".join(name.parts), name.text), *zip(name.parts, name.text.split())] if len(name.parts) > 1 else [
        (name.parts[0], name.text)]
    return max(((_resemblance(unknown, folded), written) for folded, written in forms
                if (acronyms or not (written.isupper() and len(written) > 1))
                and (folded == "".join(name.parts) or folded not in rendered)), default=(0.0, name.text))


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _context(text: str, token: Token, lang: str) -> frozenset[str]:
    before = [t for t in tokens(text[:token.start]) if not is_function_word(t.text, lang)][-_CONTEXT:]
    return frozenset(stem(t.text, lang) for t in before)


@register("names")
class NamesScorer:
    def score(self, pair: Pair, story: Story) -> list[Issue]:
        known = self._known_words(story)
        # the aligned source's own translation into the target language writes some names as the target does:
        # exonyms and expansions the pool spells otherwise ("Baixa Califórnia" -> "Baja California", "ATM")
        forward_names = {_folded(t.text) for forward in pair.forward for t in tokens(forward) if _is_capitalised(t)}
        known |= forward_names
        spellings = None
        issues: list[Issue] = []
        at: dict[int, Token] = {}  # each issue's word, where pair.text has it (issue offsets are the text as written)

        def note(issue: Issue | None, token: Token) -> None:
            if issue is not None:
                issues.append(issue)
                at[id(issue)] = token

        first = tokens(pair.text)[:1]
        for run in _name_runs(pair.text, story.target_lang):
            for token in run:
                if _known(token.text, known) or len(token.text) < 3 or _ROMAN_NUMERAL.match(token.text):
                    continue
                if spellings is None:  # the pool's once a story, the forward translation's once a sentence
                    spellings = self._pool_spellings(story) | frozenset(map(_spelling, forward_names))
                if _spelling(token.text) in spellings:
                    continue  # "Serguei" for "Sergei": the name as the target language transliterates it
                if token.text.isupper() and _folded(token.text) in self._initials(story):
                    continue  # "AMLO" for "Andrés Manuel López Obrador": a source name by its initials
                translated = story.translate([token.text], story.target_lang, story.source_lang)[0]
                if _folded(translated) in known or any(_folded(t.text) in known for t in tokens(translated)
                                                       if not is_function_word(t.text, story.source_lang)):
                    continue  # Tóquio -> Tokyo, EUA -> US
                if _folded(translated) == _folded(token.text):  # the translator kept a word it did not know
                    beside_a_name = not token.text.isupper() and any(
                        other is not token and _known(other.text, known) for other in run)
                    if beside_a_name or not self._common_word(token.text, story):
                        note(self._unknown_name(pair, story, token), token)
                    elif self._guessed(token.text.lower(), story):
                        note(self._unknown_name(pair, story, token, guess=True), token)
                elif token in first and self._common_word(token.text, story):
                    continue  # a sentence's first word the translator reads as an ordinary word ("Desinstale")
                elif garbled := self._unknown_name(pair, story, token, guess=True):
                    note(garbled, token)
                elif token not in first:  # a sentence's first word may be a common word
                    note(pair.issue(token.start, token.end, "accuracy/named-entity", "neutral",
                                    f"unverifiable: no source mentions {token.text!r} ({translated!r})", "names"), token)
        # the sentence's own source: a sure counterpart in the story the target translates (a wrong name may itself
        # lower the aligner's confidence from parallel to partial)
        own_source = pair.sure_counterpart and pair.from_original
        return self._substitutions(pair, story, issues, at) if own_source else issues

    def _substitutions(self, pair: Pair, story: Story, issues: list[Issue], at: dict[int, Token]) -> list[Issue]:
        """Names no source has, standing for names the sentence's own source has and the target lacks: "San
        Francisco" for "São Paulo". Only names the translation back keeps as they are count (the translator
        took them for names), and each missing name goes to the nearest of them by its place in the source
        sentence and theirs in the translation back; a run left over stays unverifiable."""
        unknown = [i for i in issues if i.severity == "neutral"]
        unknown_words = [at[id(i)] for i in unknown]
        missing = self._missing_names(pair, story) if unknown and not self._headline(pair, story, unknown_words) else []
        if not missing:
            return issues
        text = pair.text
        kept_back = tokens(pair.translation)
        # a word of the run the translator guessed at may have been taken for a garble of the missing name ("San"
        # for "São" beside "Francisco"): it joins the run
        missing_parts = {part for name, _ in missing for part in name.parts}
        runs: list[list[Issue]] = []
        for issue in issues:
            guessed = any(_folded(w) in missing_parts for w in issue.evidence.get("source_name", "").split())
            if issue.severity != "neutral" and not guessed:
                continue
            if runs and not text[at[id(runs[-1][-1])].end:at[id(issue)].start].strip():
                runs[-1].append(issue)
            else:
                runs.append([issue])
        kept = {_folded(t.text) for t in kept_back}
        placed = []
        for run in runs:
            back = [t for t in kept_back if _folded(t.text) == _folded(at[id(run[0])].text)]
            if (back and any(i.severity == "neutral" for i in run)
                    and all(_folded(at[id(i)].text) in kept for i in run)):
                placed.append((run, back[0].start / max(len(pair.translation), 1)))
        found = {}
        for name, place in missing:
            free = [(run, where) for run, where in placed if id(run) not in found]
            if free:
                run, _ = min(free, key=lambda r: abs(r[1] - place))
                found[id(run)] = (run, name)
        replaced = {id(i) for run, _ in found.values() for i in run}
        substituted = []
        own = frozenset(_folded(t.text) for t in tokens(pair.best_source))
        for run, name in found.values():
            start, end = self._whole_name(text, story, at[id(run[0])].start, at[id(run[-1])].end, own, kept)
            written = pair.text[start:end]
            substituted.append(pair.issue(start, end, "accuracy/named-entity", "major",
                                          f"{written!r} is a name no source uses, where the sentence's source names "
                                          f"{name.text!r}", "names", suggestion=name.text,
                                          evidence={"rule": "substituted-name", "source_name": name.text}))
        return sorted([i for i in issues if id(i) not in replaced] + substituted, key=lambda i: (i.start, i.end))

    @staticmethod
    def _whole_name(text: str, story: Story, start: int, end: int, own: frozenset[str],
                    kept: set[str]) -> tuple[int, int]:
        """The span widened over the capitalised words around it that are part of the same name: not in the
        sentence's own source, and kept as they are in the translation back ("Jeff" of "Jeff Bezos", "Neto" of
        "Campos Neto", "Paulo" of "Paulo Guedes" where another source says "São Paulo"), a title the translator
        translates ("Presidente") left out."""
        for run in _name_runs(text, story.target_lang):
            inside = [n for n, t in enumerate(run) if start <= t.start < end]
            if not inside:
                continue
            first, last = inside[0], inside[-1]
            part_of_it = [_folded(t.text) in kept and _folded(t.text) not in own for t in run]
            while first > 0 and part_of_it[first - 1]:
                first -= 1
            while last + 1 < len(run) and part_of_it[last + 1]:
                last += 1
            return min(start, run[first].start), max(end, run[last].end)
        return start, end

    def _headline(self, pair: Pair, story: Story, unknown: list[Token]) -> bool:
        """A line in title case, where capitals mark no name: a function word capitalised past the first word
        ("... Diatribe, Wearing a MAGA Hat, After his SNL Appearance"), or most longer words capitalised, counted
        without the runs of capitalised words that hold a word of the pool or a word in question, so that a
        sentence full of names is not taken for one."""
        known, questioned = self._known_words(story), {t.start for t in unknown}
        words = tokens(pair.text)
        if any(is_function_word(t.text, story.target_lang) and t.text[0].isupper() for t in words[1:]):
            return True
        named = {t.start for run in _name_runs(pair.text, story.target_lang)
                 if any(_folded(t.text) in known or t.start in questioned for t in run)
                 for t in run}
        return in_title_case([t for t in words if t.start not in named])

    def _missing_names(self, pair: Pair, story: Story) -> list[tuple[SourceName, float]]:
        """Names of the sentence's own source that the target and its translation lack, each with its place in
        the source sentence (0 at the start, 1 at the end): the words of a capitalised run that neither has
        ("Fernando Haddad" of "Finance Minister Fernando Haddad") that the source's translation keeps as they are
        (a capitalised common word, "Departamento", it translates); neither a function word alone nor an acronym,
        which the target may spell out ("AMLO")."""
        source = pair.best_source
        present = {_folded(t.text) for text in (pair.translation, pair.text) for t in tokens(text)}
        kept_forward = {_folded(t.text) for t in tokens(pair.best_forward)}  # names the translator keeps as they are
        missing = []
        for run in _name_runs(source, story.source_lang):  # capitalised function words too: "São Paulo"
            parts: list[Token] = []
            for token in [*run, None]:
                if token is not None and _folded(token.text) not in present:
                    parts.append(token)
                    continue
                if (parts and not all(is_function_word(t.text, story.source_lang) for t in parts)
                        and all(_folded(t.text) in kept_forward for t in parts)
                        and not (len(parts) == 1 and parts[0].text.isupper())):  # "AMLO", spelt out in the target
                    name = SourceName(_POSSESSIVE.sub("", source[parts[0].start:parts[-1].end]),
                                      tuple(_folded(t.text) for t in parts), frozenset())
                    missing.append((name, parts[0].start / len(source)))
                parts = []
        return missing

    def _pool_spellings(self, story: Story) -> frozenset[str]:
        """The pool's words as ``_spelling`` writes them."""
        return story.once("names.spellings", lambda: frozenset(map(_spelling, self._known_words(story))))

    def _initials(self, story: Story) -> frozenset[str]:
        """The initials of the pool's names of two words or more, and of the runs of words inside them ("amlo" of
        "Mexican President Andrés Manuel López Obrador")."""
        return story.once("names.initials", lambda: frozenset(
            "".join(part[0] for part in name.parts[start:end]) for name in self._pool_names(story)
            for start in range(len(name.parts)) for end in range(start + 2, len(name.parts) + 1)))

    def _pool_names(self, story: Story) -> list[SourceName]:
        return story.once("names.pool", lambda: self._source_names(story, story.pool))

    def _common_word(self, word: str, story: Story) -> bool:
        """Lowercased, the translator knows it as an ordinary word (not as a source name it repairs)."""
        if word.islower():
            return False
        lowered = word.lower()
        translated = _folded(story.translate([lowered], story.target_lang, story.source_lang)[0])
        if translated in self._capitalised(story):
            # a source name: the translator repairs a garbled one ("wasinhgton" -> "Washington"), unless the word
            # is that name's own translation and comes back from it ("almanaque" -> "almanac" -> "almanaque")
            return not self._guessed(lowered, story)
        # "fenomenal" -> "phenomenal" is a translation; "indonézai" -> "idonézai" only a copy with a slip
        return SequenceMatcher(None, translated, _folded(lowered)).ratio() < _SAME_SPELLING

    @staticmethod
    def _guessed(word: str, story: Story) -> bool:
        """The word's translation does not come back as the word ("nielse" -> "Danielse" -> "Danielse"): a guess."""
        translation = story.translate([word], story.target_lang, story.source_lang)[0]
        back = story.translate([translation], story.source_lang, story.target_lang)[0]
        return _folded(word) not in {_folded(t.text) for t in tokens(back)} | {_folded(back)}

    @staticmethod
    def _capitalised(story: Story) -> frozenset[str]:
        return story.once("names.capitalised", lambda: frozenset(
            _folded(t.text) for s in story.pool for t in tokens(s)[1:] if t.text[0].isupper()))

    def _known_words(self, story: Story) -> frozenset[str]:
        # and the parts of hyphenated words: "quasi-Teresa-May" knows "Teresa" and "May"
        return story.once("names.known", lambda: frozenset(
            part for s in story.pool for t in tokens(s) for part in {_folded(t.text), *_folded(t.text).split("-")}))

    def _source_names(self, story: Story, texts: tuple[str, ...]) -> list[SourceName]:
        found = []
        for text in texts:
            for run in _name_runs(text, story.source_lang):
                words = [t for t in run if not is_function_word(t.text, story.source_lang)]
                if words:
                    # the role words before the name, or inside its run where a title is capitalised
                    # ("Prime Minister Shigeru Ishiba": "prime", "minister", "shigeru" come before "Ishiba")
                    context = _context(text, words[0], story.source_lang) | _context(text, words[-1], story.source_lang)
                    found.append(SourceName(_POSSESSIVE.sub("", text[words[0].start:words[-1].end]),
                                            tuple(_folded(t.text) for t in words), context))
        return found

    def _unknown_name(self, pair: Pair, story: Story, token: Token, guess: bool = False) -> Issue | None:
        """A garbled name, an unverifiable one, or nothing (a sentence's first word).

        With ``guess``, the translator took the word for some other word ("Mésiso" -> "Medium"):
        weaker evidence that it is a name at all, so only a name the aligned source has and the
        target lacks counts, with more likeness, and the finding is minor.
        """
        unknown = fold(token.text)
        present = {fold(t.text) for t in tokens(pair.translation)} | {fold(t.text) for t in tokens(pair.text)}
        # names of the aligned source the target lacks, if only in part ("Scott Vessent", "primeiro-ministro Ispibon"
        # for "Prime Minister Ishiba": a capitalised title is part of the name's run)
        own = self._source_names(story, pair.sources)
        aligned = [n for n in own if not set(n.parts) <= present]
        context = self._translation_context(pair, story, token)
        best, best_score, suggestion, evidence = None, 0.0, "", {}
        pool_names = self._pool_names(story)
        for name in aligned if guess else [*aligned, *pool_names]:
            # an acronym is spelt out, not garbled ("Andrés Manuel López Obrador" for "AMLO"): one is held only to
            # a word written in capitals
            resemblance, written = _closest_form(unknown, name, token.text.isupper(), frozenset(present))
            in_slot = name in aligned
            same_role = bool(context & name.context)
            score = resemblance + 0.15 * in_slot + 0.15 * same_role
            if score > best_score:
                best, best_score, suggestion = name, score, written
                evidence = {"resemblance": round(resemblance, 3), "aligned_source_lacks_it": in_slot,
                            "same_role_words": sorted(context & name.context)}
        start, end = token.start, token.end
        if best is not None and best_score >= _GARBLED_FROM + (_GUESS_MARGIN if guess else 0.0):
            # on a parallel pair the aligned source is the sentence's own: a likeness only to a name said
            # elsewhere, with no role words in common, is weak evidence ("Rev" for "Revlon", "GOP" for "Goop")
            weak = (guess or (pair.kind == "parallel" and not evidence["same_role_words"]
                              and best.parts not in {n.parts for n in own})
                    or (pair.kind == "none" and evidence["resemblance"] < _CLOSE_LIKENESS))
            return pair.issue(start, end, "accuracy/named-entity", "minor" if weak else "major",
                              f"{token.text!r} is not a name any source uses; the sources say {suggestion!r}"
                              + (" (the translator read it as another word)" if guess else ""),
                              "names", suggestion=suggestion, evidence={"source_name": best.text, **evidence})
        if guess or token == tokens(pair.text)[0]:
            return None  # a sentence's first word may be an ordinary word the translator left as it was
        return pair.issue(start, end, "accuracy/named-entity", "neutral",
                          f"unverifiable: no source mentions {token.text!r}", "names")

    def _translation_context(self, pair: Pair, story: Story, token: Token) -> frozenset[str]:
        """Stems of the words before the name in the target's translation, where the translator kept the name."""
        for translated in tokens(pair.translation):
            if fold(translated.text) == fold(token.text):
                return _context(pair.translation, translated, story.source_lang)
        return _context(pair.text, token, story.target_lang)
