"""``python -m mtqa`` and the ``mtqa`` command: the CLI, with Ctrl-C handled from the first import on."""
from __future__ import annotations

import sys


def run() -> int:
    try:
        from .cli import main  # numpy, sacrebleu and the rest load here: a second or so
    except KeyboardInterrupt:
        print("mtqa: interrupted", file=sys.stderr)
        return 130
    return main()


if __name__ == "__main__":
    raise SystemExit(run())
