"""Writing outputs so that a reader never sees half a file: written beside, then renamed into place."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError


def write_atomically(path: Path, data: str | bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        if isinstance(data, bytes):
            temporary.write_bytes(data)
        else:
            temporary.write_text(data, encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
