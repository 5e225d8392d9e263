from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

try:  # CI explores the same examples every run: a red build is never luck; locally, new ones each time
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, database=None)
    settings.load_profile("ci" if os.environ.get("CI") else "default")
except ImportError:
    pass

ROOT = Path(__file__).resolve().parent.parent
TARIFF = ROOT / "corpora" / "tariff-talks"
TARGET = TARIFF / "000_6fa9fa5c9c3eee7a.txt"
SOURCES = sorted(p for p in TARIFF.glob("00[1-4]_*.txt"))


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so progress is drawn on it."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="session")
def engine():
    from mtqa.pipeline import Engine

    return Engine()


@pytest.fixture(scope="session")
def tariff_report(engine):
    from mtqa.read import read_story

    return engine.compare(read_story(str(TARGET)), [read_story(str(p)) for p in SOURCES])


def one_line_error(capsys, argv, expected):
    """The CLI refuses ``argv`` the way a user should meet it: exit 2, one line on stderr, no traceback."""
    from mtqa.cli import main

    assert main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert expected in err and "\n" not in err and "Traceback" not in err and captured.out == ""
    return err
