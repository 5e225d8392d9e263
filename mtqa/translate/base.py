"""The machine-translation interface every backend implements, and the cache in front of them."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class Translator(Protocol):
    """Translates sentences one language to another; one output sentence per input sentence.

    ``name`` and ``model`` identify the backend and its model in report signatures and
    cache keys, so two backends, or two models of one backend, never share a cache entry.
    """

    name: str
    model: str

    def supports(self, source_lang: str, target_lang: str) -> bool: ...

    def translate(self, sentences: Sequence[str], source_lang: str, target_lang: str) -> list[str]: ...


class TranslationCache:
    """Translations keyed by backend, model, language pair and text, shared across calls."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, str, str, str], str] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def translate(self, translator: Translator, sentences: Sequence[str],
                  source_lang: str, target_lang: str) -> list[str]:
        def key(text: str) -> tuple[str, str, str, str, str]:
            return (translator.name, translator.model, source_lang, target_lang, text)

        missing = list(dict.fromkeys(s for s in sentences if key(s) not in self._entries))
        if missing:
            for text, out in zip(missing, translator.translate(missing, source_lang, target_lang), strict=True):
                self._entries[key(text)] = out
        return [self._entries[key(s)] for s in sentences]
