"""Writing outputs so that a reader never sees half a file: written beside, then renamed into place."""
from __future__ import annotations

import os
import re
import sys
from contextlib import suppress
from pathlib import Path

from .errors import InputError


def as_written(text: str) -> str:
    """Text as write_atomically writes it: what UTF-8 cannot hold (a lone surrogate from a file name in another
    encoding) as "?"."""
    return text.encode("utf-8", errors="replace").decode("utf-8")


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path``: through a symbolic link to the file it names, straight into a device or a pipe
    (``/dev/stdout``), and otherwise to a file beside it that is then renamed over it. Text that UTF-8 cannot hold
    (a lone surrogate from a file name in another encoding) is written as "?"."""
    payload = data.encode("utf-8", errors="replace") if isinstance(data, str) else data
    temporary = None
    try:
        descriptor = _descriptor(path)
        if descriptor is not None:  # the descriptor itself, so its offset moves as the shell that opened it expects
            with open(descriptor, "wb", closefd=False) as handle:
                handle.write(payload)
            return
        if is_stream(path) or (path.exists() and not path.is_file()):
            if path.is_dir():
                raise InputError(f"{path}: is a directory; give a file to write")
            with open(path, "ab") as handle:
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


def is_stream(path: Path) -> bool:
    """A device or an open descriptor (/dev/stdout, /dev/fd/3, /proc/self/fd/1): written into, never replaced,
    even where it leads to a regular file."""
    return str(path).startswith(("/dev/", "/proc/"))


_DESCRIPTOR = re.compile(r"/dev/(?:std(out|err)|fd/(\d+))|/proc/self/fd/(\d+)")


def _descriptor(path: Path) -> int | None:
    """The open file descriptor a path such as /dev/stdout or /dev/fd/3 names, else None."""
    match = _DESCRIPTOR.fullmatch(str(path))
    if not match:
        return None
    stream, number, proc = match.groups()
    return {"out": 1, "err": 2}[stream] if stream else int(number or proc)


def check_writable(output: str | None) -> None:
    """Before a long run: an output that could never be written is refused now, not after the work."""
    if output == "":
        raise InputError("-o was given an empty file name; give a file to write, or leave -o out for standard output")
    if output is None or output == "-":
        if sys.stdout is None:
            raise InputError("standard output is closed; write the report to a file with -o FILE")
        return
    if output.endswith(("/", os.sep)):
        raise InputError(f"{output}: names a folder; give a file to write the report to")
    folder = Path(os.path.realpath(output)).parent  # through a link, to the folder the file will be in
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
