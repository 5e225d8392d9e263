"""Writing outputs so that a reader never sees half a file: written beside, then renamed into place."""
from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from .errors import InputError


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path``: through a symbolic link to the file it names, straight into a device or a pipe
    (``/dev/stdout``), and otherwise to a file beside it that is then renamed over it. Text that UTF-8 cannot hold
    (a lone surrogate from a file name in another encoding) is written as "?"."""
    payload = data.encode("utf-8", errors="replace") if isinstance(data, str) else data
    temporary = None
    try:
        if path.exists() and not path.is_file():
            if path.is_dir():
                raise InputError(f"{path}: is a directory; give a file to write")
            with open(path, "wb") as handle:
                handle.write(payload)
            return
        path = Path(os.path.realpath(path)) if path.is_symlink() else path
        temporary = path.with_name(f".{path.name}.tmp{os.getpid()}")
        temporary.write_bytes(payload)
        temporary.replace(path)
    except OSError as exc:
        if temporary is not None:
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def check_writable(output: str | None) -> None:
    """Before a long run: an output that could never be written is refused now, not after the work."""
    if not output or output == "-":
        return
    if output.endswith(("/", os.sep)):
        raise InputError(f"{output}: names a folder; give a file to write the report to")
    folder = Path(output).parent
    try:
        if not folder.is_dir():
            raise InputError(f"{output}: cannot write (no folder {folder})")
        if Path(output).is_dir():
            raise InputError(f"{output}: is a directory; give a file to write")
    except OSError as exc:
        raise InputError(f"{output}: cannot write ({exc.strerror or exc})") from None


def refuse_overwriting(output: str | None, inputs: list[str | None]) -> None:
    """An output must not land on one of the run's inputs: that would lose the input."""
    if not output or output == "-" or not os.path.exists(output):
        return
    for given in inputs:
        if given and given != "-" and os.path.exists(given) and os.path.samefile(output, given):
            raise InputError(f"{output}: is one of the inputs ({given}); give another file to write the report to")
