"""A disk cache (SQLite) of translations, sentence embeddings and stories' languages, keyed by model and text.

A second run over the same stories translates and embeds nothing, and reads a batch's pool without detecting
its languages again. Several processes may share one
file: SQLite serialises the writes (WAL journal), and a value is a pure function of its key, so
whichever process writes first writes what every other would have.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS embeddings (key TEXT PRIMARY KEY, rows INTEGER NOT NULL, vectors BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS languages (key TEXT PRIMARY KEY, text TEXT NOT NULL);
"""
_BATCH = 500  # keys per SELECT, under SQLite's limit on bound parameters


def cache_key(*parts: str) -> str:
    """A fixed-length key for parts that may hold any text (unit separators keep parts apart)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class DiskCache:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=60, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def translations(self, keys: Sequence[str]) -> dict[str, str]:
        return self._texts("translations", keys)

    def put_translations(self, items: Iterable[tuple[str, str]]) -> None:
        self._put_texts("translations", items)

    def languages(self, keys: Sequence[str]) -> dict[str, str]:
        """Stories' detected languages (a pool's, detected by the first process that reads it)."""
        return self._texts("languages", keys)

    def put_languages(self, items: Iterable[tuple[str, str]]) -> None:
        self._put_texts("languages", items)

    def _texts(self, table: str, keys: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(keys), _BATCH):
            chunk = list(keys[start:start + _BATCH])
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT key, text FROM {table} WHERE key IN ({marks})", chunk))
        return found

    def _put_texts(self, table: str, items: Iterable[tuple[str, str]]) -> None:
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(f"INSERT OR IGNORE INTO {table} (key, text) VALUES (?, ?)", list(items))

    def embedding(self, key: str, dimensions: int) -> np.ndarray | None:
        row = self._db.execute("SELECT rows, vectors FROM embeddings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return np.frombuffer(row[1], dtype=np.float32).reshape(row[0], dimensions).copy()

    def put_embedding(self, key: str, vectors: np.ndarray) -> None:
        data = np.ascontiguousarray(vectors, dtype=np.float32)
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR IGNORE INTO embeddings (key, rows, vectors) VALUES (?, ?, ?)",
                             (key, int(data.shape[0]), data.tobytes()))

    def counts(self) -> dict[str, int]:
        return {table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("translations", "embeddings", "languages")}

    def close(self) -> None:
        self._db.close()
