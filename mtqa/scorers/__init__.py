"""Scorers, registered by name: each finds one kind of error and reports it as located issues."""
from __future__ import annotations

from ..errors import InputError
from . import fluency, meaning, names, negation, numbers, omission, terms, untranslated  # noqa: F401  (they register)
from .base import SCORERS, WEAK_ALONE, Pair, Scorer, Story, register

# The order they run in; ties between overlapping findings are settled in mtqa.score.
DEFAULT_SCORERS = ("names", "numbers", "terms", "meaning", "negation", "omission", "untranslated", "fluency")


def check_scorer_names(names: tuple[str, ...]) -> None:
    unknown = [n for n in names if n not in SCORERS]
    if unknown:
        raise InputError(f"unknown scorer {unknown[0]!r}; choose from {', '.join(sorted(SCORERS))}")


def load_scorers(names: tuple[str, ...] | None = None) -> list[Scorer]:
    chosen = DEFAULT_SCORERS if names is None else names
    check_scorer_names(chosen)
    return [SCORERS[n]() for n in chosen]


__all__ = ["DEFAULT_SCORERS", "SCORERS", "WEAK_ALONE", "Pair", "Scorer", "Story", "check_scorer_names", "load_scorers", "register"]
