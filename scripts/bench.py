"""Benchmark: the cold `mtqa compare` on tariff-talks against its floor, the machine translation alone.

Both are measured in this run, each as a fresh process (imports and model loading included),
so the ratio holds on any machine. Usage: python scripts/bench.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "tariff-talks"
TARGET = CORPUS / "000_6fa9fa5c9c3eee7a.txt"
SOURCES = sorted(CORPUS.glob("00[1-4]_*.txt"))

# The floor: what the comparison cannot avoid, translating the target's sentences in a cold process.
TRANSLATION_ONLY = f"""
from mtqa.read import read_story
from mtqa.segment import split_sentences
from mtqa.translate import load_translator
document = read_story({str(TARGET)!r})
sentences = [s.text for s in split_sentences(document.text, "pt", document.body_start)]
load_translator("bergamot").translate(sentences, "pt", "en")
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=os.environ | {"PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compare = [sys.executable, "-m", "mtqa", "compare", str(TARGET), *map(str, SOURCES), "--format", "json"]
    floor = [sys.executable, "-c", TRANSLATION_ONLY]
    timed(compare)  # warm the file system cache once; every timed run below is still a new process
    cli = [timed(compare) for _ in range(args.repeat)]
    translation = [timed(floor) for _ in range(args.repeat)]
    result = {
        "machine": f"{os.cpu_count()} cores",
        "repeat": args.repeat,
        "cold_cli_seconds_median": round(statistics.median(cli), 3),
        "translation_floor_seconds_median": round(statistics.median(translation), 3),
        "cli_over_floor": round(statistics.median(cli) / statistics.median(translation), 2),
        "translation_share_of_cli": round(statistics.median(translation) / statistics.median(cli), 3),
        "cli_runs": [round(t, 3) for t in cli],
        "floor_runs": [round(t, 3) for t in translation],
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
