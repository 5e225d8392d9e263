"""Progress on stderr for long runs: one line redrawn in place, shown only when stderr is a terminal."""
from __future__ import annotations

import sys
from typing import Protocol, TextIO

_WIDTH = 30


class ProgressSink(Protocol):
    def __call__(self, stage: str, done: int, total: int) -> None: ...


def silent(stage: str, done: int, total: int) -> None:
    """The default: engines used from code or tests report nothing."""


class TerminalProgress:
    """``mtqa: scoring [#########.........] 120/400``, redrawn in place; nothing at all when not on a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        filled = _WIDTH * min(done, total) // total
        self.stream.write(f"\r\033[Kmtqa: {stage:<11} [{'#' * filled}{'.' * (_WIDTH - filled)}] {done}/{total}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Clear the line, so what follows on the terminal starts clean."""
        if self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn = False
