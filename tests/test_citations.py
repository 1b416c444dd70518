"""Citations: exact lists for the whole corpus, the id every spelling shares, and "who cites this decree"."""
from __future__ import annotations

import json

import pytest
from conftest import CORPUS

from ingest.annotate import annotate
from ingest.citations import canonical_number, find_citations, parse_citation_query
from qa.cli import main

# Every citation of the bundled corpus as "clause path=canonical id", in reading order, written by reading
# the documents (a footnote's citation counts for the clause that refers to it: 003 I.5.p1).
EXPECTED = {
    "000": [
        "preamble.1=79/TB-VPCP", "5.p1=107/2021/NĐ-CP", "5.p1=468/QĐ-TTg", "8.d=01/KH-UBND (Kiên Giang)",
    ],
    "001": [
        "preamble.1=30c/NQ-CP", "preamble.1=60/NQ-HĐND (Vĩnh Phúc)", "preamble.3=23/CT-TTg", "1.b=76/NQ-CP",
        "1.b=23/CT-TTg",
    ],
    "002": [
        "preamble.1=06/BCĐCCHC", "preamble.1=146/TB-VPCP", "1=324/QĐ-UBND (An Giang)",
        "1=2843/QĐ-UBND (An Giang)", "1.-1=19/2016/NQ-CP", "1.-1=35/NQ-CP", "1.-1=09/2015/QĐ-TTg",
        "1.-1=285/KH-UBND (An Giang)", "1.-1=377/CTr-UBND (An Giang)", "1.-1=45/2015/QĐ-UBND (An Giang)",
        "1.-2=39-NQ/TW", "1.-2=108/2014/NĐ-CP", "1.-4=09/2015/QĐ-TTg", "1.-6=324/QĐ-UBND (An Giang)",
        "1.-6=2843/QĐ-UBND (An Giang)", "1.-7=1311/QĐ-UBND (An Giang)", "4.p1=324/QĐ-UBND (An Giang)",
        "closing.1=324/QĐ-UBND (An Giang)",
    ],
    "003": [
        "I.1.p1=30c/NQ-CP", "I.1.p1=225/QĐ-TTg", "I.1.p1=64/KH-UBND (Kiên Giang)",
        "I.1.p1=164/KH-UBND (Kiên Giang)", "I.2.p1=195/QĐ-UBND (Kiên Giang)",
        "I.2.p2=Luật Ban hành văn bản quy phạm pháp luật năm 2015", "I.3.p3=45/2016/QĐ-TTg", "I.4.p1=08/NQ-CP",
        "I.4.p1=19-NQ/TW", "I.4.p1=38-CTr/TU (Kiên Giang)", "I.4.p1=19-NQ/TW",
        "I.4.p1=105/KH-UBND (Kiên Giang)", "I.4.p1=38-CTr/TU (Kiên Giang)", "I.4.p2=10/NQ-CP",
        "I.4.p2=18-NQ/TW", "I.4.p2=93/KH-UBND (Kiên Giang)", "I.4.p2=32-CTr/TU (Kiên Giang)",
        "I.5.p1=108/2014/NĐ-CP", "I.5.p1=113/2018/NĐ-CP", "I.5.p1=26/2015/NĐ-CP", "I.6.p1=130/2005/NĐ-CP",
        "I.6.p1=117/2013/NĐ-CP", "I.6.p1=130/2005/NĐ-CP", "I.6.p1=43/2006/NĐ-CP", "I.6.p1=141/2016/NĐ-CP",
        "I.7.a.p1=61/2018/NĐ-CP", "I.7.a.p2=846/QĐ-TTg", "I.7.a.p2=846/QĐ-TTg",
        # the national standard a quality system follows, cited by its code
        "I.7.b.p1=TCVN ISO 9001:2015", "I.7.b.p1=TCVN ISO 9001:2015", "I.7.b.p1=TCVN ISO 9001:2015", "III.1.p2=13/CT-TTg",
        "III.1.p2=03/2007/QĐ-BNV", "III.1.p3=104/KH-UBND (Kiên Giang)",
        "III.2.-1=Luật Ban hành văn bản quy phạm pháp luật năm 2015", "III.3.-1=63/2010/NĐ-CP",
        "III.3.-1=48/2013/NĐ-CP", "III.3.-1=446/QĐ-UBND (Kiên Giang)", "III.3.-2=20/2008/NĐ-CP",
        "III.3.-2=808/QĐ-UBND (Kiên Giang)", "III.3.-3=30/CT-TTg", "III.3.-3=TCVN ISO 9001:2015", "III.3.p1=61/2018/NĐ-CP",
        "III.3.p1=45/2016/QĐ-TTg", "III.4.-1=93/KH-UBND (Kiên Giang)", "III.4.-1=32-CTr/TU (Kiên Giang)",
        "III.4.-1=18-NQ/TW", "III.4.-1=105/KH-UBND (Kiên Giang)", "III.4.-1=38-Tr/TU (Kiên Giang)",
        "III.4.-1=19-NQ/TW", "III.4.-1=966/ĐA-UBND (Kiên Giang)", "III.4.-2=39-NQ/TW",
        "III.4.-2=108/2014/NĐ-CP", "III.4.-2=795/ĐA-UBND (Kiên Giang)", "III.7.p1=82/KH-UBND (Kiên Giang)",
        "III.7.p1=17/NQ-CP", "III.7.p3=TCVN ISO 9001:2015",
    ],
    "004": [
        "preamble.1=7641/VPCP-KSTT", "preamble.1=7548/TB-VPCP", "1.-1=107/2021/NĐ-CP", "1.-1=61/2018/NĐ-CP",
        "1.-1=468/QĐ-TTg", "1.-3=277/QĐ-UBND (An Giang)", "1.-6=1430/UBND-TH (An Giang)", "3.p1=111/2022/NĐ-CP",
        "4.-3=7549/VPCP-KSTT", "closing.2=277/QĐ-UBND (An Giang)", "closing.2=7549/VPCP-KSTT",
    ],
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_every_citation_of_the_corpus(parsed, seed):
    doc = annotate(parsed[seed])
    assert [f"{c.path}={x.id}" for c in doc.clauses for x in c.citations] == EXPECTED[seed]


def test_issue_examples(parsed):
    ids = lambda seed: {x.id.split(" (")[0] for c in annotate(parsed[seed]).clauses for x in c.citations}  # noqa: E731
    assert ids("000") == {"79/TB-VPCP", "107/2021/NĐ-CP", "468/QĐ-TTg", "01/KH-UBND"}
    assert ids("004") == {"7641/VPCP-KSTT", "7548/TB-VPCP", "107/2021/NĐ-CP", "61/2018/NĐ-CP", "468/QĐ-TTg",
                          "277/QĐ-UBND", "1430/UBND-TH", "111/2022/NĐ-CP", "7549/VPCP-KSTT"}


def test_raw_span_date_issuer(parsed):
    c = next(c for c in annotate(parsed["000"]).clauses if c.path == "5.p1")
    x = c.citations[0]
    assert (x.kind, x.number, x.date, x.issuer) == ("nghị định", "107/2021/NĐ-CP", "2021-12-06", "Chính phủ")
    assert x.raw == "Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ"
    assert c.text[x.start:x.end] == x.raw
    note = next(c for c in annotate(parsed["003"]).clauses if c.path == "I.5.p1").citations[-1]
    assert (note.id, note.start, note.end) == ("26/2015/NĐ-CP", -1, -1)


def test_short_mention_takes_the_full_mentions_date(parsed):
    doc = annotate(parsed["002"])
    cited = [(c.path, x.date, x.issuer) for c in doc.clauses for x in c.citations if x.number == "324/QĐ-UBND"]
    assert cited == [("1", "2016-02-05", "Ủy ban nhân dân tỉnh An Giang"),
                     ("1.-6", "2016-02-05", "Ủy ban nhân dân tỉnh An Giang"),
                     ("4.p1", "2016-02-05", "Ủy ban nhân dân tỉnh An Giang"),
                     ("closing.1", "2016-02-05", "UBND tỉnh")]


@pytest.mark.parametrize("written,canonical", [
    ("107/2021/NĐ-CP", "107/2021/NĐ-CP"), ("107/2021/ND-CP", "107/2021/NĐ-CP"), ("107/2021/nđ-cp", "107/2021/NĐ-CP"),
    ("39-NQ/TW", "39-NQ/TW"), ("39/NQ-TW", "39-NQ/TW"), ("39/nq-tw", "39-NQ/TW"), ("468/qd-ttg", "468/QĐ-TTg"),
    ("30C/NQ-CP", "30c/NQ-CP"), ("966/DA-UBND", "966/ĐA-UBND"), ("60/NQ-HDND", "60/NQ-HĐND"),
    ("107 / 2021 / NĐ - CP", "107/2021/NĐ-CP"),
])
def test_canonical_number(written, canonical):
    assert canonical_number(written) == canonical


def test_variants_in_text():
    text = ("Thực hiện Nghị định 107/2021/ND-CP, Quyết định số: 324/QĐ-UBND ngày 05 tháng 02 năm 2016 của "
            "UBND tỉnh Long An, Kế hoạch số 12/KH-UBND ngày 31/02/2020, Thông tư liên tịch số 01/2015/TTLT-BNV-BTC; "
            "Luật Cán bộ, công chức năm 2008 và ngày 15/12/2024, tỷ lệ 38/59.")
    cited = find_citations(text, province="An Giang")
    assert [(x.id, x.kind, x.date, x.issuer) for x in cited] == [
        ("107/2021/NĐ-CP", "nghị định", None, None),
        ("324/QĐ-UBND (Long An)", "quyết định", "2016-02-05", "UBND tỉnh Long An"),
        ("12/KH-UBND (An Giang)", "kế hoạch", None, None),          # 31/02 is no date
        ("01/2015/TTLT-BNV-BTC", "thông tư liên tịch", None, None),
        ("Luật Cán bộ, công chức năm 2008", "luật", None, None),
    ]
    for x in cited:
        assert text[x.start:x.end] == x.raw


def test_parse_citation_query():
    assert parse_citation_query("Nghị định 107/2021/ND-CP") == ("107/2021/NĐ-CP", None)
    assert parse_citation_query("324/qd-ubnd (an giang)") == ("324/QĐ-UBND", "An Giang")


def _cli(capsys, *argv):
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_cites_command(capsys):
    _cli(capsys, "ingest", str(CORPUS))
    rows = json.loads(_cli(capsys, "cites", "108/2014/ND-CP", "--json"))
    assert [(r["doc_number"], r["province"], r["date"], r["path"]) for r in rows] == [
        ("1319/UBND-TH", "An Giang", "2016-09-14", "1.-2"),
        (None, "Kiên Giang", "2020-09-14", "I.5.p1"), (None, "Kiên Giang", "2020-09-14", "III.4.-2")]
    assert list(rows[0])[:10] == ["id", "doc_id", "path", "headings", "text", "start", "end", "page", "kind", "notes"]
    rows = json.loads(_cli(capsys, "cites", "39-NQ/TW", "--json"))
    assert [(r["province"], r["path"], r["cited"]["raw"]) for r in rows] == [
        ("An Giang", "1.-2", "Nghị quyết số 39/NQ-TW"),
        ("Kiên Giang", "III.4.-2", "Nghị quyết số 39-NQ/TW ngày 17/4/2015 của Bộ Chính trị")]
    out = _cli(capsys, "cites", "324/QĐ-UBND")
    assert out.splitlines()[0] == "324/QĐ-UBND: 4 điều khoản trong 1 văn bản"
    assert json.loads(_cli(capsys, "cites", "324/QĐ-UBND (Kiên Giang)", "--json")) == []
    top = json.loads(_cli(capsys, "cites", "--top", "--limit", "3", "--json"))
    assert top == [{"id": "108/2014/NĐ-CP", "documents": 2, "mentions": 3},
                   {"id": "61/2018/NĐ-CP", "documents": 2, "mentions": 3},
                   {"id": "107/2021/NĐ-CP", "documents": 2, "mentions": 2}]
    law = json.loads(_cli(capsys, "cites", "luật ban hành văn bản quy phạm pháp luật năm 2015", "--json"))
    assert [r["path"] for r in law] == ["I.2.p2", "III.2.-1"]


@pytest.mark.parametrize("number,issuer", [
    ("45/2015/QĐ-UBND", "Ủy ban nhân dân tỉnh"), ("61/2018/NĐ-CP", "Chính phủ"), ("7641/VPCP-KSTT", "Văn phòng Chính phủ"),
    ("38-CTr/TU", "Tỉnh ủy"), ("60/NQ-HĐND", "Hội đồng nhân dân tỉnh"), ("03/2007/QĐ-BNV", "Bộ Nội vụ"),
    ("80/2015/QH13", "Quốc hội"), ("19-NQ/TW", None), ("123/ABC", None),
])
def test_the_body_a_number_names(number, issuer):
    from ingest.citations import issuer_of_number
    assert issuer_of_number(number) == issuer


@pytest.mark.parametrize("text, cited", [
    # a law cited by its name and then its number, the name running over commas
    ("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;", [("72/2025/QH15", "luật", 7)]),
    ("Căn cứ Luật Phòng, chống tham nhũng số 36/2018/QH14 và Bộ luật Dân sự số 91/2015/QH13;",
     [("36/2018/QH14", "luật", 7), ("91/2015/QH13", "luật", 55)]),
    # the name holds "pháp luật": one citation from "Luật", not a second from inside the name
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 ngày 19 tháng 02 năm 2025;",
     [("64/2025/QH15", "luật", 7)]),
    # the name ends before another text: "Luật số 65/2020/QH14" is its own citation
    ("Căn cứ Luật Tổ chức Quốc hội số 57/2014/QH13 được sửa đổi theo Luật số 65/2020/QH14;",
     [("57/2014/QH13", "luật", 7), ("65/2020/QH14", "luật", 63)]),
])
def test_a_law_cited_by_name_and_number(text, cited):
    from ingest.citations import find_citations
    assert [(c.number, c.kind, c.start) for c in find_citations(text)] == cited
    assert all(text[c.start:].startswith(("Luật", "Bộ luật")) for c in find_citations(text))


@pytest.mark.parametrize("text, cited", [
    # a national technical regulation or standard by its own code; the body after the slash issued it
    ("Hàm lượng H2S tuân thủ Quy chuẩn kỹ thuật quốc gia QCVN 03:2019/BYT ngày 10 tháng 6 năm 2019.",
     [("QCVN 03:2019/BYT", "quy chuẩn")]),
    ("Rà phá theo QCVN 01:2022/BQP và QCVN 02 : 2016 / BQP về hủy đốt.",
     [("QCVN 01:2022/BQP", "quy chuẩn"), ("QCVN 02:2016/BQP", "quy chuẩn")]),
    ("Áp dụng TCVN ISO 9001:2015; phông chữ theo TCVN 6909:2001.",
     [("TCVN ISO 9001:2015", "tiêu chuẩn"), ("TCVN 6909:2001", "tiêu chuẩn")]),
    # the series without a number and year is no document
    ("Áp dụng hệ thống quản lý chất lượng theo TCVN ISO 9001 đối với cơ quan hành chính.", []),
])
def test_a_standard_is_cited_by_its_code(text, cited):
    from ingest.citations import find_citations, issuer_of_number
    found = find_citations(text)
    assert [(c.number, c.kind) for c in found] == cited
    assert all(text[c.start:c.end] == c.raw for c in found)
    assert issuer_of_number("QCVN 03:2019/BYT") == "Bộ Y tế"


def test_a_question_asking_which_standard_asks_a_document_of_that_kind():
    from qa.question import asked_document_kind, question_type
    for question, kind in [("Công trình phải tuân thủ quy chuẩn kỹ thuật quốc gia nào?", "quy chuẩn"),
                           ("Phông chữ theo tiêu chuẩn quốc gia nào?", "tiêu chuẩn"),
                           ("Which technical regulation must the well meet?", "quy chuẩn")]:
        assert (question_type(question), asked_document_kind(question)) == ("document", kind)
    # "tiêu chuẩn" alone is a criterion, "standard" too: such a question asks no document
    assert question_type("Cán bộ đạt tiêu chuẩn nào thì được xét tặng, và hồ sơ nộp trước ngày nào?") != "document"
    assert asked_document_kind("Which standard must a candidate meet?") is None
