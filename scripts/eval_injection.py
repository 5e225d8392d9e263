"""Error-injection benchmark: do the scorers find errors planted in a good human translation?

Each NTREX story's pt-BR translation (one sentence a line) is compared with the pool of ALL the
English stories, so mtqa has to find the right sources itself. In about one sentence in four,
one error is planted, and its exact span in the target text is recorded:

- ``name``: a proper name that the English sentence also has is garbled (1-3 letters changed);
- ``number``: a figure that the English sentence also has is changed, its format kept;
- ``word``: a content word is swapped for an unrelated one from a fixed list;
- ``clause``: a comma- or conjunction-delimited stretch of 4+ words is dropped.

An injection is detected when a non-neutral issue overlaps its span. A dropped clause is an
empty span (the point where it was removed): strictly, a non-neutral issue touching that point;
leniently, an ``accuracy/omission`` issue anywhere in the sentence or any non-neutral issue
within 30 characters of the point. The headline recall is the strict one for names, numbers and
words and the lenient one for clauses. False alarms are counted on untouched sentences, and on
a second run of every story with nothing injected. Usage:

    python scripts/eval_injection.py [../shared/eval/ntrex-ptbr/ntrex-dev.en-ptbr.tsv]
                                     [--documents N] [--seed S] [--json OUT]
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mtqa.model import Document, Issue, Comparison  # noqa: E402
from mtqa.segment import split_sentences  # noqa: E402
from mtqa.words import fold, is_content_word, is_function_word, stem, tokens  # noqa: E402

DEFAULT_TSV = ROOT.parent / "shared" / "eval" / "ntrex-ptbr" / "ntrex-dev.en-ptbr.tsv"
KINDS = ("name", "number", "word", "clause")
MATCHING = {
    "name": ("accuracy/named-entity",),
    "number": ("accuracy/number",),
    "word": ("accuracy/mistranslation", "terminology"),
    "clause": ("accuracy/omission",),
}
TARGET_RECALL = {"name": 0.9, "number": 0.9, "word": 0.7, "clause": 0.7}
TARGET_FALSE_ALARMS = 3.0  # major + critical per 100 untouched sentences
SHARE = 0.25  # of each story's sentences that get an injection
LENIENT_WINDOW = 30  # characters either side of the injected span
ERRORS = ("minor", "major", "critical")

# Unrelated replacements for the ``word`` injection: common Portuguese content words of mixed topics.
REPLACEMENTS = tuple("""
abacaxi abelha abraço açúcar afinal agulha alface algodão almoço amarelo amizade andar antigo apartamento
aplauso armário arroz artista assado avental azeite azulejo bailarina baleia banana banheiro barulho batata
beijo biblioteca bicicleta biscoito bolacha boneca borboleta bosque botão brinquedo cabelo cachorro cadeira
caderno café caixa calçada camelo caminhar camisa canela caneta cantar capim carneiro carteiro castelo
cavalo cebola cenoura cereja chapéu chinelo chocolate chuveiro cinema cobertor coelho colher colina
cortina costurar cozinha cozinhar criança dançar dentista desenho domingo dormir elefante empada enfeite
escada escova espelho esquilo estrela fantasia farinha fazenda feijão ferver festa floresta fogão formiga
fritar fronha futebol galinha garfo gaveta geladeira gelatina girafa goiaba gravata guarda-chuva horta
igreja jacaré janela jantar jardim joelho lagarta lanterna laranja lavar legume leite limão livraria
lousa macarrão madeira manteiga maçã mergulhar mochila montanha morango mosquito nadar navio neblina
orelha ovelha padaria palhaço panela pantufa papagaio passear pastel patinar peixe pente pepino pescar
piano pijama pintar pipoca piscina planeta pomada pombo porco praia pulseira queijo quintal rabanete
relógio repolho riacho sabonete sandália sapato sardinha sobremesa sofá sorvete tapete tartaruga
telhado tesoura tijolo tomate torrada trombone trovão uva vassoura veleiro vestido violão vizinho
xícara zebra abóbora alicate ancinho balanço bigode cebolinha dragão esmalte figueira flauta girassol
""".split())

# Words mtqa.words.is_content_word lets through that carry no content of their own to swap.
NOT_CONTENT = frozenset("""
segundo conforme durante desde através perante contudo porém todavia entretanto portanto também apenas
somente ainda sempre nunca jamais depois antes agora então logo quanto quanta quantos quantas tanto tanta
tantos tantas muitos muitas pouco pouca poucos poucas outro outra outros outras todos todas todo toda
mesma mesmos mesmas algum alguma alguns algumas nenhum nenhuma qualquer quaisquer aquele aquela aqueles
aquelas aquilo nesse nessa neste nesta nisso nisto desse dessa deste desta disso disto daquele daquela
naquele naquela cujo cuja cujos cujas quais embora enquanto porque pelas pelos dentro diante acima abaixo
cerca quase bastante demais estava estavam estão estar estou sendo seriam seria foram tinha tinham tiveram
havia houve haver podem poderia poderiam pode poder deve devem deveria vamos iriam
""".split())

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![^\W_])")
_CONJUNCTIONS = ("e", "mas", "ou", "porque", "pois", "enquanto", "embora", "quando", "onde")
_CLOSERS = "\"'”’»)]"
_VOWELS = "aeiou"
_SIMILAR = {"b": "pv", "c": "ks", "d": "tb", "f": "v", "g": "k", "k": "gc", "l": "r", "m": "n", "n": "m",
            "p": "b", "r": "l", "s": "z", "t": "d", "v": "fw", "w": "v", "z": "s", "h": "", "j": "y", "x": "s"}


@dataclass(frozen=True)
class Injection:
    """One planted error: ``sentence[start:end]`` is the injected text (empty for a dropped clause)."""

    kind: str
    original: str  # the sentence before
    sentence: str  # the sentence after
    start: int
    end: int
    removed: str  # what the injected text replaced (for a dropped clause: the dropped text)
    inserted: str  # the injected text ("" for a dropped clause)


@dataclass
class NtrexStory:
    doc_id: str
    english: list[str]
    portuguese: list[str]


@dataclass
class Outcome:
    """An injection placed in its story and what the scorers said about it."""

    doc: str
    sentence: int
    injection: Injection
    span: tuple[int, int]  # in the target document
    line: tuple[int, int]  # the sentence's span in the target document
    issues: list[Issue] = field(default_factory=list)  # non-neutral issues in the sentence
    before: frozenset[tuple[str, str]] = frozenset()  # (category, text) of the untouched sentence's issues
    alignment: list[dict] = field(default_factory=list)  # how the sentence's segments aligned

    def detected(self, lenient: bool, matching: bool = False, new: bool = False) -> bool:
        """Whether an issue finds the injection; ``new``: only issues the untouched sentence did not have."""
        return any(_detects(issue, self, lenient) and (not matching or _matches(issue, self.injection.kind))
                   and (not new or (issue.category, issue.text) not in self.before)
                   for issue in self.issues)

    def headline(self, matching: bool = False, new: bool = False) -> bool:
        return self.detected(_headline(self.injection.kind), matching, new)


# ---------------------------------------------------------------- reading

def read_ntrex(path: Path) -> list[NtrexStory]:
    """Stories in file order; the file's escaped quotes (\\") are unescaped."""
    stories: dict[str, NtrexStory] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            story = stories.setdefault(row["doc_id"], NtrexStory(row["doc_id"], [], []))
            story.english.append(_clean(row["en"]))
            story.portuguese.append(_clean(row["pt_br"]))
    return list(stories.values())


def _clean(text: str) -> str:
    return " ".join(text.replace('\\"', '"').split())


# ---------------------------------------------------------------- injections

def _replace(sentence: str, kind: str, start: int, end: int, inserted: str) -> Injection:
    return Injection(kind, sentence, sentence[:start] + inserted + sentence[end:], start, start + len(inserted),
                     sentence[start:end], inserted)


def name_candidates(portuguese: str, english: str) -> list[tuple[int, int]]:
    """Spans of capitalised words (not sentence-initial, 4+ letters) that the English sentence has too."""
    english_words = {fold(t.text) for t in tokens(english)}
    words = tokens(portuguese)
    return [(t.start, t.end) for t in words[1:]
            if t.text.isalpha() and len(t.text) >= 4 and t.text[0].isupper() and not t.text.isupper()
            and fold(t.text) in english_words]


def garble(name: str, rng: random.Random, edits: int | None = None) -> str:
    """The name with 1-3 letters changed (a vowel for a vowel, a consonant for a similar one, two letters
    swapped, or a letter dropped), its first letter kept; never the name itself."""
    edits = edits or rng.choice((1, 2, 2, 3))
    operations = ("substitute", "substitute", "transpose", "drop") if len(name) > 4 else ("substitute", "transpose")
    for _ in range(20):
        letters = list(name)
        for _ in range(edits):
            interior = [i for i in range(1, len(letters)) if letters[i].isascii() and letters[i].isalpha()]
            if not interior:
                break
            i = rng.choice(interior)
            low, operation = letters[i].lower(), rng.choice(operations)
            if operation == "transpose" and i + 1 < len(letters) and letters[i + 1].isalpha() and letters[i + 1] != low:
                letters[i], letters[i + 1] = letters[i + 1], letters[i]
            elif operation == "drop" and len(letters) > 4:
                del letters[i]
            elif low in _VOWELS:
                letters[i] = rng.choice([v for v in _VOWELS if v != low])
            elif _SIMILAR.get(low):
                letters[i] = rng.choice(_SIMILAR[low])
            elif low == "y":
                letters[i] = rng.choice(_VOWELS)
        garbled = "".join(letters)
        if fold(garbled) != fold(name):
            return garbled
    return name[0] + name[1:][::-1]  # a fallback that real names never reach


def inject_name(portuguese: str, english: str, rng: random.Random) -> Injection | None:
    candidates = name_candidates(portuguese, english)
    if not candidates:
        return None
    start, end = rng.choice(candidates)
    known = {fold(t.text) for t in tokens(english + " " + portuguese)}
    for _ in range(10):
        garbled = garble(portuguese[start:end], rng)
        if fold(garbled) not in known:
            return _replace(portuguese, "name", start, end, garbled)
    return None


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def number_candidates(portuguese: str, english: str) -> list[tuple[int, int]]:
    """Spans of figures whose digits the English sentence has too (1,5 / 1.5; 1.000 / 1,000)."""
    english_numbers = {_digits(m.group(0)) for m in _NUMBER.finditer(english)}
    return [m.span() for m in _NUMBER.finditer(portuguese) if _digits(m.group(0)) in english_numbers]


def change_number(number: str, rng: random.Random) -> str:
    """The figure with its digits changed and its separators kept: 24 -> 42, 3 -> 5, 1,5 -> 2,5."""
    positions = [i for i, ch in enumerate(number) if ch.isdigit()]
    digits = [number[i] for i in positions]
    swappable = [k for k in range(len(digits) - 1) if digits[k] != digits[k + 1] and (k > 0 or digits[k + 1] != "0")]
    if swappable and rng.random() < 0.4:
        k = rng.choice(swappable)
        digits[k], digits[k + 1] = digits[k + 1], digits[k]
    else:
        k = rng.randrange(len(digits))
        choices = [d for d in "0123456789" if d != digits[k] and not (k == 0 and d == "0" and len(digits) > 1)]
        digits[k] = rng.choice(choices)
    changed = list(number)
    for i, digit in zip(positions, digits):
        changed[i] = digit
    return "".join(changed)


def inject_number(portuguese: str, english: str, rng: random.Random) -> Injection | None:
    candidates = number_candidates(portuguese, english)
    if not candidates:
        return None
    start, end = rng.choice(candidates)
    english_numbers = {_digits(m.group(0)) for m in _NUMBER.finditer(english)}
    for _ in range(10):
        changed = change_number(portuguese[start:end], rng)
        if _digits(changed) not in english_numbers:
            return _replace(portuguese, "number", start, end, changed)
    return None


def word_candidates(portuguese: str, english: str) -> list[tuple[int, int]]:
    """Spans of lowercase content words of 5+ letters that are not borrowed as is from the English."""
    english_words = {fold(t.text) for t in tokens(english)}
    return [(t.start, t.end) for t in tokens(portuguese)
            if t.text.isalpha() and t.text.islower() and len(t.text) >= 5 and is_content_word(t.text, "pt")
            and t.text not in NOT_CONTENT and fold(t.text) not in english_words]


def inject_word(portuguese: str, english: str, rng: random.Random) -> Injection | None:
    candidates = word_candidates(portuguese, english)
    if not candidates:
        return None
    start, end = rng.choice(candidates)
    present = {stem(t.text, "pt") for t in tokens(portuguese)}
    replacements = [w for w in REPLACEMENTS if stem(w, "pt") not in present]
    return _replace(portuguese, "word", start, end, rng.choice(replacements))


def _word_count(text: str) -> int:
    return sum(any(ch.isalnum() for ch in t.text) for t in tokens(text))


def _balanced(text: str) -> bool:
    return (text.count("(") == text.count(")") and text.count("[") == text.count("]")
            and text.count('"') % 2 == 0 and text.count("'") % 2 == 0
            and text.count("“") == text.count("”") and text.count("‘") == text.count("’"))


def clause_candidates(line: str) -> list[tuple[int, int]]:
    """Stretches ``line[start:end]`` whose removal drops a clause of 4+ words and leaves a sentence:
    ", X," (between commas; the second comma goes too), ", X" up to the final punctuation, and
    " conj X" (e, mas, porque, ...) up to the next comma or the final punctuation. A stretch stays
    inside one sentence of the line, leaves at least 40% of its words, and does not strand a
    function word ("sobre." / "de,") before the cut."""
    spans: list[tuple[int, int]] = []
    for sentence in split_sentences(line, "pt"):
        spans += [(sentence.start + start, sentence.start + end) for start, end in _clauses(sentence.text)]
    return spans


def _clauses(sentence: str) -> list[tuple[int, int]]:
    body_end = len(sentence.rstrip(_CLOSERS + ".!?…;: "))
    if sentence[body_end:].strip(_CLOSERS) not in {".", "!", "?", "…"}:
        body_end = len(sentence)  # a headline without final punctuation: clauses may run to the end
    commas = [m.start() for m in re.finditer(r"[,;](?=\s)", sentence[:body_end])]
    stops = [*commas, body_end]
    spans: list[tuple[int, int]] = []
    for left, right in zip(commas, stops[1:]):
        end = right + 1 if right < body_end else right  # ", X," -> the second comma goes too; ", X." keeps "."
        spans.append((left, end))
    for match in re.finditer(r"\s(?:%s)\s" % "|".join(_CONJUNCTIONS), sentence[:body_end]):
        right = next((stop for stop in stops if stop > match.start()), body_end)
        spans.append((match.start(), right))
    words = _word_count(sentence)
    kept = []
    for start, end in sorted(set(spans)):
        dropped, rest = sentence[start:end], sentence[:start] + sentence[end:]
        before = tokens(sentence[:start])
        if (_word_count(dropped) >= 4 and _word_count(rest) >= max(4, 0.4 * words)
                and _balanced(dropped) and _balanced(rest)
                and not re.search(r"[,;:]\s*[,;:.!?]|^\W", rest)
                and before and not is_function_word(before[-1].text, "pt") and before[-1].text not in NOT_CONTENT):
            kept.append((start, end))
    return kept


def inject_clause(portuguese: str, english: str, rng: random.Random) -> Injection | None:
    candidates = clause_candidates(portuguese)
    if not candidates:
        return None
    start, end = rng.choice(candidates)
    dropped = portuguese[start:end]
    return Injection("clause", portuguese, portuguese[:start] + portuguese[end:], start, start, dropped, "")


INJECTORS = {"name": inject_name, "number": inject_number, "word": inject_word, "clause": inject_clause}
CANDIDATES = {
    "name": name_candidates,
    "number": number_candidates,
    "word": word_candidates,
    "clause": lambda portuguese, english: clause_candidates(portuguese),
}


def applicable_kinds(portuguese: str, english: str) -> list[str]:
    return [kind for kind in KINDS if CANDIDATES[kind](portuguese, english)]


def plan(stories: Sequence[NtrexStory], rng: random.Random, share: float = SHARE) -> list[dict[int, Injection]]:
    """For each story, its injected sentences: about ``share`` of them, one injection each. Each slot
    takes the kind injected least so far that still applies to one of the story's free sentences,
    so scarce kinds (names, numbers) are injected wherever they can be."""
    counts: Counter[str] = Counter()
    plans = []
    for story in stories:
        slots = max(1, round(share * len(story.portuguese)))
        kinds = {i: applicable_kinds(pt, en) for i, (pt, en) in enumerate(zip(story.portuguese, story.english))}
        free = [i for i in range(len(story.portuguese)) if kinds[i]]
        chosen: dict[int, Injection] = {}
        while len(chosen) < slots and free:
            order = sorted(KINDS, key=lambda k: (counts[k], rng.random()))
            kind = next((k for k in order if any(k in kinds[i] for i in free)), None)
            if kind is None:
                break
            i = rng.choice([i for i in free if kind in kinds[i]])
            injection = INJECTORS[kind](story.portuguese[i], story.english[i], rng)
            kinds[i] = [k for k in kinds[i] if k != kind]
            if injection is None:
                free = [j for j in free if kinds[j]]
                continue
            chosen[i] = injection
            counts[kind] += 1
            free.remove(i)
        plans.append(dict(sorted(chosen.items())))
    return plans


# ---------------------------------------------------------------- scoring

def _detects(issue: Issue, outcome: Outcome, lenient: bool) -> bool:
    start, end = outcome.span
    if _touches(issue.start, issue.end, start, end):
        return True
    if not lenient:
        return False
    if outcome.injection.kind == "clause" and issue.category in MATCHING["clause"]:
        return True  # an omission anywhere in the sentence
    return _touches(issue.start, issue.end, start - LENIENT_WINDOW, end + LENIENT_WINDOW)


def _touches(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Overlap; an empty span (a point) counts when it lies inside or at an edge of the other."""
    if a_start == a_end or b_start == b_end:
        return a_start <= b_end and b_start <= a_end
    return a_start < b_end and b_start < a_end


def _matches(issue: Issue, kind: str) -> bool:
    return any(issue.category == c or issue.category.startswith(c + "/") for c in MATCHING[kind])


def _headline(kind: str) -> bool:
    """Whether the headline recall of ``kind`` is the lenient one."""
    return kind == "clause"


def target_document(story: NtrexStory, injections: dict[int, Injection]) -> tuple[Document, list[tuple[int, int]]]:
    """The Portuguese story, one sentence a line, and each sentence's span in it."""
    lines = [injections[i].sentence if i in injections else s for i, s in enumerate(story.portuguese)]
    spans, offset = [], 0
    for line in lines:
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return Document(f"ntrex/{story.doc_id}.pt", "\n".join(lines), "pt"), spans


def source_documents(stories: Sequence[NtrexStory]) -> list[Document]:
    return [Document(f"ntrex/{s.doc_id}.en", "\n".join(s.english), "en") for s in stories]


def _line_of(issue: Issue, lines: Sequence[tuple[int, int]]) -> int:
    return next((n for n, (start, end) in enumerate(lines) if start <= issue.start <= end), len(lines) - 1)


@dataclass
class Tally:
    sentences: int = 0
    severities: Counter[str] = field(default_factory=Counter)
    none: int = 0  # target segments aligned with nothing
    segments: int = 0

    def add(self, issues: Iterable[Issue]) -> None:
        self.severities.update(i.severity for i in issues)

    def per_100(self, *severities: str) -> float:
        return 100 * sum(self.severities[s] for s in severities) / max(1, self.sentences)


def _alignment_counts(report: Comparison, tally: Tally) -> None:
    tally.segments += len(report.segments)
    tally.none += sum(r.alignment.kind == "none" for r in report.segments)


def _issue_json(issue: Issue) -> dict:
    return {"span": [issue.start, issue.end], "text": issue.text, "category": issue.category,
            "severity": issue.severity, "scorer": issue.scorer, "message": issue.message}


def _alignments(report: Comparison, line: tuple[int, int], own: str, english: str) -> list[dict]:
    """Each segment of a target line: its alignment kind, its sources, and whether the best is its own sentence."""
    return [{"kind": r.alignment.kind,
             "sources": [f"{ref.path}:{ref.index}" for ref in r.alignment.sources],
             "own": bool(r.alignment.sources) and r.alignment.sources[0].path == own
             and r.alignment.sources[0].text in english}
            for r in report.segments if line[0] <= r.segment.start <= line[1]]


def _by_line(issues: Iterable[Issue], lines: Sequence[tuple[int, int]]) -> dict[int, list[Issue]]:
    grouped: dict[int, list[Issue]] = {}
    for issue in issues:
        grouped.setdefault(_line_of(issue, lines), []).append(issue)
    return grouped


def _rates(tally: Tally) -> dict:
    return {"sentences": tally.sentences, "major_critical_per_100": tally.per_100("major", "critical"),
            "minor_per_100": tally.per_100("minor"), "neutral_per_100": tally.per_100("neutral"),
            "segments": tally.segments, "aligned_none": tally.none}


def evaluate(stories: Sequence[NtrexStory], pool: Sequence[NtrexStory], seed: int, progress: bool = True) -> dict:
    """Each story compared twice against the English of every story in ``pool``: untouched, then with
    its injections."""
    from mtqa.pipeline import Engine, Options

    began = time.perf_counter()
    engine = Engine(Options(source_lang="en", target_lang="pt"))
    sources = source_documents(pool)
    plans = plan(stories, random.Random(seed))
    outcomes: list[Outcome] = []
    untouched, clean = Tally(), Tally()
    false_alarms: list[dict] = []
    for n, (story, injections) in enumerate(zip(stories, plans)):
        clean_target, clean_lines = target_document(story, {})
        clean_report = engine.compare(clean_target, sources)
        clean.sentences += len(clean_lines)
        _alignment_counts(clean_report, clean)
        clean.add(clean_report.issues)
        clean_by_line = _by_line(clean_report.issues, clean_lines)
        for issue in clean_report.issues:
            if issue.severity in ("major", "critical"):
                i = _line_of(issue, clean_lines)
                false_alarms.append({"doc": story.doc_id, "sentence": i, "target": story.portuguese[i],
                                     "source": story.english[i], **_issue_json(issue)})

        target, lines = target_document(story, injections)
        report = engine.compare(target, sources)
        _alignment_counts(report, untouched)
        by_line = _by_line((i for i in report.issues if i.severity in ERRORS), lines)
        for i, injection in injections.items():
            line_start = lines[i][0]
            before = frozenset((x.category, x.text) for x in clean_by_line.get(i, []) if x.severity in ERRORS)
            alignment = _alignments(report, lines[i], f"ntrex/{story.doc_id}.en", story.english[i])
            outcome = Outcome(story.doc_id, i, injection, (line_start + injection.start, line_start + injection.end),
                              lines[i], by_line.get(i, []), before, alignment)
            assert target.text[outcome.span[0]:outcome.span[1]] == injection.inserted
            outcomes.append(outcome)
        for i in range(len(lines)):
            if i not in injections:
                untouched.sentences += 1
                untouched.add(by_line.get(i, []))
        if progress:
            print(f"[{n + 1}/{len(stories)}] {story.doc_id}: {len(lines)} sentences, {len(injections)} injected, "
                  f"{time.perf_counter() - began:.0f}s", file=sys.stderr, flush=True)

    kinds = {}
    for kind in KINDS:
        mine = [o for o in outcomes if o.injection.kind == kind]
        total = max(1, len(mine))
        figures = {
            "injected": len(mine),
            "detected_strict": sum(o.detected(False) for o in mine),
            "detected_lenient": sum(o.detected(True) for o in mine),
            "detected_matching": sum(o.headline(matching=True) for o in mine),
            "detected_new": sum(o.headline(new=True) for o in mine),
        }
        figures["detected"] = figures["detected_lenient" if _headline(kind) else "detected_strict"]
        kinds[kind] = figures | {
            "recall": figures["detected"] / total,
            "recall_strict": figures["detected_strict"] / total,
            "recall_lenient": figures["detected_lenient"] / total,
            "recall_matching": figures["detected_matching"] / total,
            "recall_new": figures["detected_new"] / total,
            "headline": "lenient" if _headline(kind) else "strict",
            "target": TARGET_RECALL[kind],
        }
    by_id = {s.doc_id: s for s in stories}
    return {
        "documents": len(stories),
        "source_documents": len(pool),
        "seed": seed,
        "kinds": kinds,
        "untouched": _rates(untouched),
        "clean": _rates(clean),
        "target_false_alarms": TARGET_FALSE_ALARMS,
        "elapsed_s": round(time.perf_counter() - began, 1),
        "signature": engine.signature(),
        "injections": [
            {"doc": o.doc, "sentence": o.sentence, "kind": o.injection.kind, "original": o.injection.original,
             "injected": o.injection.sentence, "source": by_id[o.doc].english[o.sentence],
             "removed": o.injection.removed, "inserted": o.injection.inserted, "span": list(o.span),
             "detected": o.headline(), "detected_strict": o.detected(False), "detected_lenient": o.detected(True),
             "detected_matching": o.headline(matching=True), "detected_new": o.headline(new=True),
             "alignment": o.alignment,
             "issues": [_issue_json(i) | {"new": (i.category, i.text) not in o.before} for i in o.issues]}
            for o in outcomes
        ],
        "false_alarms_clean": false_alarms,
    }


def print_table(result: dict) -> None:
    print(f"{result['documents']} target documents against {result['source_documents']} English sources, "
          f"seed {result['seed']}")
    print("detected: a minor/major/critical issue overlaps the injected span (clause: touches the removal point);")
    print("±30: or lies within 30 characters of it (clause: or an accuracy/omission anywhere in the sentence);")
    print("category: by an issue of the kind's category; new: by an issue the untouched sentence did not have.")
    print("recall: strict for name/number/word, ±30 for clause.")
    header = ("kind", "injected", "detected", "±30", "category", "new", "recall", "cat.rec", "new.rec", "target")
    print(f"{header[0]:<8}" + "".join(f"{h:>9}" for h in header[1:]))
    for kind, k in result["kinds"].items():
        verdict = "ok" if k["recall"] >= k["target"] else "MISS"
        print(f"{kind:<8}" + "".join(f"{k[f]:>9}" for f in ("injected", "detected_strict", "detected_lenient",
                                                            "detected_matching", "detected_new"))
              + "".join(f"{k[f]:>9.2f}" for f in ("recall", "recall_matching", "recall_new"))
              + f"   >= {k['target']:.1f} {verdict}")
    target = result["target_false_alarms"]
    for label, r in (("untouched sentences of injected stories", result["untouched"]),
                     ("stories with nothing injected", result["clean"])):
        verdict = "ok" if r["major_critical_per_100"] <= target else "MISS"
        print(f"false alarms per 100 sentences, {label} ({r['sentences']}): major+critical "
              f"{r['major_critical_per_100']:.1f} (target <= {target:.0f} {verdict}), minor {r['minor_per_100']:.1f}")
    u, c = result["untouched"], result["clean"]
    print(f"aligned none: {u['aligned_none']}/{u['segments']} segments with injections, "
          f"{c['aligned_none']}/{c['segments']} with nothing injected")
    print(f"elapsed: {result['elapsed_s']:.1f}s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", type=Path, nargs="?", default=DEFAULT_TSV)
    parser.add_argument("--documents", type=int, default=None, help="only the first N documents")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", type=Path, default=None, help="write all figures and every injection here")
    args = parser.parse_args(argv)
    pool = read_ntrex(args.tsv)
    result = evaluate(pool[: args.documents], pool, args.seed)
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
