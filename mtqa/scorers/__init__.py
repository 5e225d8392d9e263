"""Scorers, registered by name: each finds one kind of error and reports it as located issues."""
from __future__ import annotations

import importlib

from ..errors import InputError
from .base import SCORERS, Pair, Scorer, Story, register

_MODULES = ("names", "numbers", "terms", "meaning", "omission", "untranslated", "fluency")


def _load_modules() -> None:
    for module in _MODULES:
        try:
            importlib.import_module(f"{__name__}.{module}")
        except ModuleNotFoundError as exc:  # a scorer module not written yet
            if exc.name != f"{__name__}.{module}":
                raise


_load_modules()
DEFAULT_SCORERS = tuple(name for name in _MODULES if name in SCORERS)


def load_scorers(names: tuple[str, ...] | None = None) -> list[Scorer]:
    chosen = DEFAULT_SCORERS if names is None else names
    unknown = [n for n in chosen if n not in SCORERS]
    if unknown:
        raise InputError(f"unknown scorer {unknown[0]!r}; choose from {', '.join(sorted(SCORERS))}")
    return [SCORERS[n]() for n in chosen]


__all__ = ["DEFAULT_SCORERS", "SCORERS", "Pair", "Scorer", "Story", "load_scorers", "register"]
