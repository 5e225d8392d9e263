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
_COUNTS = ("threads", "batch_size", "num_beams", "max_new_tokens")  # options that are a whole number, at least 1


def _check_option(backend: str, name: str, value: object) -> None:
    if name in _COUNTS and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InputError(f"the {backend} backend's {name} must be a whole number of at least 1, not {value!r}")
    if name == "device" and not isinstance(value, str):
        raise InputError(f"the {backend} backend's device must be a name such as cpu, cuda or auto, not {value!r}")
    if name == "local_files_only" and not isinstance(value, bool):
        raise InputError(f"the {backend} backend's local_files_only must be True or False, not {value!r}")
    if name == "lang_codes" and not (isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str)
                                                                     for k, v in value.items())):
        raise InputError(f"the {backend} backend's lang_codes must map language codes to the model's codes (str to str)")


# Backends whose models are their own, so a ``model`` cannot be chosen.
BUILT_IN_MODELS = frozenset({"bergamot"})


def checked_backend(name: str, model: str | None, options: dict[str, object]) -> dict[str, object]:
    """The backend's options, as the engine keeps them; refused: an unknown backend, a model it cannot load, an
    option it does not take or a value of the wrong kind."""
    if not isinstance(name, str) or name not in BACKENDS:
        raise InputError(f"unknown translation backend {name!r}; choose from {', '.join(sorted(BACKENDS))}")
    if model is not None and not isinstance(model, str):
        raise InputError(f"a model is named by a local directory or a hub id (a string), not {model!r}")
    if model and name in BUILT_IN_MODELS:
        raise InputError(f"the {name} backend has its models built in; a model (--model) is chosen with the "
                         "transformers backend")
    unknown = sorted(set(options) - set(BACKEND_OPTIONS.get(name, ())))
    if unknown:
        raise InputError(f"the {name} backend takes no option {unknown[0]!r}; it takes "
                         f"{', '.join(BACKEND_OPTIONS.get(name, ())) or 'none'}")
    for option, value in options.items():
        _check_option(name, option, value)
    if isinstance(options.get("lang_codes"), dict):  # as pairs, so that options stay hashable (engines are keyed by them)
        return {**options, "lang_codes": tuple(sorted(options["lang_codes"].items()))}
    return options


def load_translator(name: str = DEFAULT_BACKEND, model: str | None = None, **options) -> Translator:
    """The backend registered as ``name``, loaded with ``model`` and backend ``options``."""
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise InputError(f"unknown translation backend {name!r}; choose from {', '.join(sorted(BACKENDS))}") from None
    return factory(model, **options)


__all__ = ["BACKENDS", "BACKEND_OPTIONS", "DEFAULT_BACKEND", "checked_backend", "TranslationCache", "Translator", "load_translator"]
