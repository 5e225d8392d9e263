"""``mtqa segments``: pre-aligned rows in, one JSON object per row out."""
from __future__ import annotations

import json

import pytest

from mtqa.cli import main

ROWS = [
    ("Japan faces a 24% tariff rate starting in July.", "O Japão enfrenta uma tarifa de 42% a partir de julho."),
    ("The two sides agreed to hold the next ministerial meeting in mid-May.",
     "Os dois lados concordaram em realizar a próxima reunião ministerial em meados de maio."),
    ("Thanks!", ""),
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["segments", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_tsv_rows_in_jsonl_out_in_order(tmp_path, capsys):
    table = tmp_path / "pairs.tsv"
    table.write_text("source\tmt\n" + "".join(f"{s}\t{t}\n" for s, t in ROWS), encoding="utf-8")
    code, out, _ = run(capsys, str(table), "--source-column", "source", "--target-column", "mt",
                       "--source-lang", "en", "--target-lang", "pt")
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["row"] for r in results] == [0, 1, 2]
    wrong_number = [i for i in results[0]["issues"] if i["category"] == "accuracy/number"]
    assert [(i["text"], i["suggestion"]) for i in wrong_number] == [("42%", "24%")]
    assert ROWS[0][1][wrong_number[0]["start"]:wrong_number[0]["end"]] == "42%"
    assert not [i for i in results[1]["issues"] if i["severity"] in ("major", "critical")]
    assert results[2]["score"] == 0.0 and results[2]["issues"][0]["category"] == "accuracy/omission"
    assert all(0.0 <= r["score"] <= 100.0 for r in results)
    assert results[1]["score"] > results[0]["score"]


def test_csv_and_jsonl_give_the_same_rows(tmp_path, capsys):
    import csv

    with (tmp_path / "pairs.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target"])
        writer.writerows(ROWS[:2])
    (tmp_path / "pairs.jsonl").write_text(
        "".join(json.dumps({"source": s, "target": t}, ensure_ascii=False) + "\n" for s, t in ROWS[:2]), encoding="utf-8")
    outputs = [run(capsys, str(tmp_path / name), "--source-lang", "en", "--target-lang", "pt")[1]
               for name in ("pairs.csv", "pairs.jsonl")]
    assert outputs[0] == outputs[1] and len(outputs[0].splitlines()) == 2


@pytest.mark.parametrize("content, message", [
    ("source\tmt\nHello\tOlá\n", "no column 'target'"),
    ("", "empty"),
    ("source\ttarget\n", "no rows"),
])
def test_bad_tables_are_one_line_errors(tmp_path, capsys, content, message):
    table = tmp_path / "pairs.tsv"
    table.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, str(table), "--source-lang", "en", "--target-lang", "pt")
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_a_bad_json_line_is_named(tmp_path, capsys):
    table = tmp_path / "pairs.jsonl"
    table.write_text('{"source": "Hi", "target": "Oi"}\n{not json}\n', encoding="utf-8")
    code, _, err = run(capsys, str(table), "--source-lang", "en", "--target-lang", "pt")
    assert code == 2 and "line 2 is not JSON" in err
