"""Localization files in (XLIFF 1.2/2.0, TMX) and tables out (CSV/TSV, MQM TSV, WMT QE spans)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from mtqa.cli import main
from mtqa.errors import InputError
from mtqa.formats import read_mqm_tsv, to_mqm_tsv, units_of_comparison
from mtqa.read import read_table

from .conftest import TARIFF, one_line_error

PAIRS = TARIFF / "pairs.xlf"
ISHIBA_EN = ('While constructive, in-depth discussions were held, "we\'re in no situation where we can find common '
             'ground as of this moment," Ishiba said.')
ISHIBA_PT = ('"Ainda não estamos no ponto em que podemos encontrar um terreno comum", disse hoje o primeiro -ministro '
             'japonês Ispibon, cumprimentando a discussão "positiva e construtiva".')

XLIFF2 = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US" trgLang="pt-BR">
 <file id="f1">
  <unit id="ishiba">
   <segment id="1"><source>{ISHIBA_EN}</source><target>{ISHIBA_PT}</target></segment>
  </unit>
  <unit id="cars">
   <segment id="a"><source>The tariff on <pc id="1">cars</pc> is 25%.</source>
                   <target>A tarifa sobre <pc id="1">carros</pc> é de 25%.<ph id="2"/></target></segment>
   <segment id="b"><source>Talks resume in June.</source></segment>
  </unit>
 </file>
</xliff>
"""

TMX = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
 <header srclang="en-US" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="test" creationtoolversion="1" o-tmf="none"/>
 <body>
  <tu tuid="41"><tuv xml:lang="en-US"><seg>{ISHIBA_EN}</seg></tuv><tuv xml:lang="pt-BR"><seg>{ISHIBA_PT}</seg></tuv></tu>
  <tu tuid="42"><tuv xml:lang="pt-BR"><seg>A tarifa é de <bpt i="1">&lt;b&gt;</bpt>25%<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
                <tuv xml:lang="en-US"><seg>The tariff is 25%.</seg></tuv></tu>
 </body>
</tmx>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<xliff version="1.2"><file source-language="en" target-language="pt"><body>
<trans-unit id="1"><source>&lol2;</source><target>x</target></trans-unit></body></file></xliff>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&secret;</seg></tuv></tu></body></tmx>
"""


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_xliff_12_units_keep_their_ids_and_languages():
    table = read_table(str(PAIRS))
    assert (table.source_lang, table.target_lang) == ("en", "pt")
    assert len(table.rows) == len(table.ids) == 11 and table.ids[:3] == ("s0", "s1", "s2")
    assert table.rows[0][1].startswith('"Conseguimos progredir')
    assert table.rows[0][0].startswith("“We were able to have concrete discussions")


def test_xliff_20_segments_inline_codes_and_missing_targets(tmp_path):
    table = read_table(_write(tmp_path, "story.xliff", XLIFF2))
    assert (table.source_lang, table.target_lang) == ("en", "pt")
    assert table.ids == ("ishiba", "cars/a", "cars/b")
    assert table.rows[1] == ("The tariff on cars is 25%.", "A tarifa sobre carros é de 25%.")
    assert table.rows[2] == ("Talks resume in June.", "")  # not translated yet: scored as an omission


def test_tmx_units_with_a_doctype_and_native_codes(tmp_path):
    table = read_table(_write(tmp_path, "memory.tmx", TMX))
    assert (table.source_lang, table.target_lang, table.ids) == ("en", "pt", ("41", "42"))
    assert table.rows[1] == ("The tariff is 25%.", "A tarifa é de 25%.")


@pytest.mark.parametrize("name, text, message", [
    ("bomb.xlf", BILLION_LAUGHS, "refused: the XML declares entities"),
    ("secret.tmx", EXTERNAL_ENTITY, "refused: the XML declares entities"),
    ("broken.xlf", "<xliff version='1.2'><file><body><trans-unit>", "not well-formed XML"),
    ("other.xlf", "<html><body/></html>", "not a XLIFF file"),
    ("empty.xlf", "<xliff version='1.2'><file source-language='en'><body/></file></xliff>", "no translation units"),
    ("nothing.xlf", "", "nothing.xlf: the file is empty$"), ("blank.tmx", " \n", "blank.tmx: the file is empty$"),
    ("nosource.xlf", "<xliff version='1.2'><file><body><trans-unit id='7'><target>x</target></trans-unit></body></file></xliff>",
     "trans-unit 7 has no <source>"),
    ("nolang.tmx", "<tmx version='1.4'><header srclang='en'/><body><tu><tuv><seg>The talks went well.</seg></tuv>"
     "<tuv><seg>As conversas correram bem.</seg></tuv></tu></body></tmx>", r"nolang.tmx: .* <tuv> elements have no xml:lang"),
    ("untranslated.tmx", "<tmx version='1.4'><header srclang='en'/><body><tu><tuv xml:lang='en'><seg>The talks went "
     "well.</seg></tuv></tu></body></tmx>", "untranslated.tmx: the translation units hold en text only.*--target-lang"),
])
def test_bad_and_hostile_localization_files_are_one_line_errors(tmp_path, name, text, message):
    with pytest.raises(InputError, match=message):
        read_table(_write(tmp_path, name, text))


def test_cli_refuses_an_xml_bomb_with_exit_2(tmp_path, capsys):
    one_line_error(capsys, ["segments", _write(tmp_path, "bomb.xlf", BILLION_LAUGHS)], "refused")


@pytest.fixture(scope="module")
def scored_pairs(tmp_path_factory):
    """The tariff-talks XLIFF through the CLI, as JSON Lines, MQM TSV and QE spans."""
    folder = tmp_path_factory.mktemp("formats")
    outputs = {}
    for fmt in ("jsonl", "mqm", "qe", "csv"):
        out = folder / f"out.{fmt}"
        assert main(["segments", str(PAIRS), "--format", fmt, "-o", str(out)]) == 0
        outputs[fmt] = out.read_text(encoding="utf-8")
    return outputs


def _graded(records: list[dict]) -> set[tuple[str, int, int, str]]:
    return {(r["id"], i["start"], i["end"], i["severity"]) for r in records for i in r["issues"]
            if i["severity"] != "neutral"}


def test_xliff_in_mqm_tsv_out_round_trips(scored_pairs):
    table = read_table(str(PAIRS))
    units = dict(zip(table.ids, table.rows))
    records = [json.loads(line) for line in scored_pairs["jsonl"].splitlines()]
    assert [r["id"] for r in records] == list(table.ids)
    mqm = read_mqm_tsv(scored_pairs["mqm"])
    assert {row["seg_id"] for row in mqm} == set(table.ids)
    for row in mqm:
        source, target = units[row["seg_id"]]
        assert (row["source"], row["target"]) == (source, target)
    spans = {(row["seg_id"], row["start"], row["end"], row["severity"].lower()) for row in mqm if "start" in row}
    assert spans == _graded(records)
    at = units["s5"][1].index("Ispibon")
    assert ("s5", at, at + len("Ispibon"), "major") in spans
    texts = {(r["id"], i["start"], i["end"]): i["text"] for r in records for i in r["issues"]}
    for row in mqm:
        if "start" in row:
            spanned = units[row["seg_id"]][1][row["start"]:row["end"]]
            assert spanned == texts[(row["seg_id"], row["start"], row["end"])]
    clean = [row for row in mqm if row["category"] == "No-error"]
    assert all(row["severity"] == "No-error" and "<v>" not in row["target"] for row in clean)


def test_qe_spans_and_csv_tables(scored_pairs):
    records = {r["id"]: r for r in map(json.loads, scored_pairs["jsonl"].splitlines())}
    lines = scored_pairs["qe"].splitlines()
    assert lines[0].split("\t") == ["doc", "seg_id", "target", "start_indices", "end_indices", "severities"]
    for line in lines[1:]:
        _, unit, target, starts, ends, severities = line.split("\t")
        graded = [i for i in records[unit]["issues"] if i["severity"] != "neutral"]
        if not graded:
            assert (starts, ends, severities) == ("-1", "-1", "no-error")
            continue
        assert starts.split() == [str(i["start"]) for i in graded]
        assert ends.split() == [str(i["end"]) for i in graded]
        assert severities.split() == [{"critical": "major"}.get(i["severity"], i["severity"]) for i in graded]
    rows = list(csv.DictReader(io.StringIO(scored_pairs["csv"])))
    assert len(rows) == sum(max(1, len(r["issues"])) for r in records.values())
    ispibon = next(row for row in rows if row["text"] == "Ispibon")
    assert (ispibon["id"], ispibon["category"], ispibon["suggestion"]) == ("s5", "accuracy/named-entity", "Ishiba")


def test_a_comparison_as_mqm_tsv_marks_sentence_spans(tariff_report):
    units = units_of_comparison(tariff_report)
    assert [u.target for u in units] == [r.segment.text for r in tariff_report.segments]
    rows = read_mqm_tsv(to_mqm_tsv(units))
    ispibon = [row for row in rows if "start" in row and row["target"][row["start"]:row["end"]] == "Ispibon"]
    assert len(ispibon) == 1 and ispibon[0]["category"] == "Accuracy/Named-entity"


def test_a_tmx_in_three_languages_asks_which_is_the_target(tmp_path):
    from mtqa.errors import InputError
    from mtqa.read import read_table

    tmx = tmp_path / "three.tmx"
    tmx.write_text('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Talks resume</seg></tuv>'
                   '<tuv xml:lang="fr"><seg>Les négociations reprennent</seg></tuv><tuv xml:lang="pt-BR"><seg>As '
                   "negociações recomeçam</seg></tuv></tu></body></tmx>", encoding="utf-8")
    with pytest.raises(InputError, match="hold en and fr, pt; say which is the target with --target-lang"):
        read_table(str(tmx))
    assert read_table(str(tmx), target_lang="pt").rows == (("Talks resume", "As negociações recomeçam"),)


def test_csv_records_are_one_line_even_where_a_unit_id_holds_a_line_break(tmp_path, capsys):
    """A unit id with a tab or line break ran over three lines of CSV; tsv, mqm and qe flattened it."""
    path = _write(tmp_path, "ids.xlf", _xliff12(
        '<trans-unit id="x&#9;y&#10;z"><source>The tariff is 25%.</source><target>A tarifa é de 27%.</target></trans-unit>'))
    assert main(["segments", path, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and next(csv.reader(lines[1:]))[1] == "x y z"


def test_tsv_reports_are_one_line_a_record_and_read_back_as_written(tmp_path, capsys):
    """Line breaks of any kind (CRLF, U+2028) become spaces, offsets kept; quotes stay literal both ways."""
    from mtqa.cli import main
    from mtqa.read import read_rows

    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"source": 'The tariff is 25% and "talks" end in June.',
                                "target": 'A tarifa é de 27%\r\ne as "negociações"\u2028terminam em junho.'}) + "\n",
                    encoding="utf-8")
    assert main(["segments", str(rows), "--source-lang", "en", "--target-lang", "pt", "--format", "tsv"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = lines[0].split("\t")
    records = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
    assert all(len(line.split("\t")) == len(header) for line in lines)
    assert any(r["text"] == "27%" for r in records)
    for record in records:
        assert record["target"][int(record["start"]):int(record["end"])] == record["text"]
    written = tmp_path / "report.tsv"
    written.write_text(out, encoding="utf-8")
    assert read_rows(str(written), "source", "target")[0] == (
        'The tariff is 25% and "talks" end in June.', 'A tarifa é de 27%  e as "negociações" terminam em junho.')


def _xliff12(body: str, files: str = "") -> str:
    return ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a.txt" '
            f'source-language="en" target-language="pt-BR" datatype="plaintext"><body>{body}</body></file>{files}</xliff>')


def test_inline_codes_left_out_part_words_and_leave_one_space(tmp_path):
    """A placeholder or line break still parts the words around it; a code between spaces leaves one space;
    a code that declares its text reads as that text; paired formatting codes join what they enclose."""
    table = read_table(_write(tmp_path, "codes.xlf", _xliff12(
        '<trans-unit id="ph"><source>Text with <ph id="1">{0}</ph> placeholder.</source>'
        '<target>Texto com <ph id="1">{0}</ph> marcador.</target></trans-unit>'
        '<trans-unit id="lb"><source>Line one<x id="2" ctype="lb"/>Line two.</source>'
        '<target>Linha um<x id="2" ctype="lb"/>Linha dois.</target></trans-unit>'
        '<trans-unit id="eq"><source>Pay<x id="3" equiv-text=" 5 "/>now.</source><target>Pague<x id="3"/>já.</target></trans-unit>'
        '<trans-unit id="b"><source>un<bpt id="4">&lt;b&gt;</bpt>believ<ept id="4">&lt;/b&gt;</ept>able</source>'
        '<target>in<bx id="5"/>críve<ex id="5"/>l</target></trans-unit>')))
    assert table.rows == (("Text with placeholder.", "Texto com marcador."), ("Line one Line two.", "Linha um Linha dois."),
                          ("Pay 5 now.", "Pague já."), ("unbelievable", "incrível"))
    beside = read_table(_write(tmp_path, "beside.xlf", _xliff12(
        '<trans-unit id="p"><source>Hello<ph id="1">{n}</ph>! (<x id="2"/>) 50<x id="3"/>%</source>'
        '<target>Olá<ph id="1">{n}</ph>! (<x id="2"/>) 50<x id="3"/>%</target></trans-unit>'
        '<trans-unit id="two"><source>Click <x id="1"/> <x id="2"/> here.</source>'
        '<target>Clique <x id="1"/> <x id="2"/> aqui.</target></trans-unit>'
        # a line break parts the text after a sign too: "24%tariff" gave a false mistranslation of "tarifa"
        '<trans-unit id="sign"><source>a 24%<x id="4" ctype="lb"/>tariff</source>'
        '<target>uma tarifa de 24%<x id="4" ctype="lb"/>(provisória)</target></trans-unit>')))
    assert beside.rows == (("Hello! () 50%", "Olá! () 50%"), ("Click here.", "Clique aqui."),
                           ("a 24% tariff", "uma tarifa de 24% (provisória)"))
    xliff2 = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="pt-BR">'
              '<file id="f1"><unit id="u1"><segment><source>Text<ph id="1" equiv=" "/>more.</source>'
              '<target>Texto<ph id="1" equiv=" "/>mais.</target></segment></unit>'
              '<unit id="u2"><segment><source>Hello <ph id="2"/> world.</source><target>Olá <ph id="2"/> mundo.</target>'
              '</segment></unit><unit id="u3"><segment><source>Go<ph id="3"/>now</source>'
              '<target>Vá<sc id="4"/><ph id="3"/><ec startRef="4"/>agora</target></segment></unit></file></xliff>')
    assert read_table(_write(tmp_path, "codes2.xlf", xliff2)).rows == (
        ("Text more.", "Texto mais."), ("Hello world.", "Olá mundo."), ("Go now", "Vá agora"))


def test_a_placeholder_between_words_is_no_whitespace_error(tmp_path, capsys):
    path = _write(tmp_path, "ph.xlf", _xliff12(
        '<trans-unit id="ph"><source>The tariff on <ph id="1">%s</ph> cars is 25%.</source>'
        '<target>A tarifa sobre <ph id="1">%s</ph> carros é de 25%.</target></trans-unit>'))
    assert main(["segments", path, "--format", "jsonl"]) == 0
    (record,) = map(json.loads, capsys.readouterr().out.splitlines())
    assert not [i for i in record["issues"] if i["category"] == "fluency/whitespace"], record["issues"]


def test_translate_no_is_inherited_from_groups_and_files(tmp_path):
    unit = '<trans-unit id="{0}"><source>Keep this sentence.</source><target>Keep this sentence.</target></trans-unit>'
    table = read_table(_write(tmp_path, "group.xlf", _xliff12(
        f'<group id="g" translate="no">{unit.format("legal")}<group id="inner">{unit.format("deeper")}</group></group>'
        f'<group id="h" translate="no"><trans-unit id="yes" translate="yes"><source>Hello.</source><target>Olá.</target>'
        f'</trans-unit></group>{unit.format("free")}')))
    assert table.ids == ("yes", "free")
    xliff2 = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="pt">'
              '<file id="a" translate="no"><unit id="brand"><segment><source>Acme</source><target>Acme</target></segment>'
              '</unit></file><file id="b"><group id="g" translate="no"><unit id="x"><segment><source>X</source></segment>'
              '</unit></group><unit id="u1"><segment><source>Hello.</source><target>Olá.</target></segment></unit></file></xliff>')
    assert read_table(_write(tmp_path, "group2.xlf", xliff2)).ids == ("b/u1",)


def test_several_files_prefix_ids_and_must_share_languages(tmp_path, capsys):
    second = ('<file original="b.txt" source-language="en" target-language="pt-BR"><body><trans-unit id="1">'
              '<source>Good morning.</source><target>Bom dia.</target></trans-unit></body></file>')
    first = '<trans-unit id="1"><source>Hello world.</source><target>Olá mundo.</target></trans-unit>'
    assert read_table(_write(tmp_path, "two.xlf", _xliff12(first, second))).ids == ("a.txt/1", "b.txt/1")
    spanish = second.replace('target-language="pt-BR"', 'target-language="es"').replace("Bom dia.", "Buenos días.")
    with pytest.raises(InputError, match=r"<file> elements declare different target-languages \(pt, es\); mtqa scores "
                                         r"one language pair a run: give --target-lang to score one's units, or split"):
        read_table(_write(tmp_path, "mixed.xlf", _xliff12(first, spanish)))
    with pytest.raises(InputError, match=r"^--source-column applies to tables \(TSV, CSV, JSONL\); the units of an XLIFF"):
        read_table(str(tmp_path / "two.xlf"), source_column="en")
    given = read_table(_write(tmp_path, "given.xlf", _xliff12(first, spanish)), target_lang="pt")
    # the Spanish file's units were scored as Portuguese: only the Portuguese file's are, the rest said once
    assert (given.target_lang, given.ids, given.rows) == ("pt", ("a.txt/1",), (("Hello world.", "Olá mundo."),))
    assert given.warnings == (f"{tmp_path / 'given.xlf'}: left out 1 of 2 units, those of <file> elements whose "
                              "target-language is es, not pt (--target-lang)",)
    with pytest.raises(InputError, match=r"declare the target-languages es, pt; none is fr \(--target-lang\)$"):
        read_table(str(tmp_path / "given.xlf"), target_lang="fr")
    assert main(["segments", str(tmp_path / "given.xlf"), "--target-lang", "pt", "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 and err == f"warning: {given.warnings[0]}\n"
    import mtqa

    assert mtqa.segments(tmp_path / "given.xlf", target_lang="pt").warnings == given.warnings
    undeclared = second.replace(' target-language="pt-BR"', "")
    table = read_table(_write(tmp_path, "undeclared.xlf", _xliff12(first, undeclared)))
    assert (table.source_lang, table.target_lang, table.ids) == ("en", "pt", ("a.txt/1", "b.txt/1"))


def test_a_tmx_unit_with_two_variants_of_the_target_is_refused(tmp_path):
    tmx = ('<tmx version="1.4"><header srclang="en"/><body><tu tuid="t1"><tuv xml:lang="en"><seg>The tariff rose.</seg>'
           '</tuv><tuv xml:lang="pt-BR"><seg>A tarifa subiu.</seg></tuv><tuv xml:lang="pt-PT"><seg>{}</seg></tuv></tu>'
           '</body></tmx>')
    with pytest.raises(InputError, match="unit t1 holds two different pt texts"):
        read_table(_write(tmp_path, "variants.tmx", tmx.format("A tarifa subiu muito.")))
    assert read_table(_write(tmp_path, "same.tmx", tmx.format("A tarifa subiu."))).rows == (
        ("The tariff rose.", "A tarifa subiu."),)
    chinese = tmx.replace("</tu>", '<tuv xml:lang="zh-CN"><seg>关税上涨了。</seg></tuv>'
                                   '<tuv xml:lang="zh-TW"><seg>關稅上漲了。</seg></tuv></tu>')
    assert read_table(_write(tmp_path, "other.tmx", chinese.format("A tarifa subiu.")), target_lang="pt").rows == (
        ("The tariff rose.", "A tarifa subiu."),)  # variants of a language not scored are no concern


def test_json_lines_end_at_line_feeds_only(tmp_path):
    rows = "\r\n".join(json.dumps({"source": "He said: peace.", "target": f"Ele disse:{mark}paz."}, ensure_ascii=False)
                        for mark in ("\u2028", "\x85", "\u2029"))
    table = read_table(_write(tmp_path, "rows.jsonl", rows))
    assert [target for _, target in table.rows] == ["Ele disse:\u2028paz.", "Ele disse:\x85paz.", "Ele disse:\u2029paz."]


def test_qe_spans_grade_a_critical_error_major(tmp_path, capsys):
    path = _write(tmp_path, "untranslated.xlf", _xliff12(
        '<trans-unit id="u1"><source>Good morning, everyone.</source></trans-unit>'))
    assert main(["segments", path, "--format", "jsonl"]) == 0
    assert [i["severity"] for i in json.loads(capsys.readouterr().out)["issues"]] == ["critical"]
    assert main(["segments", path, "--format", "qe"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split("\t")[-1] == "major"


def test_a_row_holding_a_nul_character_is_refused(tmp_path, capsys):
    path = _write(tmp_path, "nul.jsonl", json.dumps({"source": "A\u0000B.", "target": "A\u0000B."}))
    one_line_error(capsys, ["segments", path, "--source-lang", "en", "--target-lang", "pt"], "row 0 holds a NUL character")


@pytest.mark.parametrize("name, text, expected", [
    # an unquoted comma splits the sentence: scoring its first cells would score the wrong text and drop the rest
    ("commas.csv", "source,target\nThe tariff, which is high, is 25%.,A tarifa, que é alta, é de 52%.\n",
     "row 0 (line 2) has 6 cells where the header has 2; a comma inside a cell that is not quoted?"),
    ("tabs.tsv", "source\ttarget\nThe tariff is 25%.\tA tarifa é\tde 52%.\n",
     "row 0 (line 2) has 3 cells where the header has 2; a tab inside a cell?"),
    ("short.tsv", "source\ttarget\nHi.\tOi.\nBye.\n", "row 1 (line 3) has 1 cell where the header has 2; is a cell missing?"),
    ("number.jsonl", '{"source": "Hi.", "target": "Oi."}\n\n{"source": "Yes.", "target": 5}\n',
     "row 1 (line 3) has a number, not text, in 'target'"),
    ("null.jsonl", '{"source": null, "target": "Oi."}\n', "row 0 (line 1) has null, not text, in 'source'"),
    ("missing.jsonl", '{"source": "Hi.", "target": "Oi."}\n{"source": "Yes."}\n', "row 1 (line 2) has no 'target'"),
], ids=["unquoted-comma", "tab-in-cell", "missing-cell", "number", "null", "missing-key"])
def test_a_row_that_does_not_fit_the_header_is_refused_by_its_number_and_line(tmp_path, capsys, name, text, expected):
    path = _write(tmp_path, name, text)
    one_line_error(capsys, ["segments", path, "--source-lang", "en", "--target-lang", "pt"], expected)


def test_a_quoted_comma_stays_inside_its_cell(tmp_path):
    path = _write(tmp_path, "quoted.csv", 'source,target\n"The tariff, which is high, is 25%.","A tarifa, que é alta, é de 52%."\n')
    assert read_table(path).rows == (("The tariff, which is high, is 25%.", "A tarifa, que é alta, é de 52%."),)
