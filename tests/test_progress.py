from __future__ import annotations

import io

from mtqa.progress import TerminalProgress

from .conftest import Terminal


def test_progress_is_drawn_on_a_terminal_and_cleared():
    terminal = Terminal()
    progress = TerminalProgress(terminal)
    progress("scoring", 3, 12)
    assert terminal.getvalue().endswith("mtqa: scoring     [#######.......................] 3/12")
    progress.close()
    assert terminal.getvalue().endswith("\r\033[K")


def test_nothing_is_written_when_stderr_is_not_a_terminal():
    pipe = io.StringIO()
    progress = TerminalProgress(pipe)
    progress("scoring", 3, 12)
    progress.close()
    assert pipe.getvalue() == ""


def test_the_engine_reports_each_row_it_scores(engine):
    seen = []
    rows = [("The tariff on cars is 25%.", "A tarifa sobre carros é de 25%."),
            ("Talks resume in June.", "As negociações recomeçam em junho.")]
    quiet, engine.progress = engine.progress, lambda stage, done, total: seen.append((stage, done, total))
    try:
        engine.segments(rows, "en", "pt")
    finally:
        engine.progress = quiet
    assert seen == [("translating", 2, 2), ("scoring", 1, 2), ("scoring", 2, 2)]
