"""Writing outputs so that a reader never sees half a file: written beside, then renamed into place."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path``: through a symbolic link to the file it names, straight into a device or a pipe
    (``/dev/stdout``), and otherwise to a file beside it that is then renamed over it."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and not path.is_file():
        if path.is_dir():
            raise InputError(f"{path}: is a directory; give a file to write")
        _write_in_place(path, payload)
        return
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        temporary.write_bytes(payload)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None


def _write_in_place(path: Path, payload: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(payload)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None


def refuse_overwriting(output: str | None, inputs: list[str | None]) -> None:
    """An output must not land on one of the run's inputs: that would lose the input."""
    if not output or output == "-" or not os.path.exists(output):
        return
    for given in inputs:
        if given and given != "-" and os.path.exists(given) and os.path.samefile(output, given):
            raise InputError(f"{output}: is one of the inputs ({given}); give another file to write the report to")
