"""Reading stories from files or stdin, keeping the text exactly as read."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .model import Document

STDIN = "-"

# Wire exports sometimes open with a metadata prefix such as " date 2025-05-03 " before the prose.
_METADATA_PREFIX = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*(?:\r?\n)?")
# Control characters that never occur in prose; a file made of them is not a story.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode_story(data: bytes, name: str) -> str:
    """UTF-8 text of ``data`` (a leading BOM dropped), or an InputError saying why not."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: this looks like a binary file, not a UTF-8 text story")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{byte:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
    if len(_BINARY_CONTROLS.findall(text[:8192])) > 8:
        raise InputError(f"{name}: this looks like a binary file, not a UTF-8 text story")
    return text


def story_from_text(text: str, path: str) -> Document:
    """A Document over ``text``, with any metadata prefix recorded and skipped by ``body_start``."""
    match = _METADATA_PREFIX.match(text)
    if not match:
        return Document(path=path, text=text)
    return Document(path=path, text=text, metadata=(("date", match.group(1)),), body_start=match.end())


def read_story(path: str, stdin: BinaryIO | None = None) -> Document:
    """Read one story from ``path``, or from standard input when ``path`` is ``-``."""
    if path == STDIN:
        data = (stdin or sys.stdin.buffer).read()
        name = "<stdin>"
    else:
        file = Path(path)
        if not file.exists():
            raise InputError(f"{path}: no such file")
        if file.is_dir():
            raise InputError(f"{path}: is a directory, not a text file")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        name = path
    document = story_from_text(decode_story(data, name), name)
    if not document.text[document.body_start:].strip():
        raise InputError(f"{name}: the file holds metadata but no story text")
    return document
