"""Evaluation: label resolution, metric wiring on tiny hand-computed runs, BEIR loading."""
from __future__ import annotations

import json
import math

import pytest
from conftest import CORPUS

from eval.beir import DatasetIndex, load_beir
from eval.labels import Label, LabelError, Query, load_queries, resolve, split
from eval.runner import EvalQuery, Report, answer_matches, checks, evaluate
from index.search import Searcher
from ingest.archive import Archive
from qa.cli import main


@pytest.fixture
def archive(capsys):
    assert main(["ingest", str(CORPUS)]) == 0
    capsys.readouterr()
    with Archive() as a:
        yield a


def _q(qid, *labels, type="topic", pair=None):
    return Query(qid, "q", type, [Label(*x) for x in labels], pair=pair)


def test_labels_resolve_to_exactly_one_clause(archive):
    q = _q("a", ("vinh-phuc_chi-thi-cai-cach-hanh-chinh_2022.txt", "Sở Kế hoạch và Đầu tư: Tham mưu kịp thời", 2),
           ("582/UBND-NC", "sở  nội vụ sẽ là cơ quan thường trực", 1))
    resolve([q], archive)
    assert sorted((cid.split(":")[1], g) for cid, g in q.qrels.items()) == [("6", 2), ("8.a", 1)]


@pytest.mark.parametrize("label,message", [
    (("1504/UBND-TH", "không có trong văn bản", 2), "is in 0 clauses"),
    (("1504/UBND-TH", "Văn phòng UBND tỉnh", 2), "clauses, not exactly one"),
    (("9999/UBND-XX", "bất kỳ", 2), "matches 0 documents"),
])
def test_bad_labels_are_errors_naming_the_label(archive, label, message):
    with pytest.raises(LabelError, match=message) as e:
        resolve([_q("q7", label)], archive)
    assert "query q7" in str(e.value)


def test_split_is_stratified_and_keeps_twins_together():
    qs = [_q(f"t{i}", type="topic") for i in range(6)] + [_q(f"a{i}", type="agency") for i in range(4)]
    qs += [_q("n0", type="no_diacritics", pair="t0"), _q("n1", type="no_diacritics", pair="a3")]
    split(qs)
    by = {q.id: q.split for q in qs}
    assert sorted(by[f"t{i}"] for i in range(6)) == ["dev"] * 3 + ["test"] * 3
    assert sorted(by[f"a{i}"] for i in range(4)) == ["dev"] * 2 + ["test"] * 2
    assert by["n0"] == by["t0"] and by["n1"] == by["a3"]


def test_load_queries_rejects_unknown_types(tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_text(json.dumps({"id": "x", "query": "a", "type": "weird", "relevant": []}) + "\n", encoding="utf-8")
    with pytest.raises(LabelError, match="unknown type 'weird'"):
        load_queries(f)


@pytest.fixture
def tiny_beir(tmp_path):
    """Four documents, two queries, hand-computed metrics."""
    d = tmp_path / "tiny"
    (d / "qrels").mkdir(parents=True)
    docs = {"d1": "tinh giản biên chế công chức", "d2": "cơ chế một cửa liên thông",
            "d3": "số hóa hồ sơ thủ tục hành chính", "d4": "một cửa điện tử và số hóa"}
    (d / "corpus.jsonl").write_text("\n".join(json.dumps({"_id": k, "title": "", "text": v}, ensure_ascii=False)
                                              for k, v in docs.items()), encoding="utf-8")
    (d / "queries.jsonl").write_text(json.dumps({"_id": "q1", "text": "một cửa liên thông"}, ensure_ascii=False) + "\n"
                                     + json.dumps({"_id": "q2", "text": "số hóa hồ sơ"}, ensure_ascii=False),
                                     encoding="utf-8")
    (d / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td2\t1\nq2\td3\t1\nq2\td4\t1\n",
                                          encoding="utf-8")
    return d


def test_metric_wiring_on_a_tiny_dataset(tiny_beir):
    data = load_beir(tiny_beir)
    assert (data.doc_ids, sorted(data.queries), data.qrels["q2"]) == (["d1", "d2", "d3", "d4"], ["q1", "q2"],
                                                                     {"d3": 1, "d4": 1})
    searcher = Searcher(None, index=DatasetIndex(data, None))
    queries = [EvalQuery(q, data.queries[q], "t", "test", data.qrels[q]) for q in ("q1", "q2")]
    report = evaluate(searcher, queries, "tiny", "test")
    folded = report.methods["bm25-folded"]
    # syllables: q1 ranks d2 (4 matches) over d4 (2); q2 ranks d3 (4) over d4 (2): ideal, every metric 1
    assert folded == {"ndcg@10": 1.0, "recall@5": 1.0, "recall@10": 1.0, "mrr@10": 1.0, "acc@1": 1.0}


def test_metric_values_for_a_known_ranking(tiny_beir):
    """One relevant document at rank 2: nDCG@10 = 1/log2(3), MRR = 0.5, Acc@1 = 0."""
    data = load_beir(tiny_beir)
    searcher = Searcher(None, index=DatasetIndex(data, None))
    # "hồ sơ điện tử" puts d4 ("một cửa điện tử và số hóa") or d3 first; label the other one relevant
    ranked = [searcher.index.table.ids[i] for i, _ in searcher.rank("điện tử số hóa hồ sơ", 4, "bm25")[0]]
    second = ranked[1]
    report = evaluate(searcher, [EvalQuery("x", "điện tử số hóa hồ sơ", "t", "test", {second: 1})], "tiny")
    assert report.methods["bm25"]["ndcg@10"] == pytest.approx(1 / math.log2(3), abs=1e-4)   # reports round to 4 places
    assert report.methods["bm25"]["mrr@10"] == pytest.approx(0.5)
    assert report.methods["bm25"]["acc@1"] == 0.0
    assert report.methods["bm25"]["recall@5"] == 1.0


@pytest.mark.parametrize("value, expected, same", [
    ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh", True),
    ("Sở Thông tin và Truyền thông", "Sở TT&TT", True),
    ("Sở Nội vụ", "Sở Tư pháp", False),
    ("107/2021/NĐ-CP", "107/2021/ND-CP", True),
    ("489/489", "489", False),          # a figure is matched as written
    (None, "Sở Nội vụ", False),
])
def test_answer_matches_the_same_agency_however_spelt(value, expected, same):
    assert answer_matches(value, expected) is same


@pytest.mark.parametrize("a, b, p", [
    ([1, 1, 1], [0, 0, 0], 0.25),          # 8 sign flips, only all-plus and all-minus reach |mean| 1
    ([0.5, 0.5], [0.5, 0.5], 1.0),         # no difference at all
    ([1, 0], [0, 1], 1.0),                 # +1 and -1: every flip reaches |mean| 0
    ([1, 1, 1, 0.5], [0, 0, 0, 0], 0.125),  # 16 flips; only all-plus and all-minus reach |mean| 0.875
])
def test_paired_sign_flip_p_values(a, b, p):
    from eval.runner import paired_p
    assert paired_p(a, b) == p


def test_targets_from_a_hand_made_report():
    """Per type, hybrid is never significantly worse than a single method; overall, better than each; the English
    bar and the twins' gap, as computed by hand."""
    def scores(**by_method):
        return {m: {"ndcg@10": v} for m, v in by_method.items()}
    report = Report("hand", "test", 4, methods={m: {} for m in ("bm25-words", "bm25-folded", "bm25", "dense", "hybrid")})
    report.by_type = {"agency": scores(**{"bm25-words": 0.9, "bm25-folded": 0.5, "bm25": 0.8, "dense": 0.7, "hybrid": 0.85}),
                      "english": scores(**{"bm25-words": 0.6, "bm25-folded": 0.1, "bm25": 0.6, "dense": 0.81, "hybrid": 0.81})}
    report.per_query = {"hybrid": {"a": 1.0, "a2": 0.9, "b": 0.5, "b2": 0.7},
                        "bm25-words": {"a": 0.8, "a2": 0.9, "b": 0.9, "b2": 0.7},
                        "bm25-folded": {"a": 0.5, "a2": 0.5, "b": 0.5, "b2": 0.5},
                        "bm25": {"a": 0.8, "a2": 0.9, "b": 0.5, "b2": 0.7},
                        "dense": {"a": 0.6, "a2": 0.6, "b": 0.6, "b2": 0.6}}
    queries = [EvalQuery("a", "", "agency", "test", {}), EvalQuery("a2", "", "no_diacritics", "test", {}, pair="a"),
               EvalQuery("b", "", "agency", "test", {}), EvalQuery("b2", "", "no_diacritics", "test", {}, pair="b")]
    got = [(c.name, round(c.value, 4), c.bar, c.ok, c.detail) for c in checks(report, queries)]
    assert got == [
        # agency against bm25-words: +0.2 and -0.4; all four sign flips reach |mean| 0.1, so p is 1: not significant
        ("hybrid never significantly worse: agency", -0.1, 0.0, True, "worst vs bm25-words: -0.1000, paired p 1.00"),
        ("hybrid never significantly worse: english", 0.0, 0.0, True, "worst vs bm25-words: +0.0000, paired p 1.00"),
        # overall: -0.05 against bm25-words (not better); +0.275 against bm25-folded, the three differences all
        # positive, so 2 of 8 flips reach it (p 0.25); against dense +0.4 +0.3 -0.1 +0.1, 6 of 16 flips (p 0.375)
        ("hybrid better overall than bm25-words", -0.05, 0.0, False, "paired p 1.000"),
        ("hybrid better overall than bm25-folded", 0.275, 0.0, True, "paired p 0.250"),
        ("hybrid better overall than bm25", 0.05, 0.0, True, "paired p 1.000"),
        ("hybrid better overall than dense", 0.175, 0.0, True, "paired p 0.375"),
        ("English nDCG@10 (hybrid)", 0.81, 0.80, True, ""),
        ("no-diacritics twins vs originals (2 pairs), hybrid", 0.05, 0.05, True, "twins 0.8000, originals 0.7500")]
    report.per_query["hybrid"]["b2"] = 0.4          # twins 0.65 against 0.75: 0.10 below
    assert (checks(report, queries)[-1].value, checks(report, queries)[-1].ok) == (-0.1, False)
    report.by_type = {"all": report.by_type["agency"]}
    assert checks(report, queries) == []             # a dataset without query types has no targets


def test_a_significant_loss_on_a_type_is_a_miss():
    report = Report("hand", "test", 20, methods={m: {} for m in ("bm25", "hybrid")})
    report.by_type = {"agency": {"bm25": {"ndcg@10": 1.0}, "hybrid": {"ndcg@10": 0.5}},
                      "topic": {"bm25": {"ndcg@10": 0.5}, "hybrid": {"ndcg@10": 0.5}}}
    ids = [f"q{i}" for i in range(10)]
    report.per_query = {"hybrid": {i: 0.5 for i in ids}, "bm25": {i: 1.0 for i in ids}}
    queries = [EvalQuery(i, "", "agency", "test", {}) for i in ids]
    first = checks(report, queries)[0]
    # ten differences of -0.5: only the two all-same-sign flips of 1024 reach it, p 0.002
    assert (first.name, first.ok, first.detail) == ("hybrid never significantly worse: agency", False,
                                                   "worst vs bm25: -0.5000, paired p 0.00")


def test_the_tuning_set_runs_over_the_bundled_corpus(capsys):
    """eval/tuning_queries.jsonl: 192 questions written blind for tuning, never reported; every label resolves."""
    from eval.runner import ROOT

    tuning = str(ROOT / "eval" / "tuning_queries.jsonl")
    assert main(["eval", "--queries", tuning, "--no-dense", "--split", "all"]) != 0   # your archive: empty here
    assert "query t001: document 'kien-giang_bao-cao-cchc-quy-III_2020.txt' matches 0" in capsys.readouterr().err
    assert main(["eval", "--queries", tuning, "--corpus", "--no-dense", "--split", "all", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["name"], out["queries"]) == ("tuning_queries", 192)
    assert {t: v["n"] for t, v in out["answers"].items()} == {"agency": 32, "document": 32, "english": 48, "figure": 48,
                                                             "deadline": 16, "no_diacritics": 16}
    assert set(out["methods"]) == {"bm25-words", "bm25-folded", "bm25"}


@pytest.mark.slow
def test_hybrid_keeps_its_floors_on_the_bundled_set():
    """Fails when hybrid falls below the floors written by hand in eval/floors.json."""
    from eval.runner import CORPUS_QUERIES, corpus_searcher, floors, labelled_queries

    searcher = corpus_searcher()
    report = evaluate(searcher, labelled_queries(CORPUS_QUERIES, searcher), "corpus", "test")
    for metric, floor in floors()["corpus_test"]["hybrid"].items():
        assert report.methods["hybrid"][metric] >= floor, metric


def test_long_units_are_cut_into_passages_with_their_heading():
    from index.dense import passages

    text = "Phạm vi điều chỉnh\n" + " ".join(f"w{i}" for i in range(7)) + "\n\nmột hai ba"
    assert passages(text, 5, "Luật X - Điều 1") == [
        "Luật X - Điều 1 \nPhạm vi điều chỉnh", "Luật X - Điều 1 \nw0 w1 w2 w3 w4",
        "Luật X - Điều 1 \nw5 w6 một hai ba"]
    assert passages("a b\nc", 10) == ["a b c"]


def test_a_unit_scores_as_its_best_passage():
    import numpy as np

    from index.dense import UnitVectors, VectorIndex

    eye = np.eye(4, dtype=np.float32)
    units = VectorIndex("e5-small", 4)
    units.set(np.stack([eye[0], eye[1], (eye[2] + eye[3]) / np.sqrt(2)]))      # unit 2 averages two topics
    vectors = UnitVectors(units, np.stack([eye[2], eye[3]]), np.array([2, 2]))
    positions, scores = vectors.search(eye[3], 3)
    assert positions.tolist() == [2, 0, 1] and scores.tolist() == [1.0, 0.0, 0.0]
    assert units.search(eye[3], 1)[1].tolist() == [np.float32(1 / np.sqrt(2))]
    allowed = np.array([True, True, False])
    assert vectors.search(eye[3], 3, allowed)[0].tolist() == [0, 1]


def test_a_long_dataset_unit_is_embedded_in_pieces(tmp_path):
    """Through the real embedder: the long article's pieces are in the index and answer for it."""
    from eval import beir
    from index.embed import load_embedder

    d = tmp_path / "long"
    (d / "qrels").mkdir(parents=True)
    filler = " ".join(["Cơ quan, tổ chức có trách nhiệm thực hiện quy định của Luật này."] * 12)   # 168 words
    docs = [{"_id": "a1", "title": "Luật A - Điều 1", "text": filler + "\nNgười nghiện ma túy được cai nghiện tự nguyện."},
            {"_id": "a2", "title": "Luật A - Điều 2", "text": "Phạm vi điều chỉnh của Luật."}]
    (d / "corpus.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in docs), encoding="utf-8")
    (d / "queries.jsonl").write_text(json.dumps({"_id": "q", "text": "cai nghiện ma túy tự nguyện"},
                                                ensure_ascii=False), encoding="utf-8")
    (d / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq\ta1\t1\n", encoding="utf-8")
    index = DatasetIndex(load_beir(d), load_embedder("e5-small"))
    pieces = beir.passages(docs[0]["text"], beir.PIECE_WORDS, docs[0]["title"])
    assert len(pieces) == 3 and index.vectors.owners.tolist() == [0, 0, 0]
    assert pieces[2].endswith("quy định của Luật này. Người nghiện ma túy được cai nghiện tự nguyện.")
    query = index.embedder.encode_queries(["cai nghiện ma túy tự nguyện"])[0]
    positions, scores = index.vectors.search(query, 2)
    assert positions[0] == 0
    assert scores[0] == pytest.approx(float(index.vectors.pieces[2] @ query), abs=1e-6)
    assert scores[0] > float(index.vectors.units.vectors[0] @ query)
