"""Machine-translation backends, registered by name."""
from __future__ import annotations

from collections.abc import Callable

from ..errors import InputError
from .base import TranslationCache, Translator

DEFAULT_BACKEND = "bergamot"


def _bergamot(model: str | None = None, **options) -> Translator:
    from .bergamot import BergamotTranslator

    return BergamotTranslator(**options)


def _transformers(model: str | None = None, **options) -> Translator:
    from .transformers_backend import TransformersTranslator

    if not model:
        raise InputError("the transformers backend needs --model (a local directory or a hub id)")
    return TransformersTranslator(model, **options)


BACKENDS: dict[str, Callable[..., Translator]] = {
    "bergamot": _bergamot,
    "transformers": _transformers,
}


def load_translator(name: str = DEFAULT_BACKEND, model: str | None = None, **options) -> Translator:
    """The backend registered as ``name``, loaded with ``model`` and backend ``options``."""
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise InputError(f"unknown translation backend {name!r}; choose from {', '.join(sorted(BACKENDS))}") from None
    return factory(model, **options)


__all__ = ["BACKENDS", "DEFAULT_BACKEND", "TranslationCache", "Translator", "load_translator"]
