"""Source discovery: which stories of a pool report what a translated story reports.

Every sentence of every pool story is embedded once (cross-lingual sentence encoder, so a
Portuguese sentence finds its English counterparts directly) and put in a faiss index: exact
inner product for small pools, an HNSW graph from ``_GRAPH_FROM`` sentences on, so a query costs
far less than a scan of 100,000 sentences. A translated story asks for the nearest pool sentences
of each of its sentences; a pool story scores by how many of the target's sentences find a close
counterpart in it, plus the names and figures the two share (copied across languages as they
are: "Ishiba", "24%"). The best ``top_k`` stories within ``_RELATIVE_FLOOR`` of the best score are
the story's sources.

The index is written to a folder with the pool's fingerprint and reused while the pool and the
encoder are unchanged.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .embed import DIMENSIONS, SentenceEncoder
from .errors import InputError
from .model import Document
from .progress import ProgressSink, silent
from .segment import split_sentences

_GRAPH_FROM = 5_000  # pool sentences from which an HNSW graph replaces the exact index
_GRAPH_LINKS = 32
_GRAPH_BUILD_DEPTH = 80
_GRAPH_SEARCH_DEPTH = 96
_GRAPH_STEP = 5_000  # sentences linked into the graph between two progress reports (100,000 take about 30 s)
_NEIGHBOURS = 16  # pool sentences fetched per target sentence
_CLOSE = 0.45  # cosine above which a pool sentence counts as a counterpart
_SHARED_WEIGHT = 0.5  # weight of shared names and figures against the counterpart share
_NEARNESS_WEIGHT = 0.1  # weight of the mean best similarity, a tie-breaker between equal counts
_RELATIVE_FLOOR = 0.6  # a story below this share of the best score is not a source
_TOKEN = re.compile(r"\b(?:[A-ZÀ-Ý][\w'’-]{2,}|\d[\d.,]*%?)")


@dataclass(frozen=True)
class Candidate:
    index: int  # into the pool
    score: float
    counterparts: float  # share of the target's sentences with a close counterpart in this story
    shared: float  # share of the target's names and figures this story also has


def _faiss():
    try:
        import faiss
    except ImportError:
        raise InputError("source discovery needs faiss: pip install 'mtqa[batch]'") from None
    return faiss


class SourceIndex:
    def __init__(self, documents: Sequence[Document], rows: np.ndarray, index, fingerprint: str) -> None:
        self.documents = tuple(documents)
        self.rows = rows  # pool story of each indexed sentence
        self.index = index
        self.fingerprint = fingerprint
        self._tokens = [_names_and_figures(d.text[d.body_start:]) for d in self.documents]

    @classmethod
    def build(cls, documents: Sequence[Document], encoder: SentenceEncoder, folder: Path | None = None,
              progress: ProgressSink = silent) -> SourceIndex:
        """The index of ``documents`` (each with its language set), read from ``folder`` when it holds this pool's;
        ``progress`` hears of each story embedded, then of the sentences linked into a graph."""
        fingerprint = pool_fingerprint(documents, encoder)
        if folder is not None and (folder / "pool.json").exists():
            stored = json.loads((folder / "pool.json").read_text(encoding="utf-8"))
            if stored.get("fingerprint") == fingerprint:
                faiss = _faiss()
                return cls(documents, np.load(folder / "rows.npy"), faiss.read_index(str(folder / "pool.faiss")),
                           fingerprint)
        vectors, rows = [], []
        for number, document in enumerate(documents):
            sentences = [s.visible_text for s in split_sentences(document.text, document.lang, document.body_start)]
            if sentences:
                vectors.append(encoder.encode_document(sentences))
                rows += [number] * len(sentences)
            progress("indexing", number + 1, len(documents))
        matrix = np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, DIMENSIONS), np.float32)
        index = _new_index(matrix, progress)
        built = cls(documents, np.asarray(rows, dtype=np.int64), index, fingerprint)
        if folder is not None:
            built.save(folder)
        return built

    def save(self, folder: Path) -> None:
        faiss = _faiss()
        folder.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self.index, str(folder / "pool.faiss"))
        np.save(folder / "rows.npy", self.rows)
        (folder / "pool.json").write_text(json.dumps({"fingerprint": self.fingerprint,
                                                      "stories": [d.path for d in self.documents]}), encoding="utf-8")

    def search(self, sentence_vectors: np.ndarray, text: str, top_k: int = 4, not_in: str | None = None,
               excluded: frozenset[int] = frozenset(),
               comparable: Callable[[str], bool] | None = None) -> list[Candidate]:
        """The pool stories that best match a story's sentences, best first; none in the language ``not_in``
        (the story's own: a pool may hold the translations too) and none of ``excluded`` (the story itself).

        With ``comparable`` (whether the story can be compared with sources in a language), only stories
        in such a language, and all in one: the best one's. A pool may hold several languages; a
        comparison reads its sources in one."""
        if len(sentence_vectors) == 0 or self.index.ntotal == 0:
            return []
        similarities, hits = self.index.search(np.ascontiguousarray(sentence_vectors, np.float32),
                                               min(_NEIGHBOURS, self.index.ntotal))
        close = np.zeros(len(self.documents))
        nearness = np.zeros(len(self.documents))  # summed best similarity: breaks ties between equal counts
        for row_similarities, row_hits in zip(similarities, hits):
            seen = set()
            for similarity, hit in zip(row_similarities, row_hits):  # best first
                story = int(self.rows[hit]) if hit >= 0 else -1
                if story >= 0 and story not in seen:
                    seen.add(story)
                    nearness[story] += float(similarity)
                    close[story] += similarity >= _CLOSE
        counterparts = close / len(sentence_vectors)
        tokens = _names_and_figures(text)
        candidates = []
        for story in np.flatnonzero(counterparts > 0):
            lang = self.documents[story].lang
            if story in excluded or (not_in and lang == not_in) or (comparable and not comparable(lang)):
                continue
            shared = len(tokens & self._tokens[story]) / len(tokens) if tokens else 0.0
            score = (float(counterparts[story]) + _SHARED_WEIGHT * shared
                     + _NEARNESS_WEIGHT * nearness[story] / len(sentence_vectors))
            candidates.append(Candidate(int(story), round(float(score), 6), float(counterparts[story]), shared))
        candidates.sort(key=lambda c: (-c.score, self.documents[c.index].path))
        if not candidates:
            return []
        if comparable:
            lang = self.documents[candidates[0].index].lang
            candidates = [c for c in candidates if self.documents[c.index].lang == lang]
        floor = candidates[0].score * _RELATIVE_FLOOR
        return [c for c in candidates[:top_k] if c.score >= floor]


def _new_index(matrix: np.ndarray, progress: ProgressSink = silent):
    """The faiss index of ``matrix``'s rows; a graph is linked ``_GRAPH_STEP`` rows at a time, each step reported."""
    faiss = _faiss()
    graph = len(matrix) >= _GRAPH_FROM
    if graph:
        index = faiss.IndexHNSWFlat(DIMENSIONS, _GRAPH_LINKS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = _GRAPH_BUILD_DEPTH
        index.hnsw.efSearch = _GRAPH_SEARCH_DEPTH
    else:
        index = faiss.IndexFlatIP(DIMENSIONS)
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # one thread builds the same graph every time
    try:
        if graph:
            for start in range(0, len(matrix), _GRAPH_STEP):
                index.add(matrix[start:start + _GRAPH_STEP])
                progress("linking", min(start + _GRAPH_STEP, len(matrix)), len(matrix))
        else:
            index.add(matrix)
    finally:
        faiss.omp_set_num_threads(threads)
    return index


def pool_fingerprint(documents: Sequence[Document], encoder: SentenceEncoder) -> str:
    digest = hashlib.sha256(f"{encoder.name}-{encoder.version}|{_GRAPH_FROM}|{_GRAPH_STEP}".encode())
    for document in documents:
        digest.update(b"\x1e" + document.path.encode() + b"\x1f" + document.lang.encode() + b"\x1f"
                      + document.text.encode())
    return digest.hexdigest()


def _names_and_figures(text: str) -> frozenset[str]:
    return frozenset(token.rstrip(".,").lower() for token in _TOKEN.findall(text))
