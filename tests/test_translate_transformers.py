"""The transformers backend, run for real on tiny random-weight models built here.

No model can be downloaded in tests, so each fixture trains a tiny tokenizer on a few sentences,
builds a one-layer model with a fixed seed, and saves both the way a hub checkpoint is laid out.
Weights are drawn wide (init_std=1.0) so that different inputs give different outputs: with
the usual 0.02 every input decodes to the same string and an ordering bug would go unseen.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from mtqa.errors import InputError  # noqa: E402
from mtqa.translate import TranslationCache, Translator, load_translator  # noqa: E402
from mtqa.translate.transformers_backend import TransformersTranslator  # noqa: E402

PT = ["o gato dorme na casa", "a casa é grande", "o cão come carne", "ela lê um livro",
      "nós vamos ao mercado amanhã de manhã", "o governo anunciou novas medidas", "a chuva caiu durante a noite",
      "o presidente falou", "os preços subiram muito este ano", "ele", "a cidade tem um novo parque",
      "o jornal publicou a notícia ontem à noite"]
EN = ["the cat sleeps in the house", "the house is big", "the dog eats meat", "she reads a book",
      "we go to the market tomorrow morning", "the government announced new measures",
      "the rain fell during the night", "the president spoke", "prices rose a lot this year", "he",
      "the city has a new park", "the newspaper published the story last night"]
TINY = {"d_model": 16, "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2,
        "decoder_attention_heads": 2, "encoder_ffn_dim": 32, "decoder_ffn_dim": 32,
        "max_position_embeddings": 512, "init_std": 1.0}
MAX_NEW_TOKENS = 20


def tiny(directory: Path, **options) -> Translator:
    """The translator for a tiny model; a random model never emits </s>, so a short cap keeps calls to milliseconds."""
    return load_translator("transformers", model=str(directory), max_new_tokens=MAX_NEW_TOKENS, **options)


def _save(directory: Path, tokenizer, model) -> Path:
    tokenizer.save_pretrained(directory)
    model.save_pretrained(directory)
    return directory


@pytest.fixture(scope="session")
def marian_dir(tmp_path_factory) -> Path:
    """A bilingual Marian model with a word-level tokenizer, as AutoTokenizer loads it."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    words = Tokenizer(models.WordLevel(unk_token="<unk>"))
    words.pre_tokenizer = pre_tokenizers.Whitespace()
    words.train_from_iterator(PT + EN, trainers.WordLevelTrainer(special_tokens=["<pad>", "</s>", "<unk>"]))
    # Marian ends every source sentence with </s>.
    eos = ("</s>", words.token_to_id("</s>"))
    words.post_processor = processors.TemplateProcessing(single="$A </s>", special_tokens=[eos])
    words.decoder = decoders.WordPiece()  # joins words with spaces
    tokenizer = transformers.PreTrainedTokenizerFast(tokenizer_object=words, pad_token="<pad>", eos_token="</s>",
                                                     unk_token="<unk>", model_max_length=64)
    torch.manual_seed(0)
    config = transformers.MarianConfig(vocab_size=len(tokenizer), pad_token_id=0, eos_token_id=1,
                                       decoder_start_token_id=0, **TINY)
    model = transformers.MarianMTModel(config)
    # As Helsinki-NLP ships it: beam search of 4, which the backend must override with its own decoding.
    model.generation_config = transformers.GenerationConfig(
        bad_words_ids=[[0]], decoder_start_token_id=0, eos_token_id=1, forced_eos_token_id=1, max_length=512,
        num_beams=4, pad_token_id=0)
    return _save(tmp_path_factory.mktemp("tiny-marian"), tokenizer, model)


@pytest.fixture(scope="session")
def nllb_dir(tmp_path_factory) -> Path:
    """An NLLB-style model: character-level NllbTokenizer with eng_Latn and por_Latn language tokens."""
    chars = sorted({c for text in PT + EN for c in text.replace(" ", "")})
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "▁": 4} | {c: 5 + i for i, c in enumerate(chars)}
    tokenizer = transformers.NllbTokenizer(vocab=vocab, merges=[], extra_special_tokens=["eng_Latn", "por_Latn"])
    torch.manual_seed(0)
    config = transformers.M2M100Config(vocab_size=len(tokenizer), pad_token_id=1, bos_token_id=0, eos_token_id=2,
                                       decoder_start_token_id=2, **TINY)
    return _save(tmp_path_factory.mktemp("tiny-nllb"), tokenizer, transformers.M2M100ForConditionalGeneration(config))


@pytest.fixture(scope="session")
def m2m_dir(tmp_path_factory) -> Path:
    """An M2M100 model: a SentencePiece tokenizer whose language tokens are __pt__, __en__, ..."""
    import sentencepiece

    source = tmp_path_factory.mktemp("m2m-source")
    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(sentence_iterator=iter(PT + EN), model_writer=model, vocab_size=30,
                                             model_type="char", minloglevel=2)
    (source / "spm.model").write_bytes(model.getvalue())
    pieces = sentencepiece.SentencePieceProcessor(model_file=str(source / "spm.model"))
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    plain = [p for p in map(pieces.id_to_piece, range(pieces.get_piece_size())) if p not in specials]
    (source / "vocab.json").write_text(json.dumps({t: i for i, t in enumerate(specials + plain)}))
    tokenizer = transformers.M2M100Tokenizer(str(source / "vocab.json"), str(source / "spm.model"))
    torch.manual_seed(0)
    # The language tokens sit after the vocabulary, and len(tokenizer) leaves them out.
    config = transformers.M2M100Config(vocab_size=max(tokenizer.lang_code_to_id.values()) + 1, pad_token_id=1,
                                       bos_token_id=0, eos_token_id=2, decoder_start_token_id=2, **TINY)
    return _save(tmp_path_factory.mktemp("tiny-m2m"), tokenizer, transformers.M2M100ForConditionalGeneration(config))


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread():
    # Tiny models gain nothing from threads, and on a busy machine OpenMP's spinning threads slow them tenfold.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def translator(marian_dir) -> Translator:
    return tiny(marian_dir)


def test_loads_through_the_registry_as_a_translator(translator):
    assert isinstance(translator, TransformersTranslator)
    assert isinstance(translator, Translator)
    assert translator.name == "transformers"


def test_one_output_per_input_in_input_order(translator):
    outputs = translator.translate(PT, "pt", "en")
    assert len(outputs) == len(PT) and all(isinstance(text, str) for text in outputs)
    assert len(set(outputs)) > len(PT) // 2, "the tiny model should tell inputs apart, or order is untested"
    assert outputs == [translator.translate([text], "pt", "en")[0] for text in PT]


def test_deterministic_across_calls(translator):
    assert translator.translate(EN, "en", "pt") == translator.translate(EN, "en", "pt")


@pytest.mark.parametrize("num_beams", [1, 2])
def test_batch_size_does_not_change_outputs(marian_dir, num_beams):
    # Mixed lengths, shuffled, so batches of 8 pad and sorting reorders.
    sentences = PT[::-1] + EN
    assert tiny(marian_dir, batch_size=1, num_beams=num_beams).translate(sentences, "pt", "en") == \
        tiny(marian_dir, batch_size=8, num_beams=num_beams).translate(sentences, "pt", "en")


def test_blank_sentences_pass_through_without_the_model(translator, monkeypatch):
    batches: list[int] = []
    generate = translator._model.generate

    def counting(**inputs):
        batches.append(len(inputs["input_ids"]))
        return generate(**inputs)

    monkeypatch.setattr(translator._model, "generate", counting)
    assert translator.translate(["", "  \n"], "pt", "en") == ["", "  \n"]
    assert batches == []
    outputs = translator.translate(["", PT[0], " "], "pt", "en")
    assert batches == [1]  # only the real sentence reached the model
    assert outputs[0] == "" and outputs[2] == " " and outputs[1] == translator.translate([PT[0]], "pt", "en")[0]
    assert translator.translate([], "pt", "en") == []


def test_cache_does_not_call_the_model_again(translator, monkeypatch):
    calls: list[list[str]] = []
    translate = translator.translate

    def counting(sentences, source_lang, target_lang):
        calls.append(list(sentences))
        return translate(sentences, source_lang, target_lang)

    monkeypatch.setattr(translator, "translate", counting)
    cache = TranslationCache()
    first = cache.translate(translator, PT[:4] + PT[:2], "pt", "en")
    assert calls == [PT[:4]]  # duplicates are translated once
    assert cache.translate(translator, PT[:4], "pt", "en") == first[:4]
    assert len(calls) == 1
    assert first[:4] == translate(PT[:4], "pt", "en")


def test_model_identifies_directory_weights_and_decoding(marian_dir, nllb_dir):
    default = load_translator("transformers", model=str(marian_dir)).model
    directory, _, tag = default.partition("@")
    assert directory == str(marian_dir.resolve()) and re.fullmatch(r"[0-9a-f]{12}", tag)
    assert load_translator("transformers", model=str(nllb_dir)).model != default
    assert tiny(marian_dir, num_beams=2).model == f"{default} beams=2 max_new_tokens={MAX_NEW_TOKENS}"


def test_rewritten_weights_change_the_model_tag(marian_dir, tmp_path):
    copy = shutil.copytree(marian_dir, tmp_path / "copy")  # copy2 keeps sizes and mtimes
    before = load_translator("transformers", model=str(copy)).model
    assert before.partition("@")[2] == load_translator("transformers", model=str(marian_dir)).model.partition("@")[2]
    weights = copy / "model.safetensors"
    weights.write_bytes(weights.read_bytes())
    assert load_translator("transformers", model=str(copy)).model != before


def test_missing_directory_is_an_input_error(tmp_path):
    missing = tmp_path / "no-model-here"
    with pytest.raises(InputError, match="model directory not found") as raised:
        load_translator("transformers", model=str(missing))
    assert str(missing) in str(raised.value) and "\n" not in str(raised.value)


def test_directory_without_a_model_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot load translation model") as raised:
        load_translator("transformers", model=str(tmp_path))
    assert "\n" not in str(raised.value)


def test_a_broken_model_folder_is_an_input_error_that_says_what_is_wrong(marian_dir, tmp_path):
    """A folder without its tokenizer ended in 'internal error: TypeError: expected str, bytes or os.PathLike
    object, not NoneType', corrupt weights in 'SafetensorError': exit 3, where a user's mistake is exit 2."""
    untokenized = tmp_path / "no-tokenizer"
    untokenized.mkdir()
    for name in ("config.json", "generation_config.json", "model.safetensors"):
        shutil.copy(marian_dir / name, untokenized / name)
    with pytest.raises(InputError, match=r"no tokenizer in the folder \(save the tokenizer with save_pretrained"):
        load_translator("transformers", model=str(untokenized))
    corrupt = tmp_path / "corrupt"
    shutil.copytree(marian_dir, corrupt)
    (corrupt / "model.safetensors").write_bytes(b"\xff" * 64)
    with pytest.raises(InputError, match=r"^cannot load translation model '.*corrupt': \w+Error: ") as raised:
        load_translator("transformers", model=str(corrupt))
    assert "\n" not in str(raised.value)
    (tmp_path / "notes").mkdir()
    with pytest.raises(InputError, match="no config.json in the folder: not a model saved with save_pretrained"):
        load_translator("transformers", model=str(tmp_path / "notes"))


def test_hub_ids_stay_offline_by_default(monkeypatch):
    dialled: list[object] = []

    def no_network(*args, **kwargs):
        dialled.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(InputError, match="local_files_only=False") as raised:
        load_translator("transformers", model="nobody/no-such-model")
    assert "\n" not in str(raised.value)
    assert dialled == []


def _unreachable_hub(monkeypatch) -> list[object]:
    """Name lookups fail, as on a machine with no network and no proxy; returns the lookups tried."""
    for name in [n for n in os.environ if n.lower().endswith("_proxy")]:
        monkeypatch.delenv(name)
    dialled: list[object] = []

    def no_network(*args, **kwargs):
        dialled.append(args)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    return dialled


def test_a_download_with_no_hub_fails_at_the_first_attempt(monkeypatch):
    """huggingface_hub retries each file five times with back-off (about 50 s before any error): one probe decides."""
    dialled = _unreachable_hub(monkeypatch)
    with pytest.raises(InputError, match=r"cannot download model 'nobody/no-such-model': https://huggingface.co "
                                         r"cannot be reached \(Name or service not known\)") as raised:
        load_translator("transformers", model="nobody/no-such-model", local_files_only=False)
    assert "\n" not in str(raised.value)
    assert len(dialled) == 1


def test_a_download_with_no_hub_loads_the_cached_model(monkeypatch, tmp_path, marian_dir):
    """A model already in the Hugging Face cache needs no Hub: allowed to download, it still loads offline."""
    from huggingface_hub import constants

    snapshot = tmp_path / "models--tiny--opus-mt-pt-en" / "snapshots" / ("0" * 40)
    shutil.copytree(marian_dir, snapshot)
    (snapshot.parent.parent / "refs").mkdir()
    (snapshot.parent.parent / "refs" / "main").write_text("0" * 40)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path))
    dialled = _unreachable_hub(monkeypatch)
    cached = load_translator("transformers", model="tiny/opus-mt-pt-en", local_files_only=False,
                             max_new_tokens=MAX_NEW_TOKENS)
    assert cached.translate(PT[:3], "pt", "en") == tiny(marian_dir).translate(PT[:3], "pt", "en")
    assert len(dialled) == 1


def test_missing_extra_is_an_input_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "transformers", None)  # makes `import transformers` raise ImportError
    with pytest.raises(InputError, match=r"pip install 'mtqa\[transformers\]'"):
        TransformersTranslator("anything")


def test_importing_mtqa_does_not_import_torch():
    code = "import sys, mtqa, mtqa.translate; sys.exit('torch' in sys.modules or 'transformers' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent).returncode == 0


def test_device_choice(marian_dir):
    assert tiny(marian_dir, device="auto").translate(["ele"], "pt", "en")
    if not torch.cuda.is_available():
        with pytest.raises(InputError, match="no CUDA GPU"):
            load_translator("transformers", model=str(marian_dir), device="cuda")
    # devices torch names but cannot run on here were a RuntimeError or AssertionError, "meta" only after loading
    with pytest.raises(InputError, match=r"^device 'meta' cannot run here \(.*\); use cpu, cuda or auto$"):
        load_translator("transformers", model=str(marian_dir), device="meta")
    if not torch.backends.mps.is_available():
        with pytest.raises(InputError, match=r"^device 'mps' cannot run here"):
            load_translator("transformers", model=str(marian_dir), device="mps")


def test_loading_draws_no_progress_bars_off_a_terminal(marian_dir, capfd):
    """transformers draws "Loading weights" bars on stderr; mtqa's stderr carries progress on a terminal only."""
    from transformers.utils import logging as transformers_logging

    assert transformers_logging.is_progress_bar_enabled()
    tiny(marian_dir)
    assert "Loading weights" not in capfd.readouterr().err and transformers_logging.is_progress_bar_enabled()


def test_bilingual_model_accepts_any_pair_unless_its_name_says(translator, marian_dir, tmp_path):
    assert translator.supports("pt", "en") and translator.supports("en", "pt")
    named = tiny(shutil.copytree(marian_dir, tmp_path / "opus-mt-pt-en"))
    assert named.supports("pt", "en") and not named.supports("en", "pt")
    with pytest.raises(InputError, match="does not translate en->pt"):
        named.translate(EN[:1], "en", "pt")


def test_nllb_codes_and_overrides(nllb_dir):
    nllb = tiny(nllb_dir)
    assert nllb.supports("pt", "en") and nllb.supports("en", "pt")
    assert not nllb.supports("pt", "de")  # in the code table, but not among this model's tokens
    to_en = nllb.translate(PT, "pt", "en")
    assert len(to_en) == len(PT) and to_en != nllb.translate(PT, "pt", "pt")  # the target token steers decoding
    with pytest.raises(InputError, match="lang_codes"):
        nllb.translate(PT, "pt", "xx")

    custom = tiny(nllb_dir, lang_codes={"xx": "por_Latn"})
    assert custom.supports("xx", "en") and custom.translate(PT, "xx", "en") == to_en


def test_m2m100_language_tokens(m2m_dir):
    m2m = tiny(m2m_dir)
    assert m2m.supports("pt", "en") and not m2m.supports("pt", "xx")
    outputs = m2m.translate(PT, "pt", "en")
    assert len(outputs) == len(PT)
    assert not any("__en__" in text for text in outputs)  # the forced target token is not part of the text


def test_the_cli_compares_through_the_transformers_backend(marian_dir, tmp_path, capsys):
    """The whole `mtqa compare` run on the tiny model: the CLI, the engine and the backend options together."""
    from mtqa.cli import main

    from .conftest import SOURCES, TARGET

    out = tmp_path / "report.json"
    argv = ["compare", str(TARGET), str(SOURCES[0]), "--backend", "transformers", "--model", str(marian_dir),
            "--batch-size", "4", "--device", "cpu", "--format", "json", "-o", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["signature"].split("|")[1].startswith("mt:transformers/")
    assert len(report["segments"]) == 14 and all(isinstance(s["translation"], str) for s in report["segments"])


def test_backend_options_are_refused_for_bergamot(capsys):
    from mtqa.cli import main

    from .conftest import SOURCES, TARGET

    assert main(["compare", str(TARGET), str(SOURCES[0]), "--batch-size", "4"]) == 2
    assert "applies to the transformers backend only" in capsys.readouterr().err
    assert main(["compare", str(TARGET), str(SOURCES[0]), "--allow-download"]) == 2
    assert capsys.readouterr().err == "mtqa: error: --allow-download applies to the transformers backend only\n"


def test_language_codes_given_through_the_api_keep_the_engine_cacheable(nllb_dir):
    from mtqa.pipeline import checked_options

    options = checked_options(backend="transformers", model=str(nllb_dir), backend_options={"lang_codes": {"xx": "por_Latn"}})
    assert hash(options) == hash(options)  # engines are kept per options: a dict inside would make them unhashable
    translator = load_translator("transformers", str(nllb_dir), **dict(options.backend_options))
    assert translator.supports("xx", "en")
