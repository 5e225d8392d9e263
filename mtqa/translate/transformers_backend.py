"""Any Hugging Face seq2seq translation model (MarianMT, NLLB, M2M100), run locally with transformers.

Bergamot covers en<->pt with tiny models only; this backend lets a user bring a stronger model,
or one for other languages. It is offline by default: a hub id resolves only from the local
Hugging Face cache unless the user passes ``local_files_only=False``, so an evaluation never
downloads gigabytes behind the user's back. torch and transformers are imported when a translator
is built, so ``import mtqa`` works without the ``transformers`` extra.

Decoding is greedy (``num_beams=1``) with a fixed token cap, and sentences are batched sorted by
length: a sentence's translation then does not depend on which sentences shared its batch, and
batches carry little padding. These settings override the model's own generation config
(Helsinki-NLP ships beam search of 4 or 6): pass ``num_beams`` for beam search.

Languages arrive as ISO 639-1 codes. Multilingual tokenizers (those with ``src_lang``) take the
model's own codes: NLLB's ``por_Latn`` from the table below, M2M100's ``pt`` as is, and anything
in ``lang_codes`` first. A bilingual Marian model cannot tell us its pair, so we read it from a
Helsinki-NLP style name (``opus-mt-pt-en``) and otherwise accept any pair: the user chose the model.
"""
from __future__ import annotations

import hashlib
import logging
import re
import socket
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import InputError

# ISO 639-1 -> NLLB (FLORES-200) codes; other languages come in through ``lang_codes``.
NLLB_CODES = {
    "ar": "arb_Arab", "de": "deu_Latn", "en": "eng_Latn", "es": "spa_Latn", "fr": "fra_Latn",
    "hi": "hin_Deva", "it": "ita_Latn", "ja": "jpn_Jpan", "nl": "nld_Latn", "pl": "pol_Latn",
    "pt": "por_Latn", "ru": "rus_Cyrl", "tr": "tur_Latn", "uk": "ukr_Cyrl", "zh": "zho_Hans",
}
# opus-mt-pt-en, opus-mt-tc-big-en-pt; two-letter codes only, as opus-mt-mul-en names a language group.
_OPUS_PAIR = re.compile(r"opus-mt-(?:.+-)?([a-z]{2})-([a-z]{2})/?$")
_WEIGHT_SUFFIXES = (".safetensors", ".bin")
# One connection attempt tells whether the Hub can be reached; huggingface_hub's own retries take ~23 s a file.
_HUB_PROBE_SECONDS = 5.0
# Fixed rather than scaled to the batch's longest input, so no sentence's output depends on its batch.
_DEFAULT_MAX_NEW_TOKENS = 256


def _import_extra() -> tuple[ModuleType, ModuleType]:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise InputError(f"the transformers backend needs {exc.name or 'torch and transformers'}: "
                         "install the extra: pip install 'mtqa[transformers]'") from None
    return torch, transformers


def _looks_like_path(model: str) -> bool:
    return model.startswith(("/", ".", "~")) or model.count("/") > 1 or "\\" in model


def _one_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@contextmanager
def _hub_offline(offline: bool) -> Iterator[None]:
    """Holds huggingface_hub offline: given ``local_files_only`` alone, 2.x still calls the Hub to build headers."""
    from huggingface_hub import constants

    saved = constants.HF_HUB_OFFLINE
    constants.HF_HUB_OFFLINE = saved or offline
    # a failed download retries with a warning a line (22 lines before the error); the error alone is said, once
    loggers = [logging.getLogger(name) for name in ("huggingface_hub", "transformers")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    # progress bars ("Loading weights") are drawn on a terminal only, as mtqa's own are
    from transformers.utils import logging as transformers_logging

    hidden = transformers_logging.is_progress_bar_enabled() and not getattr(sys.stderr, "isatty", lambda: False)()
    if hidden:
        transformers_logging.disable_progress_bar()
    try:
        yield
    finally:
        constants.HF_HUB_OFFLINE = saved
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
        if hidden:  # only what was turned off here is turned back on: a notebook's own settings stay
            transformers_logging.enable_progress_bar()


def _weights_tag(transformers: ModuleType, model: str) -> str:
    """The hub commit for a cached hub model; for a local directory, a hash of its config and weight files' stats.

    Hashing the weights themselves would read gigabytes at start-up; size and mtime change whenever
    the weights are rewritten, and a false difference only costs a cache miss.
    """
    config = Path(transformers.utils.cached_file(model, "config.json", local_files_only=True))
    if config.parent.parent.name == "snapshots":
        return config.parent.name[:12]
    digest = hashlib.sha256(config.read_bytes())
    for weights in sorted(p for p in config.parent.iterdir() if p.name.endswith(_WEIGHT_SUFFIXES)):
        stat = weights.stat()
        digest.update(f"{weights.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def _load(transformers: ModuleType, model: str, local_files_only: bool) -> tuple[str, Any, Any, str]:
    """(model as identified, tokenizer, model, weights tag), or InputError with the reason on one line."""
    local = Path(model).expanduser()
    if local.is_dir():
        model = str(local.resolve())
    elif _looks_like_path(model):
        raise InputError(f"model directory not found: {model}")
    unreachable = None if local_files_only or local.is_dir() else _hub_unreachable()
    offline = local_files_only or unreachable is not None  # no Hub: what the cache holds loads, at once
    try:
        with _hub_offline(offline):
            tokenizer = transformers.AutoTokenizer.from_pretrained(model, local_files_only=offline)
            network = transformers.AutoModelForSeq2SeqLM.from_pretrained(model, local_files_only=offline)
        with _hub_offline(True):
            return model, tokenizer, network, _weights_tag(transformers, model)
    except (OSError, ValueError) as exc:
        if unreachable is not None:
            raise InputError(f"cannot download model {model!r}: {unreachable}, and the model is not in the "
                             "Hugging Face cache") from None
        if local_files_only and not local.is_dir():
            raise InputError(f"model {model!r} is neither a local directory nor in the Hugging Face cache; "
                             "pass local_files_only=False (--allow-download) to download it") from None
        raise InputError(f"cannot load translation model {model!r}: {_why_not_loaded(local, exc)}") from None
    except Exception as exc:  # a folder missing its tokenizer, weights that are not safetensors: never a traceback
        raise InputError(f"cannot load translation model {model!r}: {_why_not_loaded(local, exc)}") from None


_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "source.spm", "spiece.model", "sentencepiece.bpe.model",
                    "vocab.json")


def _why_not_loaded(local: Path, exc: Exception) -> str:
    """What a folder lacks, where that is why it did not load; else the library's own first line."""
    if local.is_dir() and not (local / "config.json").exists():
        return "no config.json in the folder: not a model saved with save_pretrained"
    if local.is_dir() and not any((local / name).exists() for name in _TOKENIZER_FILES):
        return "no tokenizer in the folder (save the tokenizer with save_pretrained beside the model)"
    return f"{type(exc).__name__}: {_one_line(exc)}"


def _hub_unreachable() -> str | None:
    """Why the Hub cannot be reached, from one connection attempt; None when it can, or when a proxy decides."""
    from urllib.parse import urlsplit
    from urllib.request import getproxies

    from huggingface_hub import constants

    if getproxies():
        return None
    endpoint = urlsplit(constants.ENDPOINT)
    try:
        port = endpoint.port or (80 if endpoint.scheme == "http" else 443)
        with socket.create_connection((endpoint.hostname or "", port), timeout=_HUB_PROBE_SECONDS):
            return None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        return f"{constants.ENDPOINT} cannot be reached ({reason})"


def _pick_device(torch: ModuleType, device: str) -> Any:
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(f"device {device!r} requested, but torch sees no CUDA GPU")
    try:
        chosen = torch.device(device)
    except RuntimeError:
        raise InputError(f"unknown torch device {device!r}; use cpu, cuda or auto") from None
    try:  # a device torch names but this build or machine cannot run on (mps, xpu, meta) fails here, not mid-run
        (torch.zeros(1, device=chosen) + 1).item()
    except Exception as exc:
        raise InputError(f"device {device!r} cannot run here ({_one_line(exc)}); use cpu, cuda or auto") from None
    return chosen


class TransformersTranslator:
    """A seq2seq translation model loaded once; ``translate`` batches, generates and restores input order."""

    name = "transformers"

    def __init__(self, model: str, *, device: str = "cpu", batch_size: int = 16, num_beams: int = 1,
                 max_new_tokens: int = _DEFAULT_MAX_NEW_TOKENS, local_files_only: bool = True,
                 lang_codes: Mapping[str, str] | Sequence[tuple[str, str]] | None = None) -> None:
        torch, transformers = _import_extra()
        self._torch = torch
        self._device = _pick_device(torch, device)
        model, self._tokenizer, self._model, tag = _load(transformers, model, local_files_only)
        # float32 everywhere: checkpoints stored in half precision run slowly or not at all on CPU.
        self._model.to(self._device, torch.float32).eval()
        self.batch_size = max(1, batch_size)
        self.num_beams = max(1, num_beams)
        self.max_new_tokens = max_new_tokens
        # Our decoding replaces the checkpoint's (Helsinki-NLP ships beams of 4); its max_length would
        # only clash with max_new_tokens.
        self._model.generation_config.update(num_beams=self.num_beams, do_sample=False,
                                             max_new_tokens=max_new_tokens, max_length=None)
        # Decoding settings change outputs, so non-default ones belong in cache keys and signatures.
        self.model = f"{model}@{tag}"
        if self.num_beams != 1:
            self.model += f" beams={self.num_beams}"
        if max_new_tokens != _DEFAULT_MAX_NEW_TOKENS:
            self.model += f" max_new_tokens={max_new_tokens}"
        self._multilingual = hasattr(self._tokenizer, "src_lang")
        known = NLLB_CODES if self._token_id("eng_Latn") is not None else {}
        self._codes = {**known, **dict(lang_codes or {})}  # a mapping, or its (code, model code) pairs
        opus = None if self._multilingual else _OPUS_PAIR.search(model)
        self._pair = opus.groups() if opus else None
        self._lock = threading.Lock()  # the tokenizer's src_lang is shared state

    def _code(self, lang: str) -> str:
        return self._codes.get(lang, lang)

    def _token_id(self, code: str) -> int | None:
        """The id of a language token, or None where the tokenizer does not know the language."""
        get_lang_id = getattr(self._tokenizer, "get_lang_id", None)
        if get_lang_id is not None:  # M2M100: the code is "pt", its token "__pt__"
            try:
                return get_lang_id(code)
            except KeyError:
                return None
        token_id = self._tokenizer.convert_tokens_to_ids(code)
        return None if token_id in (None, self._tokenizer.unk_token_id) else token_id

    def supports(self, source_lang: str, target_lang: str) -> bool:
        if self._multilingual:
            return all(self._token_id(self._code(lang)) is not None for lang in (source_lang, target_lang))
        return self._pair is None or self._pair == (source_lang, target_lang)

    def translate(self, sentences: Sequence[str], source_lang: str, target_lang: str) -> list[str]:
        if not self.supports(source_lang, target_lang):
            raise InputError(f"model {self.model} does not translate {source_lang}->{target_lang}"
                             + ("; map the codes with lang_codes" if self._multilingual else ""))
        results = list(sentences)
        todo = sorted((i for i, text in enumerate(sentences) if text.strip()), key=lambda i: len(sentences[i]))
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start:start + self.batch_size]
            outputs = self._generate([sentences[i] for i in batch], source_lang, target_lang)
            for i, text in zip(batch, outputs, strict=True):
                results[i] = text
        return results

    def _generate(self, texts: list[str], source_lang: str, target_lang: str) -> list[str]:
        target: dict[str, int | None] = {}
        with self._lock, self._torch.inference_mode():
            if self._multilingual:
                self._tokenizer.src_lang = self._code(source_lang)
                target["forced_bos_token_id"] = self._token_id(self._code(target_lang))
            inputs = self._tokenizer(texts, return_tensors="pt", padding=True, truncation=True,
                                     return_token_type_ids=False).to(self._device)
            generated = self._model.generate(**inputs, **target)
        if target:
            # transformers 5 does not register M2M100's language tokens as special, so decoding would keep "__en__".
            generated = generated.masked_fill(generated == target["forced_bos_token_id"], self._tokenizer.pad_token_id)
        return self._tokenizer.batch_decode(generated, skip_special_tokens=True)
