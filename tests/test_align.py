import json
import os
import subprocess
import sys

import pytest

from sacrebleu.metrics import CHRF

from mtqa.align import (Aligner, align, anchors, clauses, content_words, default_model, figures, original_source,
                        sentence_chrf)
from mtqa.model import Document
from mtqa.read import read_story
from mtqa.segment import split_sentences

from .conftest import ROOT, SOURCES, TARGET, TARIFF


def test_words_and_anchors_fold_forms_that_mean_the_same():
    assert anchors("Beijing warned China's allies and the U.S. over 24% tariffs") == {"china", "us", "24"}
    assert "us" not in content_words("let us see") and "us" in content_words("the US tariffs")
    assert content_words("tariffs") == content_words("tariff")
    # a British source and its American back-translation share their words (NTREX: BBC, Guardian, Scotsman)
    assert content_words("steel and aluminium, the defence programme") == content_words("steel and aluminum, the defense program")


def test_clauses_split_long_sentences():
    parts = clauses("Although Trump often mentions the cost of military support, the minister said the talks did not address security.")
    assert len(parts) == 2 and parts[1].startswith("the minister said")


def test_pair_chrf_is_sacrebleus_sentence_chrf():
    """The aligner's chrF reuses each text's n-grams; it must score every pair exactly as sacrebleu does."""
    texts = [line.strip() for path in [TARGET, *SOURCES] for line in path.read_text(encoding="utf-8").splitlines()]
    texts = [t for t in texts if t][:25] + ["", " ", "a", "“Ü” — 27,5%"]
    reference = CHRF()
    for hypothesis in texts:
        for other in texts:
            assert sentence_chrf(hypothesis, other) == reference.sentence_score(hypothesis, [other]).score / 100.0


def test_model_is_fitted_on_data():
    model = default_model()
    assert "NTREX" in model.fitted_on
    assert 0 < model.parallel_from < 1


def _aligner(engine, paths):
    documents = [read_story(str(p)).with_lang("en") for p in paths]
    segments = [split_sentences(d.text, "en", d.body_start) for d in documents]
    return documents, segments, Aligner(engine.encoder, documents, segments)


def _views(engine, aligner, portuguese):
    return aligner.views(portuguese, engine.cache.translate(engine.translator, portuguese, "pt", "en"))


def test_one_target_sentence_that_merges_two_source_sentences(engine):
    """Kato's two quoted sentences, machine-translated into Portuguese and joined into one (a 1-2 link)."""
    documents, segments, aligner = _aligner(engine, SOURCES)
    bloomberg = next(i for i, d in enumerate(documents) if d.path.endswith("002_86da006ef2cebc2f.txt"))
    first, second = segments[bloomberg][5].text, segments[bloomberg][6].text
    portuguese = " ".join(engine.cache.translate(engine.translator, [first, second], "en", "pt"))
    alignment = align(aligner, _views(engine, aligner, [portuguese]))[0]
    assert alignment.kind != "none"
    assert [(s.path, s.index) for s in alignment.sources[:2]] == [(documents[bloomberg].path, 5), (documents[bloomberg].path, 6)]


def test_a_same_topic_sentence_without_counterpart_is_not_joined_to_its_neighbour(tariff_report):
    """Sentences 8 and 9 share a best candidate they do not restate; a 2-1 join must not lift 8 out of none."""
    assert tariff_report.segments[8].alignment.kind == "none"


def test_a_sentence_about_something_else_has_no_counterpart(engine):
    _, _, aligner = _aligner(engine, SOURCES)
    views = _views(engine, aligner, ["O time de futebol do Flamengo venceu o campeonato carioca com dois gols de Gabigol."])
    alignment = align(aligner, views)[0]
    assert alignment.kind == "none" and alignment.sources == ()


# NTREX-128 (nytimes.184853, guardian.221762): English sentences among their neighbours, and the human pt-BR
NTREX_ENGLISH = (
    "The original white Methodist congregation moved out in the 1930s. "
    "A black congregation that had been worshiping nearby took title to the building. "
    "A fire in 1939 left the building badly damaged, but as Father Johnson's parishioners made plans to rebuild, "
    "they commissioned the carillon. "
    "Morales's belligerent rhetoric has sapped any residual Chilean goodwill, she suggested. "
    "Bolivia and Chile will at some point continue to talk, but it will be extremely difficult to hold discussions "
    "after this. "
    "The two countries have not exchanged ambassadors since 1962. "
    "Monday will bring Bolivia \"an extraordinary opportunity to open a new era of relations with Chile\" and a chance "
    "to \"put an end to 139 years of disagreements with mutual benefits,\" he said.")


@pytest.mark.parametrize("portuguese, figure, misstated, source", [
    ("Um incêndio em 1939 deixou o prédio bem danificado.", "1939", "1399", 2),
    ("Desde 1962, não existem embaixadores chilenos na Bolívia e vice-versa.", "1962", "9162", 5),
])
def test_a_misstated_figure_keeps_its_sentence_aligned(engine, portuguese, figure, misstated, source):
    """A wrong figure drags the encoder's similarity down with it; the sentence must keep its counterpart."""
    document = Document("ntrex.en", NTREX_ENGLISH, "en")
    aligner = Aligner(engine.encoder, [document], [split_sentences(document.text, "en")])
    right, wrong = align(aligner, _views(engine, aligner, [portuguese, portuguese.replace(figure, misstated)]))
    assert right.kind != "none" and right.sources[0].index == source
    assert wrong.kind != "none" and wrong.sources[0].index == source
    assert wrong.score <= right.score + 0.05  # scored as if the figure were right, not above it


def test_both_halves_of_a_source_sentence_split_in_two_keep_it(engine):
    """NTREX-128 (guardian.221762): the second half says too little to be a counterpart on its own."""
    english = ('"We are very close to returning to the Pacific Ocean," he vowed in late August. '
               "But some analysts believe that the court is unlikely to decide in Bolivia's favour - and that little "
               "would change if it did. "
               "The Netherlands-based UN body has no power to award Chilean territory, and has stipulated that it will "
               "not determine the outcome of possible talks.")
    portuguese = ['"Estamos muito perto de retornar ao Oceano Pacífico", prometeu ele em agosto deste ano.',
                  "Porém, alguns analistas acreditam que o tribunal provavelmente não decidirá a favor da Bolívia.",
                  "Mesmo que decidam a favor, isso não mudará a situação.",
                  "O organismo da ONU sediado na Holanda não tem poder sobre o território chileno e estabeleceu que "
                  "não determinará o resultado de possíveis conversas."]
    document = Document("ntrex.en", english, "en")
    aligner = Aligner(engine.encoder, [document], [split_sentences(document.text, "en")])
    views = _views(engine, aligner, portuguese)
    assert aligner.alignment(aligner.rank(views[2])).kind == "none"  # alone
    alignments = align(aligner, views)
    assert [a.sources[0].index if a.sources else None for a in alignments] == [0, 1, 1, 2]


# NTREX-128 (bbc.381735): the English story and its human pt-BR translation, sentence by sentence
PRISON = [
    ("Long Lartin prison: Six officers hurt in disorder", "Prisão de Long Lartin: seis policiais são feridos em rebelião"),
    ("Six prison officers have been injured in a disturbance at a high security men's jail, the Prison Office has said.",
     "Segundo um agente penitenciário, seis agentes penitenciários ficaram feridos em um conflito em uma prisão de "
     "segurança máxima masculina."),
    ("Disorder broke out at HMP Long Lartin in Worcestershire at about 09:30 BST on Sunday and is ongoing.",
     "O tumulto começou na prisão de Long Lartin, em Worcestershire, por volta de 9h30 (horário local) no sábado, e "
     "ainda continua."),
    ("Specialist \"Tornado\" officers have been brought in to deal with the disturbance, which involves eight inmates "
     "and is contained to one wing.",
     "Especialistas da Tropa de Elite \"Tornado\" foram chamados para conter a rebelião que envolve oito detentos e está "
     "restrito a uma das alas."),
    ("The officers were treated for minor facial injuries at the scene.",
     "Os agentes foram atendidos no local, com ferimentos leves no rosto."),
    ("HMP Long Lartin holds more than 500 prisoners, including some of the country's most dangerous offenders.",
     "A Long Lartin abriga mais de 500 detentos, entre eles, alguns dos criminosos mais perigosos do país."),
]


def test_a_sentence_cut_beyond_recognition_is_placed_by_the_order_of_its_original(engine):
    """With its clause on the injuries cut (as scripts/eval_injection.py cuts one), sentence 4 is too unlike its
    original to be a counterpart by itself; between the translations of sentences 3 and 5 it is sentence 4's."""
    english = Document("prison.en", "\n".join(e for e, _ in PRISON), "en")
    cut = [p for _, p in PRISON]
    cut[4] = "Os agentes foram atendidos no local."
    target = Document("prison.pt", "\n".join(cut), "pt")
    alone = engine.compare(target, [english], original=None)
    assert alone.segments[4].alignment.kind == "none"
    placed = engine.compare(target, [english])
    assert placed.original == 0
    assert [(r.alignment.kind != "none", [s.index for s in r.alignment.sources[:1]]) for r in placed.segments] == [
        (True, [n]) for n in range(6)]
    assert placed.segments[4].alignment.kind == "partial"
    # a sentence the translator added in place of one left out ranks another sentence first: it has none
    whole = [p for _, p in PRISON]
    replaced = [*whole[:3], "Os sindicatos de agentes penitenciários criticaram a superlotação das prisões britânicas.",
                *whole[4:]]
    report = engine.compare(Document("prison.pt", "\n".join(replaced), "pt"), [english])
    assert report.original == 0 and report.segments[3].alignment.kind == "none"
    # a sentence the translator added, with no sentence of the original between its neighbours', has none
    added = [*cut[:2], "O tempo estava ensolarado e quente naquele domingo em Worcestershire.", *cut[2:]]
    report = engine.compare(Document("prison.pt", "\n".join(added), "pt"), [english])
    assert [r.alignment.sources[0].index if r.alignment.sources else None for r in report.segments] == [
        0, 1, None, 2, 3, 4, 5]


def test_a_sentence_about_something_else_with_figures_has_no_counterpart(engine):
    _, _, aligner = _aligner(engine, SOURCES)
    views = _views(engine, aligner, ["O Flamengo venceu o Vasco por 3 a 1 e chegou a 25 jogos sem perder em 2025."])
    assert align(aligner, views)[0].kind == "none"


def test_figures_are_compared_by_value_whatever_the_separators():
    assert figures("Os automóveis pagam uma tarifa de 27,5%.") == figures("Cars pay a 27.5% tariff.") == {"27.5"}
    assert figures("O Japão comprou US$ 1.500 milhões.") == figures("Japan bought $1,500 million.") == {"1500"}
    assert figures("As vendas caíram 1,5%.") != figures("Sales fell 15%.")
    assert figures("A taxa subiu para 27,50%.") == figures("The rate rose to 27.5%.") == {"27.5"}
    assert figures("O vírus H5N1 foi discutido na cúpula do G20 em 2025.") == {"2025"}  # codes are not figures
    assert figures("Um Airbus A320 pousou às 10h30.") == figures("An Airbus A320 landed at 10:30.") == {"10", "30"}


def test_alignment_is_deterministic(engine):
    _, _, aligner = _aligner(engine, SOURCES)
    sentence = ["Akazawa disse que as negociações ministeriais começariam em meados de maio."]
    first = align(aligner, _views(engine, aligner, sentence))
    second = align(aligner, _views(engine, aligner, sentence))
    assert first == second and first[0].candidates == second[0].candidates


def _gold():
    gold = json.loads((TARIFF / "alignment-gold.json").read_text(encoding="utf-8"))
    return [(e["target"], {(c["source"], c["starts"]) for c in e["counterparts"]}) for e in gold["segments"]]


def _is_gold(reference, counterparts) -> bool:
    return any(reference.path.endswith(f) and reference.text.startswith(p) for f, p in counterparts)


def test_gold_ranking_of_the_tariff_talks(tariff_report):
    """The hand-written gold (corpora/tariff-talks/alignment-gold.json): the top-ranked candidate."""
    right = with_counterpart = 0
    for result, (start, counterparts) in zip(tariff_report.segments, _gold(), strict=True):
        assert result.segment.text.startswith(start)
        if counterparts:
            with_counterpart += 1
            right += _is_gold(result.alignment.candidates[0][0], counterparts)
    assert with_counterpart == 11
    assert right / with_counterpart >= 0.9, f"{right}/{with_counterpart} top candidates right"


@pytest.mark.xfail(strict=True, reason="known gap (issue 2 note): comparable-news partials and unrelated "
                   "same-topic sentences get overlapping scores; measured 9/11 best sources, 3/3 none")
def test_gold_alignment_of_the_tariff_talks(tariff_report):
    """The issue's bar: best source right for >= 90% of sentences with a counterpart, `none` for the others."""
    right = with_counterpart = 0
    for result, (_, counterparts) in zip(tariff_report.segments, _gold(), strict=True):
        alignment = result.alignment
        if not counterparts:
            assert alignment.kind == "none", f"sentence {result.segment.index} has no counterpart"
            continue
        with_counterpart += 1
        right += bool(alignment.sources) and _is_gold(alignment.sources[0], counterparts)
    assert right / with_counterpart >= 0.9, f"{right}/{with_counterpart} best sources right"


COMPARABLE = [ROOT / "corpora" / "comparable", ROOT / "corpora" / "comparable-test"]


def test_every_hand_written_gold_fits_its_corpus():
    """Each gold names every target sentence, and each counterpart by one source sentence, as mtqa splits them."""
    from scripts.check_gold import problems
    from scripts.eval_alignment import corpora

    found = corpora([TARIFF, *COMPARABLE])
    assert len(found) == 49
    assert {folder.name: wrong for folder in found if (wrong := problems(folder))} == {}


def test_alignment_of_comparable_stories_never_fitted_on(engine):
    """corpora/comparable-test: 24 invented events, 348 Portuguese sentences aligned by hand with the comparable
    English reports of each (109 with no counterpart); the second stage is fitted on corpora/comparable and NTREX.
    Measured: best source right 218/239, `none` right 79/109 (the model fitted on NTREX stand-ins: 220/239, 69/109)."""
    from collections import Counter

    from scripts.eval_alignment import Corpus, alignments, corpora, counted, verdicts

    def translate(texts, source_lang, target_lang):
        return engine.cache.translate(engine.translator, texts, source_lang, target_lang)

    counts = Counter()
    for folder in corpora(COMPARABLE[1:]):
        corpus = Corpus.read(folder)
        counts += counted(verdicts(alignments(corpus, engine.encoder, translate), corpus.counterparts))
    assert counts["with_counterpart"] == 239 and counts["without"] == 109
    assert counts["best"] / counts["with_counterpart"] >= 0.88
    assert counts["none_right"] / counts["without"] >= 0.68


def test_the_story_a_translation_translates_is_told_apart_from_comparable_reports(engine):
    """corpora/comparable-test keeps the English original of each Portuguese story (gold `original_en`): against the
    other outlets' reports no source is the original; with the original among them, that one is."""
    from scripts.eval_alignment import GOLD, Corpus, alignments, corpora

    def translate(texts, source_lang, target_lang):
        return engine.cache.translate(engine.translator, texts, source_lang, target_lang)

    found = {}
    for folder in corpora(COMPARABLE[1:]):
        corpus = Corpus.read(folder)
        target = corpus.segmented()[0]
        original = Document(f"{folder.name}/original.txt", "\n".join(json.loads((folder / GOLD).read_text())["original_en"]), "en")
        with_original = Corpus(corpus.name, corpus.target, [*corpus.sources, original], corpus.counterparts)
        found[folder.name] = (original_source(target, alignments(corpus, engine.encoder, translate)),
                              original_source(target, alignments(with_original, engine.encoder, translate)) == len(corpus.sources))
    assert len(found) == 24 and set(found.values()) == {(None, True)}


_RARITY_OF_EVERY_SENTENCE = """
import sys
from mtqa.align import Rarity, anchors, content_words
from mtqa.read import read_story
from mtqa.segment import split_sentences
texts = [s.text for p in sys.argv[1:] for s in split_sentences(read_story(p).text, "en" if "000_" not in p else "pt")]
words = [content_words(t) | anchors(t) for t in texts]
rarity = Rarity(words)
print(" ".join(rarity.weight(w).hex() for w in words))
"""


def test_the_model_was_fitted_on_the_features_mtqa_computes(engine, monkeypatch):
    """mtqa/data/alignment.json keeps a few of its fitting pairs with their features; a change to how
    features are computed must come with a refit (python scripts/calibrate_alignment.py NTREX_TSV).
    The refit computes features while the stored model is stale (a feature it lacks): they must not need it."""
    from importlib import resources

    import numpy as np

    from mtqa import align
    from mtqa.align import paired_features

    fitted = json.loads(resources.files("mtqa").joinpath("data", "alignment.json").read_text(encoding="utf-8"))
    check = fitted["fitted_features"]

    def stale_model():
        raise KeyError("a feature the stored model was not fitted on")

    monkeypatch.setattr(align, "default_model", stale_model)
    features = paired_features(engine.encoder, check["en"], check["pt"], engine.translator.translate(check["pt"], "pt", "en"))
    assert features.shape == (4, len(align.FEATURES))
    assert np.allclose(features, check["features"], atol=2e-3), "alignment features changed since the model was fitted"


def test_word_weights_do_not_depend_on_the_hash_seed():
    """Sets iterate in an order that changes with PYTHONHASHSEED; sums over them must not."""
    paths = [str(TARGET), *map(str, SOURCES)]
    runs = {subprocess.run([sys.executable, "-c", _RARITY_OF_EVERY_SENTENCE, *paths], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in range(6)}
    assert len(runs) == 1 and len(next(iter(runs)).split()) > 50
