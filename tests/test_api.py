"""The notebook API: mtqa.compare / mtqa.segments, tables, the inline view, datasets, the example notebook."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import mtqa
from mtqa.cli import main

from .conftest import ROOT, SOURCES, TARGET, TARIFF

pandas = pytest.importorskip("pandas", reason="the notebook extra is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def report():
    return mtqa.compare(TARGET, SOURCES, termbase=TARIFF / "termbase.tsv")


def test_the_api_gives_the_cli_report_byte_for_byte(report, tmp_path):
    out = tmp_path / "cli.json"
    assert main(["compare", str(TARGET), *map(str, SOURCES), "--termbase", str(TARIFF / "termbase.tsv"),
                 "--format", "json", "-o", str(out)]) == 0
    assert report.to_json() == out.read_text(encoding="utf-8")


def test_models_are_loaded_once_and_reused():
    first, second = mtqa.engine(), mtqa.engine()
    assert first is second
    encoder = first.encoder
    mtqa.compare(mtqa.story("O primeiro-ministro Shigeru Ishiba falou com repórteres em Tóquio na sexta-feira."),
                 SOURCES)
    assert mtqa.engine().encoder is encoder


def test_issues_table_has_ispibon_with_its_suggestion(report):
    issues = report.issues
    assert len(issues) == len(report.comparison.issues)
    ispibon = issues[issues.text == "Ispibon"].iloc[0]
    assert (ispibon.category, ispibon.severity, ispibon.suggestion) == ("accuracy/named-entity", "major", "Ishiba")
    assert "Ishiba" in ispibon.source and "Ispibon" in ispibon.sentence
    text = report.comparison.target.text
    assert all(text[row.start:row.end] == row.text for row in issues.itertuples())
    assert json.loads(ispibon.evidence)["source_name"] == "Ishiba"


def test_segments_table_follows_the_story(report):
    segments = report.segments
    text = report.comparison.target.text
    assert list(segments.segment) == list(range(len(report.comparison.segments)))
    assert all(text[row.start:row.end] == row.text for row in segments.itertuples())
    assert segments.issues.sum() == len(report.issues)
    assert set(segments.alignment) <= {"parallel", "partial", "none"}
    worst = segments.sort_values("penalty", ascending=False).iloc[0]
    assert worst.penalty > 0 and worst.mqm < 100


def test_inline_view_and_dataset(report):
    view = report._repr_html_()
    assert view.startswith('<div class="mtqa-review">') and ">Ispibon</mark>" in view
    dataset = report.to_dataset()
    assert dataset.num_rows == len(report.issues)
    assert "Ispibon" in dataset["text"]


def test_tables_and_datasets_keep_their_types_when_there_are_no_issues():
    clean = mtqa.segments([("The tariff on cars is 25%.", "A tarifa sobre carros é de 25%.")],
                          source_lang="en", target_lang="pt")
    wrong = mtqa.segments([("The tariff is 25%.", "A tarifa é de 52%.")], source_lang="en", target_lang="pt")
    assert clean.issues.empty and not wrong.issues.empty
    assert dict(clean.issues.dtypes) == dict(wrong.issues.dtypes)
    assert str(pandas.concat([clean.issues, wrong.issues]).dtypes["start"]) == "int64"
    assert clean.to_dataset().features == wrong.to_dataset().features
    assert wrong.to_dataset().features["start"].dtype == "int64"


def test_segments_api_scores_rows(tmp_path):
    rows = [("Japan's prime minister Shigeru Ishiba spoke to reporters on Friday.",
             "O primeiro-ministro japonês Shigeru Ispibon falou com repórteres na sexta-feira."),
            ("The tariff on cars is 25%.", "A tarifa sobre carros é de 25%.")]
    scored = mtqa.segments(rows, source_lang="en", target_lang="pt")
    table = scored.segments
    assert list(table.row) == [0, 1] and list(table.target) == [t for _, t in rows]
    assert table.score[0] < table.score[1]
    assert "Ispibon" in set(scored.issues.text)
    # a set of rows has no order of its own (string hashes are salted per process): the rows are taken sorted
    for attempt in range(100):
        given = {(f"{attempt} {source}", target) for source, target in rows}
        if list(given) != sorted(given):
            break
    assert list(given) != sorted(given)
    assert list(mtqa.segments(given, source_lang="en", target_lang="pt").segments.source) == [s for s, _ in sorted(given)]
    # a dict's items have the order they were given in: kept
    rows_as_dict = dict(reversed(rows))
    assert list(mtqa.segments(rows_as_dict.items(), source_lang="en", target_lang="pt").segments.source) == [
        s for s, _ in reversed(rows)]


def test_a_row_translated_as_nothing_but_punctuation_is_a_critical_omission():
    """WMT22 chat, pt-br -> en: the MT system answered "Boa tarde." with "." (annotated critical)."""
    rows = [("Boa tarde.", "."), ("Boa tarde.", ""), (":)", ":)"), ("Boa tarde.", "Good afternoon.")]
    scored = mtqa.segments(rows, source_lang="pt", target_lang="en")
    issues = scored.issues
    assert list(zip(issues.row, issues.category, issues.severity, issues.text)) == [
        (0, "accuracy/omission", "critical", "."), (1, "accuracy/omission", "critical", "")]
    assert "afternoon" in issues.suggestion[0].lower()
    assert list(scored.segments.score)[2:] == [100.0, 100.0]


def test_a_row_whose_source_has_no_words_is_one_addition_of_the_whole_translation():
    """A table out of line leaves a translation beside an empty source cell: every word of it is added, and the
    scorers, comparing it with nothing, would otherwise flag single words of it as mistranslated."""
    rows = [("", "O Japão concordou."), (" ", "O Japão concordou com a tarifa. "), (".", "O Japão concordou."),
            ("Japan agreed.", "O Japão concordou.")]
    issues = mtqa.segments(rows, source_lang="en", target_lang="pt").issues
    assert list(zip(issues.row, issues.category, issues.severity, issues.text)) == [
        (0, "accuracy/addition", "major", "O Japão concordou."),
        (1, "accuracy/addition", "major", "O Japão concordou com a tarifa."),
        (2, "accuracy/addition", "major", "O Japão concordou.")]


def test_a_story_that_is_not_a_path_or_document_is_refused():
    with pytest.raises(mtqa.api.InputError, match="a story is a path or a Document"):
        mtqa.compare(42, SOURCES)


def test_a_story_given_as_text_instead_of_a_path_points_to_mtqa_story():
    from mtqa.errors import InputError

    sentences = "Conseguimos progredir em discussões específicas.\nA secretária conversou com Scott Bessent."
    with pytest.raises(InputError, match=r"reads as text, not a path; .* pass mtqa\.story\(text\)"):
        mtqa.compare(sentences, SOURCES)
    with pytest.raises(InputError, match=r"no such file; for a story given as text, pass mtqa\.story\(text\)"):
        mtqa.compare(str(TARGET), ["Akazawa met Bessent in Washington."])
    with pytest.raises(InputError, match=r"no such file$"):
        mtqa.compare(str(TARIFF / "missing story.txt"), SOURCES)  # a path that is wrong is just missing


def test_a_path_longer_than_a_file_name_is_still_read_as_a_path(tmp_path):
    folder = tmp_path / ("d" * 200) / ("e" * 100)
    folder.mkdir(parents=True)
    (folder / TARGET.name).write_bytes(TARGET.read_bytes())
    assert len(str(folder / TARGET.name)) > 300
    assert (mtqa.compare(str(folder / TARGET.name), SOURCES).comparison.scores
            == mtqa.compare(str(TARGET), SOURCES).comparison.scores)


def test_the_example_notebook_runs_top_to_bottom(tmp_path):
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install -e '.[test]')")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (pip install -e '.[test]')")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install -e '.[test]')")
    notebook = nbformat.read(ROOT / "examples" / "tariff-talks.ipynb", as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "examples")}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the plot is drawn"
    assert any("Ispibon" in o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Ispibon" in outputs[-1]["data"]["text/plain"]


def test_segments_api_reads_localization_files_like_the_cli():
    scored = mtqa.segments(TARIFF / "pairs.xlf")
    assert (scored.source_lang, scored.target_lang) == ("en", "pt")
    assert [r.id for r in scored.results][:2] == ["s0", "s1"]
    assert "Ispibon" in set(scored.issues.text)


def test_the_api_checks_its_arguments_as_the_cli_does(tmp_path):
    from mtqa.errors import InputError

    refused = [
        ({"scorers": []}, "no scorer chosen"), ({"scorers": "names,spelling"}, "unknown scorer 'spelling'"),
        ({"source_lang": "English"}, "not a language code"), ({"model": "./opus-mt-pt-en"}, "models built in"),
        ({"device": "cuda"}, "takes no option 'device'"), ({"backend": "deepl"}, "unknown translation backend"),
    ]
    for arguments, message in refused:
        with pytest.raises(InputError, match=message):
            mtqa.compare(TARGET, SOURCES, **arguments)
    with pytest.raises(InputError, match="at least 1"):
        mtqa.batch(TARGET.parent, TARGET.parent, tmp_path / "out", top_k=0)
    assert not (tmp_path / "out").exists()

    # one source path is one story; scorers as one comma-separated string; language tags as people write them
    report = mtqa.compare(TARGET, SOURCES[0], scorers="names,numbers", source_lang="EN", target_lang="pt-BR")
    assert [s.path for s in report.comparison.sources] == [str(SOURCES[0])]
    assert {i.scorer for i in report.comparison.issues} <= {"names", "numbers"}
    assert report.comparison.target.lang == "pt"
    with pytest.raises(InputError, match="cannot write"):
        report.save(tmp_path / "no" / "such" / "folder" / "report.json")
    assert report.save(tmp_path / "report.json").read_text(encoding="utf-8") == report.to_json()


def test_each_backend_s_options_are_its_translator_s_keywords():
    import inspect

    from mtqa.translate import BACKEND_OPTIONS
    from mtqa.translate.bergamot import BergamotTranslator
    from mtqa.translate.transformers_backend import TransformersTranslator

    for name, translator in (("bergamot", BergamotTranslator), ("transformers", TransformersTranslator)):
        keywords = [p.name for p in inspect.signature(translator).parameters.values() if p.name != "model"]
        assert tuple(keywords) == BACKEND_OPTIONS[name]


def test_arguments_of_the_wrong_kind_are_refused_in_words(tmp_path):
    """Each is an InputError naming what was expected, never a TypeError from deep inside, nor silently used."""
    from mtqa.errors import InputError

    text = TARGET.read_text(encoding="utf-8")
    refused = [
        (lambda: mtqa.compare(TARGET, None), "sources are paths or Documents"),
        (lambda: mtqa.compare(TARGET, SOURCES, scorers=[1]), "scorers are named by strings"),
        (lambda: mtqa.compare(TARGET, SOURCES, backend=["bergamot"]), "unknown translation backend"),
        (lambda: mtqa.compare(TARGET, SOURCES, threads="two"), "whole number of at least 1"),
        (lambda: mtqa.compare(TARGET, SOURCES, termbase=5), "a termbase is a file path"),
        (lambda: mtqa.story(None), "a story is text"),
        (lambda: mtqa.story(text + "\ud800"), "lone surrogate"),
        (lambda: mtqa.story("Olá\0 mundo"), "binary"),
        (lambda: mtqa.story(text, name=None), "a story's name is a string"),
        # a keyword meant for Report.save, or misspelt, names the call's own arguments, not the backend's
        (lambda: mtqa.compare(TARGET, SOURCES, format="json"), r"compare\(\) takes no argument 'format'; it takes source_lang"),
        (lambda: mtqa.segments([("Hi.", "Oi.")], target_lagn="pt"), r"segments\(\) takes no argument 'target_lagn'"),
        (lambda: mtqa.batch(TARGET.parent, TARGET.parent, tmp_path / "out", top=2), r"batch\(\) takes no argument 'top'"),
        (lambda: mtqa.compare(TARGET, SOURCES, batch_size=2), "the bergamot backend takes no option 'batch_size'"),
        (lambda: mtqa.segments([("The tariff is 25%.", None)]), r"row 0 is not a \(source, target\) pair"),
        (lambda: mtqa.segments([("The tariff is 25%.",)]), r"row 0 is not a \(source, target\) pair"),
        (lambda: mtqa.batch(TARGET.parent, TARGET.parent, None), r"out is a path \(the folder the batch writes its outputs to\), not None"),
        (lambda: mtqa.batch(TARGET.parent, TARGET.parent, tmp_path / "out", top_k=2.5), "whole number"),
    ]
    for call, message in refused:
        with pytest.raises(InputError, match=message):
            call()
    assert not (tmp_path / "out").exists()


def test_a_report_saves_in_every_format_the_cli_writes(report, tmp_path):
    from mtqa.formats import write_comparison

    assert report.save(tmp_path / "issues.csv").read_text(encoding="utf-8") == write_comparison(report.comparison, "csv")
    assert report.save(tmp_path / "r.out", format="mqm").read_text(encoding="utf-8") == \
        write_comparison(report.comparison, "mqm")


def test_rows_may_come_as_arrays_of_a_table():
    import numpy as np

    rows = np.array([["The tariff on cars is 25%.", "A tarifa sobre carros é de 25%."]])
    scored = mtqa.segments(rows, scorers="numbers")
    assert scored.pairs == (("The tariff on cars is 25%.", "A tarifa sobre carros é de 25%."),)


def test_a_report_is_not_saved_over_its_own_story(tmp_path):
    from mtqa.errors import InputError

    story = tmp_path / "story.txt"
    story.write_bytes(TARGET.read_bytes())
    report = mtqa.compare(story, SOURCES[0], scorers="names")
    with pytest.raises(InputError, match="is one of the inputs"):
        report.save(story)
    assert story.read_bytes() == TARGET.read_bytes()


def test_the_original_is_named_by_path_position_or_document():
    from mtqa.errors import InputError

    sources = [mtqa.story(p.read_text(encoding="utf-8"), p.name) for p in SOURCES]
    named = [mtqa.compare(TARGET, SOURCES, scorers="names", original=SOURCES[1]).original,
             mtqa.compare(TARGET, SOURCES, scorers="names", original=3).original,
             mtqa.compare(TARGET, sources, scorers="names", original=sources[0]).original,
             mtqa.compare(TARGET, iter(SOURCES), scorers="names", original=str(SOURCES[2])).original,
             mtqa.compare(TARGET, SOURCES, scorers="names", original=None).original]
    assert named == [str(SOURCES[1]), str(SOURCES[3]), SOURCES[0].name, str(SOURCES[2]), None]
    for wrong, said in [(TARGET, "not one of the sources"), (4, "one of the 4 sources"), (1.5, "not float")]:
        with pytest.raises(InputError, match=said):
            mtqa.compare(TARGET, SOURCES, scorers="names", original=wrong)


def test_a_story_given_twice_is_read_once(tmp_path):
    """A file named twice (overlapping shell globs) or a copy of one: its sentences would stand beside their twins as
    candidates, the alignment listing each sentence twice."""
    from mtqa.errors import InputError

    copy = tmp_path / "copy.txt"
    copy.write_bytes(SOURCES[1].read_bytes())
    once = mtqa.compare(TARGET, SOURCES[:2], scorers="names,omission", original=1).comparison
    twice = mtqa.compare(TARGET, [SOURCES[0], SOURCES[1], str(SOURCES[1]), copy], scorers="names,omission",
                         original=copy).comparison
    assert [s.path for s in twice.sources] == [s.path for s in once.sources] == list(map(str, SOURCES[:2]))
    assert twice.warnings[:2] == (f"{SOURCES[1]}: given twice, read once",
                                  f"{copy}: the same story as {SOURCES[1]}, read once")
    assert twice.original == once.original == 1
    assert twice.segments == once.segments and twice.issues == once.issues
    # one name for two different stories (mtqa.story names every story "<text>") is no way to name the original
    stories = [mtqa.story(p.read_text(encoding="utf-8")) for p in SOURCES[:2]]
    with pytest.raises(InputError, match="names 2 different sources"):
        mtqa.compare(TARGET, stories, original="<text>")


def test_sources_given_as_a_set_are_taken_in_the_order_of_their_paths(tmp_path):
    """A set's order follows string hashes, salted afresh in every process: taken as it came, the same call gave
    three different reports under PYTHONHASHSEED 1, 2 and 3."""
    for attempt in range(100):  # names whose set, in this process, is not in their order
        copies = [tmp_path / f"{attempt}{'dcba'[number]}-{path.name}" for number, path in enumerate(SOURCES)]
        given = {str(p) for p in copies}
        if list(given) != sorted(given):
            break
    assert list(given) != sorted(given)
    for copy, path in zip(copies, SOURCES):
        copy.write_bytes(path.read_bytes())
    for sources in (given, {*map(Path, copies)}, frozenset(given)):
        report = mtqa.compare(TARGET, sources, scorers="names")
        assert [s.path for s in report.comparison.sources] == sorted(given)
    texts = {mtqa.story(p.read_text(encoding="utf-8"), p.name) for p in copies}
    assert [s.path for s in mtqa.compare(TARGET, texts, scorers="names").comparison.sources] == sorted(p.name for p in copies)


def test_a_source_file_may_be_called_detect_or_none():
    """The default (tell the original from the alignment) is no string a file could be called; "none" is the CLI's word
    for no original only when no source is called so."""
    import numpy as np

    from mtqa.api import original_position
    from mtqa.pipeline import DETECT_ORIGINAL

    assert original_position(DETECT_ORIGINAL, ["detect", "none"]) is DETECT_ORIGINAL
    assert original_position("detect", ["a.txt", "detect"]) == 1
    assert original_position("none", ["none", "b.txt"], none_word=True) == 0
    assert original_position("none", ["a.txt", "b.txt"], none_word=True) is None
    assert original_position(np.int64(1), ["a.txt", "b.txt"]) == 1


def test_a_scorer_named_twice_runs_once():
    """Found by a helper's exploratory test: --scorers names,names reported every neutral note twice."""
    from mtqa.pipeline import checked_options

    assert checked_options(scorers="names, names,numbers,names").scorers == ("names", "numbers")
    target = mtqa.story("\n".join(TARGET.read_text(encoding="utf-8").splitlines()[:3]), "target.txt")
    source = mtqa.story("\n".join(SOURCES[0].read_text(encoding="utf-8").splitlines()[:3]), "source.txt")
    once = mtqa.compare(target, [source], scorers="names")
    assert mtqa.compare(target, [source], scorers=["names", "names"]).to_json() == once.to_json()
    assert sum(issue.severity == "neutral" for issue in once.comparison.issues) > 0
