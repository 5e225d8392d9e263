"""mtqa: find where a machine-translated story betrays its sources.

The notebook API (``mtqa.compare``, ``mtqa.segments``, ``mtqa.story``) lives in ``mtqa.api`` and is
loaded on first use, so ``import mtqa`` stays light.
"""

__version__ = "0.1.0"

_API = ("compare", "segments", "batch", "story", "engine", "Report", "SegmentsReport")
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'mtqa' has no attribute {name!r}")
