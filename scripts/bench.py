"""Benchmarks, each against a floor measured in the same run, so the ratios hold on any machine.

- cli: the cold `mtqa compare` on tariff-talks against the machine translation alone of its sentences,
  each a fresh process (imports and model loading included).
- discovery: source discovery on NTREX: each Portuguese story against the pool of all English stories, top-1.
- batch: `mtqa batch` over the NTREX Portuguese stories and the English pool, in sentences per second, against
  the machine translation alone of the same target sentences with the same backend (a fresh process each).
  Two more floors for context: both directions (every target sentence back, every pool sentence forward), and
  every sentence the batch itself sends to the engine (recorded by a one-worker batch of its own, replayed
  alone: the targets back, their sources' aligned sentences forward, the words and clauses scorers check);
  the floors and the batch take turns over --batch-repeat rounds, and their medians are compared;
  then the batch run again as it is (nothing to redo), again with its reports removed but its cache kept
  (everything rescored, nothing translated or embedded), and with one worker process.
- retrieval: index build, time per story query and peak memory at pools of 1k, 10k and 100k sentences
  (synthetic pools: NTREX English sentence vectors repeated with noise), each in a fresh process.

Usage: python scripts/bench.py [--only cli,discovery,batch,retrieval] [--repeat 3] [--batch-repeat 2] [--ntrex TSV]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "tariff-talks"
TARGET = CORPUS / "000_6fa9fa5c9c3eee7a.txt"
SOURCES = sorted(CORPUS.glob("00[1-4]_*.txt"))
sys.path.insert(0, str(ROOT / "scripts"))
from eval_injection import read_ntrex  # noqa: E402
from mtqa.batching import auto_workers  # noqa: E402

# The floor: what the comparison cannot avoid, translating the target's sentences in a cold process.
# A floor: the machine translation alone, in a fresh process, of every sentence of the given stories.
TRANSLATION_ONLY = """
from mtqa.read import read_story
from mtqa.segment import split_sentences
from mtqa.translate import load_translator
translator = load_translator("bergamot")
for path, source, target in {jobs!r}:
    document = read_story(path)
    translator.translate([s.text for s in split_sentences(document.text, source, document.body_start)], source, target)
"""


def translation_only(*groups: tuple[list[Path], str, str]) -> list[str]:
    """The floor's command for groups of (stories, source language, target language)."""
    jobs = [(str(path), source, target) for paths, source, target in groups for path in paths]
    return [sys.executable, "-c", TRANSLATION_ONLY.format(jobs=jobs)]


# What a batch asks of the engine: a one-worker batch, in its own output folder (its own cache), records every
# sentence it sends; the replay translates them alone, each direction in one call (the engine's threads share it).
RECORD_REQUESTS = """
import json, sys
import mtqa
from mtqa.translate import bergamot
asked = []
engine_translate = bergamot.BergamotTranslator.translate
def recorded(self, sentences, source, target):
    asked.extend([sentence, source, target] for sentence in sentences)
    return engine_translate(self, sentences, source, target)
bergamot.BergamotTranslator.translate = recorded
mtqa.batch(sys.argv[1], sys.argv[2], sys.argv[3], workers=1)
with open(sys.argv[4], "w", encoding="utf-8") as out:
    json.dump(asked, out)
"""
REPLAY_REQUESTS = """
import json, sys
from mtqa.translate import load_translator
translator = load_translator("bergamot")
with open(sys.argv[1], encoding="utf-8") as given:
    asked = json.load(given)
for source, target in dict.fromkeys((source, target) for _, source, target in asked):
    translator.translate([text for text, s, t in asked if (s, t) == (source, target)], source, target)
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=os.environ | {"PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def bench_cli(args) -> dict:
    compare = [sys.executable, "-m", "mtqa", "compare", str(TARGET), *map(str, SOURCES), "--format", "json"]
    floor = translation_only(([TARGET], "pt", "en"))
    timed(compare)  # warm the file system cache once; every timed run below is still a new process
    cli = [timed(compare) for _ in range(args.repeat)]
    translation = [timed(floor) for _ in range(args.repeat)]
    result = {
        "repeat": args.repeat,
        "cold_cli_seconds_median": round(statistics.median(cli), 3),
        "translation_floor_seconds_median": round(statistics.median(translation), 3),
        "cli_over_floor": round(statistics.median(cli) / statistics.median(translation), 2),
        "translation_share_of_cli": round(statistics.median(translation) / statistics.median(cli), 3),
        "cli_runs": [round(t, 3) for t in cli],
        "floor_runs": [round(t, 3) for t in translation],
    }
    return result


def bench_discovery(args) -> dict:
    from mtqa.embed import SentenceEncoder
    from mtqa.model import Document
    from mtqa.retrieve import SourceIndex
    from mtqa.segment import split_sentences

    stories = read_ntrex(Path(args.ntrex))
    encoder = SentenceEncoder()
    pool = [Document(f"{s.doc_id}.en", "\n".join(s.english), "en") for s in stories]
    index = SourceIndex.build(pool, encoder)
    right, started = 0, time.perf_counter()
    for number, story in enumerate(stories):
        text = "\n".join(story.portuguese)
        found = index.search(encoder.encode_document([x.text for x in split_sentences(text, "pt", 0)]), text)
        right += bool(found) and found[0].index == number
    return {"stories": len(stories), "pool": len(pool), "top1_right": right, "top1_accuracy": round(right / len(stories), 3),
            "target": ">= 0.95", "seconds": round(time.perf_counter() - started, 2)}


def bench_batch(args) -> dict:
    stories = read_ntrex(Path(args.ntrex))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        targets, pool, out = root / "targets", root / "pool", root / "out"
        targets.mkdir(), pool.mkdir()
        for story in stories:
            (targets / f"{story.doc_id}.txt").write_text("\n".join(story.portuguese) + "\n", encoding="utf-8")
            (pool / f"{story.doc_id}.txt").write_text("\n".join(story.english) + "\n", encoding="utf-8")
        sentences = sum(len(story.portuguese) for story in stories)
        back = sorted(targets.glob("*.txt"))
        asked = root / "asked.json"
        subprocess.run([sys.executable, "-c", RECORD_REQUESTS, str(targets), str(pool), str(root / "recorded"),
                        str(asked)], cwd=ROOT, check=True, env=os.environ | {"PYTHONPATH": str(ROOT)})
        requests = len(json.loads(asked.read_text(encoding="utf-8")))
        batch = [sys.executable, "-m", "mtqa", "batch", str(targets), str(pool), "-o", str(out)]
        # the floors and the batch take turns, each round in the same order: a machine that runs slower for a while
        # slows each of them alike, and the medians say what a round says
        runs: dict[str, list[float]] = {"floor": [], "both": [], "own": [], "batch": []}
        for _ in range(args.batch_repeat):
            shutil.rmtree(out, ignore_errors=True)
            runs["floor"].append(timed(translation_only((back, "pt", "en"))))
            # a second floor, for context: both directions, every target sentence back and every pool sentence forward
            runs["both"].append(timed(translation_only((back, "pt", "en"), (sorted(pool.glob("*.txt")), "en", "pt"))))
            runs["own"].append(timed([sys.executable, "-c", REPLAY_REQUESTS, str(asked)]))
            runs["batch"].append(timed(batch))
        floor, both, own, first = (statistics.median(runs[name]) for name in ("floor", "both", "own", "batch"))
        rerun = timed(batch)  # everything reported already: nothing to redo
        for produced in [out / "stories", out / "index.csv", out / "index.parquet", out / "index.html"]:
            shutil.rmtree(produced) if produced.is_dir() else produced.unlink()
        cached = timed(batch)
        shutil.rmtree(out)
        one = timed(batch + ["--workers", "1"])
    return {"stories": len(stories), "target_sentences": sentences, "rounds": args.batch_repeat,
            "translation_floor_seconds": round(floor, 2), "batch_seconds": round(first, 2),
            "batch_sentences_per_second": round(sentences / first, 1),
            "floor_sentences_per_second": round(sentences / floor, 1),
            "batch_over_floor": round(first / floor, 2), "target": "<= 1.3",
            "two_way_floor_seconds": round(both, 2), "batch_over_two_way_floor": round(first / both, 2),
            "sentences_the_batch_translates": requests, "own_translation_floor_seconds": round(own, 2),
            "batch_over_own_translation_floor": round(first / own, 2),
            "rerun_seconds": round(rerun, 2), "rerun_over_floor": round(rerun / floor, 3), "rerun_target": "<= 0.1",
            "rescore_from_cache_seconds": round(cached, 2), "rescore_from_cache_over_floor": round(cached / floor, 2),
            "workers": auto_workers(len(stories)), "one_worker_seconds": round(one, 2),
            "runs": {name: [round(t, 2) for t in times] for name, times in runs.items()}}


def bench_retrieval(args) -> dict:
    from mtqa.embed import SentenceEncoder

    stories = read_ntrex(Path(args.ntrex))
    encoder = SentenceEncoder()
    vectors = np.vstack([encoder.encode_document(s.english) for s in stories]).astype(np.float32)
    queries = [encoder.encode_document(s.portuguese) for s in stories[:20]]
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        np.save(Path(folder) / "vectors.npy", vectors)
        np.save(Path(folder) / "queries.npy", np.vstack(queries))
        np.save(Path(folder) / "sizes.npy", np.array([len(q) for q in queries]))
        for size in (1_000, 10_000, 100_000):
            out = subprocess.run([sys.executable, "-c", RETRIEVAL_RUN, folder, str(size)], cwd=ROOT, check=True,
                                 capture_output=True, text=True, env=os.environ | {"PYTHONPATH": str(ROOT)}).stdout
            results[size] = json.loads(out)
    small, large = results[1_000]["query_ms"], results[100_000]["query_ms"]
    return {"pools": results, "query_ms_100k_over_1k": round(large / small, 1), "pool_growth": 100,
            "sub_linear": large / small < 100}


# One pool size in a fresh process: NTREX English vectors repeated with noise up to SIZE sentences, indexed as
# mtqa indexes a pool; 20 Portuguese stories searched; peak memory from the process's own accounting.
RETRIEVAL_RUN = """
import json, resource, sys, time
from pathlib import Path
import numpy as np
import mtqa.retrieve as retrieve
folder, size = Path(sys.argv[1]), int(sys.argv[2])
base = np.load(folder / "vectors.npy")
rng = np.random.default_rng(7)
pool = np.vstack([base] * (size // len(base) + 1))[:size]
pool = pool + rng.normal(0, 0.02, pool.shape).astype(np.float32)
pool /= np.linalg.norm(pool, axis=1, keepdims=True)
start = time.perf_counter(); index = retrieve._new_index(pool.astype(np.float32)); built = time.perf_counter() - start
queries, sizes = np.load(folder / "queries.npy"), np.load(folder / "sizes.npy")
index.search(queries[:1], 16)
start = time.perf_counter()
offset = 0
for n in sizes:
    index.search(queries[offset:offset + n], 16)
    offset += n
per_query = (time.perf_counter() - start) / len(sizes)
print(json.dumps({"sentences": size, "index": type(index).__name__, "build_s": round(built, 2),
                  "query_ms": round(per_query * 1000, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""

BENCHES = {"cli": bench_cli, "discovery": bench_discovery, "batch": bench_batch, "retrieval": bench_retrieval}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="cold CLI runs (cli)")
    parser.add_argument("--batch-repeat", type=int, default=2,
                        help="rounds of the batch and its floors, each timed in turn (batch); the medians are reported")
    parser.add_argument("--only", default=",".join(BENCHES), help=f"comma-separated: {', '.join(BENCHES)}")
    parser.add_argument("--ntrex", default=str(ROOT.parent / "shared" / "eval" / "ntrex-ptbr" / "ntrex-dev.en-ptbr.tsv"))
    args = parser.parse_args()
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in BENCHES]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}")
    if args.repeat < 1 or args.batch_repeat < 1:
        parser.error("--repeat and --batch-repeat must be at least 1")
    result = {"machine": f"{os.cpu_count()} cores"}
    for name in chosen:
        result[name] = BENCHES[name](args)
        print(f"{name}: done", file=sys.stderr)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
