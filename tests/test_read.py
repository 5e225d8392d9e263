import codecs
import io

import pytest

from mtqa.errors import InputError
from mtqa.read import read_story

from .conftest import SOURCES, TARGET


def test_keeps_text_exactly_and_skips_metadata_prefix():
    document = read_story(str(SOURCES[0]))
    raw = SOURCES[0].read_text(encoding="utf-8")
    assert document.text == raw
    assert document.metadata == (("date", "2025-05-03"),)
    assert document.text[document.body_start:].startswith('"We further deepened')


def test_story_without_metadata_starts_at_zero():
    document = read_story(str(TARGET))
    assert document.metadata == () and document.body_start == 0


def test_reads_stdin():
    document = read_story("-", stdin=io.BytesIO("Olá, mundo.".encode()))
    assert document.path == "<stdin>" and document.text == "Olá, mundo."


def test_utf16_with_a_byte_order_mark_is_read():
    for encoding in ("utf-16", "utf-16-be"):
        data = ("\ufeff" if encoding == "utf-16-be" else "") + "Ação e reação no café.\r\nOutra frase."
        assert read_story("-", stdin=io.BytesIO(data.encode(encoding))).text == "Ação e reação no café.\r\nOutra frase."


def test_bom_is_dropped():
    document = read_story("-", stdin=io.BytesIO(b"\xef\xbb\xbfHello there."))
    assert document.text == "Hello there."


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (codecs.BOM_UTF8 + "\u00a0\n".encode("utf-8"), "empty"),  # a mark and a no-break space
    ("\u200b\u200d.\n".encode("utf-8"), "no words"),  # zero-width characters and a full stop
    (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20, "binary"),
    # an x86-64 ELF header and program header, zeros on both sides: a program, not UTF-16
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x03\x00\x3e\x00\x01\x00\x00\x00\x30\x6d\x00\x00\x00\x00\x00\x00"
     b"\x40" + b"\x00" * 7 + b"\x28\x23\x02" + b"\x00" * 9 + b"\x40\x00\x38\x00\x0d\x00\x40\x00\x1f\x00\x1e\x00"
     b"\x06\x00\x00\x00\x04" + b"\x00" * 3 + b"\x40" + b"\x00" * 7 + b"\x40" + b"\x00" * 7, "binary"),
    ("Ação e reação. ".encode("utf-8") * 1000 + b"\x00\x01\x02", "binary"),  # a NUL past the first 8 KB
    ("Ação e reação no café.".encode("latin-1"), "not valid UTF-8 (byte 0xe7 at offset 1); convert it first, "
                                                 "e.g. iconv -f latin1 -t utf-8"),
    # saved by a Windows tool: curly quotes and a dash, which Latin-1 reads as unprinted control characters
    ("Ele disse \u201cnão\u201d \u2013 duas vezes.".encode("cp1252"), "(byte 0x93 at offset 10); convert it first, "
                                                                  "e.g. iconv -f cp1252 -t utf-8"),
    (bytes(range(0x80, 0x100)) * 3 + bytes(range(1, 0x80)), "binary"),  # every byte but NUL: text in no encoding
    (b" date 2025-05-03 \n", "no story text"),
    ("Ação e reação".encode("utf-8")[:-2], "ends inside a character (truncated?)"),
    ("Ação e reação no café.".encode("utf-16-le"), "UTF-16 text without a byte-order mark; convert it to UTF-8 "
                                                   "first, e.g. iconv -f utf-16le"),
    ("Ação e reação no café.".encode("utf-16-be"), "iconv -f utf-16be"),
    (codecs.BOM_UTF16_LE + "Ação".encode("utf-16-le")[:-1], "does not decode as UTF-16"),
])
def test_bad_input_is_refused_with_one_line(data, message):
    with pytest.raises(InputError) as error:
        read_story("-", stdin=io.BytesIO(data))
    assert message in str(error.value) and "\n" not in str(error.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_story(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_story(str(tmp_path))


def test_manifest_matches_the_corpus():
    import json

    from .conftest import TARIFF

    manifest = json.loads((TARIFF / "manifest.json").read_text(encoding="utf-8"))
    for story in manifest["stories"]:
        document = read_story(str(TARIFF / story["file"]))
        assert dict(document.metadata).get("date") == story["date"]
