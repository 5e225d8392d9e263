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


# The keyword options each backend's translator takes (tests hold them to the constructors).
BACKEND_OPTIONS: dict[str, tuple[str, ...]] = {
    "bergamot": ("threads",),
    "transformers": ("device", "batch_size", "num_beams", "max_new_tokens", "local_files_only", "lang_codes"),
}
# Backends whose models are their own, so a ``model`` cannot be chosen.
BUILT_IN_MODELS = frozenset({"bergamot"})


def check_backend(name: str, model: str | None, options: dict[str, object]) -> None:
    """Refuse what ``name`` would not use: an unknown backend, a model it cannot load, an option it does not take."""
    if name not in BACKENDS:
        raise InputError(f"unknown translation backend {name!r}; choose from {', '.join(sorted(BACKENDS))}")
    if model and name in BUILT_IN_MODELS:
        raise InputError(f"the {name} backend has its models built in; a model is chosen with the transformers backend")
    unknown = sorted(set(options) - set(BACKEND_OPTIONS.get(name, ())))
    if unknown:
        raise InputError(f"the {name} backend takes no option {unknown[0]!r}; it takes "
                         f"{', '.join(BACKEND_OPTIONS.get(name, ())) or 'none'}")


def load_translator(name: str = DEFAULT_BACKEND, model: str | None = None, **options) -> Translator:
    """The backend registered as ``name``, loaded with ``model`` and backend ``options``."""
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise InputError(f"unknown translation backend {name!r}; choose from {', '.join(sorted(BACKENDS))}") from None
    return factory(model, **options)


__all__ = ["BACKENDS", "BACKEND_OPTIONS", "DEFAULT_BACKEND", "check_backend", "TranslationCache", "Translator", "load_translator"]
