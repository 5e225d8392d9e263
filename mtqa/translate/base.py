"""The machine-translation interface every backend implements, and the cache in front of them."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from ..store import DiskCache, cache_key


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
    """Translations keyed by backend, model, language pair and text, shared across calls.

    With a ``store`` (a ``DiskCache``), what is not in memory is looked up on disk before the
    translator is asked, and every new translation is written there, for later runs and processes.
    """

    def __init__(self, store: DiskCache | None = None) -> None:
        self._entries: dict[tuple[str, str, str, str, str], str] = {}
        self.store = store
        self.translated = 0  # sentences sent to a translator (not found in memory or on disk)

    def __len__(self) -> int:
        return len(self._entries)

    def translate(self, translator: Translator, sentences: Sequence[str],
                  source_lang: str, target_lang: str) -> list[str]:
        def key(text: str) -> tuple[str, str, str, str, str]:
            return (translator.name, translator.model, source_lang, target_lang, text)

        missing = list(dict.fromkeys(s for s in sentences if key(s) not in self._entries))
        on_disk = {text: cache_key(*key(text)) for text in missing} if self.store is not None else {}
        if on_disk:
            stored = self.store.translations(list(on_disk.values()))
            self._entries.update({key(text): stored[k] for text, k in on_disk.items() if k in stored})
            missing = [text for text in missing if key(text) not in self._entries]
        if missing:
            outputs = translator.translate(missing, source_lang, target_lang)
            self.translated += len(missing)
            for text, out in zip(missing, outputs, strict=True):
                self._entries[key(text)] = out
            if self.store is not None:
                self.store.put_translations((on_disk[text], out) for text, out in zip(missing, outputs))
        return [self._entries[key(s)] for s in sentences]
