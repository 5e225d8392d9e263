from __future__ import annotations

import numpy as np

from mtqa.pipeline import Engine
from mtqa.read import read_story
from mtqa.report import to_json
from mtqa.store import DiskCache, cache_key

from .conftest import SOURCES, TARGET


def test_translations_vectors_and_languages_round_trip(tmp_path):
    store = DiskCache(tmp_path / "cache.sqlite")
    store.put_translations([(cache_key("a", "b"), "tradução"), (cache_key("a", "c"), "outra")])
    assert store.translations([cache_key("a", "b"), cache_key("x")]) == {cache_key("a", "b"): "tradução"}
    vectors = np.arange(6, dtype=np.float32).reshape(2, 3)
    store.put_embedding("k", vectors)
    assert np.array_equal(store.embedding("k", 3), vectors) and store.embedding("missing", 3) is None
    store.put_languages([(cache_key("language", "O acordo"), "pt")])
    assert store.languages([cache_key("language", "O acordo"), cache_key("language", "The deal")]) == {
        cache_key("language", "O acordo"): "pt"}
    assert DiskCache(tmp_path / "cache.sqlite").counts() == {"translations": 2, "embeddings": 1, "languages": 1}


def test_a_second_run_translates_and_embeds_nothing_and_reports_the_same(tmp_path, tariff_report):
    target, sources = read_story(str(TARGET)), [read_story(str(p)) for p in SOURCES]
    reports = []
    for _ in range(2):
        engine = Engine(store=DiskCache(tmp_path / "cache.sqlite"))
        reports.append(to_json(engine.compare(target, sources)))
        work = (engine.cache.translated, engine.encoder.encoded)
    assert work == (0, 0)
    assert reports[0] == reports[1] == to_json(tariff_report)
