"""Tokens and BM25: the folded field, whole document codes, rank-bm25 as the oracle."""
from __future__ import annotations

import math

import pytest
from rank_bm25 import BM25Okapi

from index.lexical import BM25Field
from index.text import Restorer, codes, folded_tokens, is_english, word_tokens


def test_word_tokens_keep_codes_whole():
    assert word_tokens("Sở Thông tin và Truyền thông chủ trì theo Nghị định số 107/2021/ND-CP.") == [
        "sở", "thông_tin", "và", "truyền_thông", "chủ_trì", "theo", "nghị_định", "số", "107/2021/nđ-cp"]
    assert word_tokens("Nghị quyết 39/NQ-TW") == ["nghị_quyết", "39-nq/tw"]


def test_folded_tokens():
    assert folded_tokens("Tinh giản biên chế, Đề án 966/ĐA-UBND") == ["tinh", "gian", "bien", "che", "de", "an",
                                                                      "966/da-ubnd"]
    assert folded_tokens("tinh gian bien che") == folded_tokens("TINH GIẢN BIÊN CHẾ")


def test_one_spelling_per_word():
    """Both spellings are correct Vietnamese; corpus/ itself writes "hàng năm" 13 times and "hằng năm" once."""
    assert word_tokens("báo cáo hằng năm") == word_tokens("báo cáo hàng năm") == ["báo_cáo", "hàng", "năm"]
    assert word_tokens("Hằng quý, quản lý") == ["hàng", "quí", "quản_lí"] == word_tokens("hàng quí, quản lí")
    assert word_tokens("kỹ thuật, tỷ lệ, quy định") == ["kĩ_thuật", "tỉ_lệ", "qui_định"]
    assert word_tokens("hằng số, thủy lợi, huy động, Ủy ban") == ["hằng_số", "thủy_lợi", "huy_động", "ủy_ban"]
    assert folded_tokens("quan ly hang nam") == ["quan", "li", "hang", "nam"] == folded_tokens("quản lí hằng năm")
    assert folded_tokens("thuy, huy, quy") == ["thuy", "huy", "qui"]


def test_codes_in_text():
    assert codes("theo 107/2021/nđ-cp và 39/NQ-TW, ngày 15/12/2024, 38/59 đầu việc") == ["107/2021/nđ-cp", "39-nq/tw"]


def test_restorer_uses_the_archive_vocabulary():
    r = Restorer()
    r.add("Tăng cường thực hiện cơ chế một cửa, một cửa liên thông")
    r.add("tinh giản biên chế")
    assert r.restore("mot cua lien thong") == "một cửa liên thông"
    assert r.restore("tinh gian bien che") == "tinh giản biên chế"
    assert r.restore("xyz cua") == "xyz cửa"


def test_restorer_reads_the_whole_run_not_pair_by_pair():
    # "cho cai" is a pair the archive writes ("cho cai nghiện"); taken first, it left "cach" without "cải"
    r = Restorer()
    r.add("Hỗ trợ kinh phí cho cai nghiện ma túy tại cộng đồng.")
    r.add("Đẩy mạnh cải cách hành chính; bố trí kinh phí cho cải cách hành chính và cải cách thủ tục.")
    r.add("Đẩy mạnh cải cách hành chính.")
    assert r.restore("kinh phi cho cai cach hanh chinh") == "kinh phí cho cải cách hành chính"
    assert r.restore("ho tro cho cai nghien") == "hỗ trợ cho cai nghiện"


def test_english_detection():
    assert is_english("who is in charge of reforming administrative procedures?")
    assert not is_english("mot cua lien thong")
    assert not is_english("Sở nào chủ trì?")


class LuceneOkapi(BM25Okapi):
    """rank-bm25's scoring with Lucene's idf, log(1 + (N - df + 0.5) / (df + 0.5)), which bm25s uses.

    Lucene also drops Okapi's constant (k1 + 1) factor from the term weight, so scores differ by it.
    """

    def _calc_idf(self, nd):
        self.idf = {w: math.log(1 + (self.corpus_size - f + 0.5) / (f + 0.5)) for w, f in nd.items()}


CORPUS = [
    "Sở Nội vụ chủ trì tinh giản biên chế".split(),
    "Sở Tư pháp chủ trì cải cách thể chế".split(),
    "Văn phòng Ủy ban nhân dân tỉnh chủ trì cải cách thủ tục hành chính".split(),
    "cơ chế một cửa một cửa liên thông".split(),
    "Sở Nội vụ phối hợp với Sở Tài chính".split(),
]


@pytest.mark.parametrize("query", [["Sở", "Nội", "vụ"], ["cải", "cách"], ["một", "cửa"], ["chủ", "trì", "xyz"]])
def test_bm25_scores_match_rank_bm25(query):
    ours = BM25Field(k1=1.2, b=0.75)
    ours.build(CORPUS)
    oracle = LuceneOkapi(CORPUS, k1=1.2, b=0.75)
    expected = [s / (1.2 + 1) for s in oracle.get_scores(query)]
    assert ours.scores(query).tolist() == pytest.approx(expected, rel=1e-5)


def test_bm25_unknown_words_and_empty_index():
    f = BM25Field()
    f.build(CORPUS)
    assert f.scores(["không", "có"]).tolist() == [0.0] * 5
    empty = BM25Field()
    empty.build([])
    assert empty.scores(["a"]).tolist() == []


def test_restorer_counts_marked_forms_by_fold_in_first_seen_order():
    import pickle
    from collections import Counter

    r = Restorer()
    r.add("của cửa cửa")
    assert list(r.unigrams["cua"].items()) == [("của", 1), ("cửa", 2)]
    assert r.bigrams[("cua", "cua")] == Counter({("của", "cửa"): 1, ("cửa", "cửa"): 1})
    r.add("cửa")                                   # counted after a lookup: grouped on the next one
    assert r.unigrams["cua"] == Counter({"của": 1, "cửa": 3})
    again = pickle.loads(pickle.dumps(r))
    assert again.unigrams == r.unigrams and again.bigrams == r.bigrams
    again.add("của của")
    assert again.unigrams["cua"] == Counter({"của": 3, "cửa": 3}) and again.restore("cua") == "của"
