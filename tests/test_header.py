"""Header fields of the bundled corpus, every cell asserted."""
from __future__ import annotations

import pytest

from ingest.header import read_header
from ingest.normalize import normalize

TABLE = {
    "000": ("582/UBND-NC", "công văn", "Kiên Giang", "2022-04-21", "Nguyễn Thanh Nhàn"),
    "001": (None, "chỉ thị", "Vĩnh Phúc", None, "Vũ Chí Giang"),
    "002": ("1319/UBND-TH", "công văn", "An Giang", "2016-09-14", "Vương Bình Thạnh"),
    "003": (None, "báo cáo", "Kiên Giang", "2020-09-14", "Nguyễn Đức Chín"),
    "004": ("1504/UBND-TH", "công văn", "An Giang", "2024-10-25", "Hồ Văn Mừng"),
}
SUBJECTS = {
    "000": "triển khai thực hiện công tác cải cách hành chính năm 2022",
    "001": "ĐẨY MẠNH CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC TRÊN ĐỊA BÀN TỈNH VĨNH PHÚC GIAI ĐOẠN 2022-2025",
    "002": "tăng cường triển khai thực hiện Kế hoạch cải cách hành chính nhà nước giai đoạn 2016-2020",
    "003": "Công tác cải cách hành chính quý III và chương trình công tác trọng tâm quý IV năm 2020",
    "004": "đẩy mạnh công tác cải cách thủ tục hành chính, nâng cao hiệu quả giải quyết thủ tục hành chính",
}
RECIPIENTS = {
    "000": ["Giám đốc các sở, Thủ trưởng các ban, ngành tỉnh", "Chủ tịch Ủy ban nhân dân các huyện, thành phố",
            "CT và các PCT, UBND tỉnh", "LĐVP, P. NC", "Trung tâm PVHCC"],
    "001": ["Bộ Nội vụ (b/c)", "TTTU, TTHĐND, Đoàn ĐBQH tỉnh (b/c)", "Chủ tịch, các PCT UBND tỉnh",
            "Các sở, ban, ngành", "Các cơ quan TW trên địa bàn tỉnh", "UBND các huyện, thành phố",
            "Báo Vĩnh Phúc, Đài PTTH tỉnh", "Cổng TTGTĐT tỉnh", "CPVP UBND tỉnh; CVNCTH"],
    "002": ["Các sở, ban ngành tỉnh", "UBND các huyện, thị xã, thành phố", "TT Tỉnh ủy, HĐND tỉnh",
            "TT. UBND tỉnh (b/c)", "Thành viên BCD, TGV, TKTCV tỉnh (email)"],
    "003": ["Bộ Nội vụ", "TT, Tỉnh ủy", "TT, HĐND tỉnh", "CT và các PCT, UBND tỉnh", "Sở Nội vụ (02b)",
            "Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố", "LĐVP, P. NC"],
    "004": ["Sở, ban, ngành tỉnh", "UBND huyện, thị xã, thành phố", "Văn phòng Chính phủ (b/c)",
            "CT, các PCT UBND tỉnh", "TCT ĐA06 tỉnh", "Ban chỉ đạo CCHC tỉnh", "Báo An Giang",
            "Cổng thông tin điện tử tỉnh (đăng tải)", "VP. UBND tỉnh: LĐVP, Phòng, ban, trung tâm"],
}
ISSUERS = {
    "000": "Ủy ban nhân dân tỉnh Kiên Giang", "001": "Ủy ban nhân dân tỉnh Vĩnh Phúc",
    "002": "Ủy ban nhân dân tỉnh An Giang", "003": "Ủy ban nhân dân tỉnh Kiên Giang",
    "004": "Ủy ban nhân dân tỉnh An Giang",
}
SIGNER_TITLES = {"000": None, "001": "Phó Chủ tịch", "002": "Chủ tịch", "003": "Phó Chủ tịch", "004": "Chủ tịch"}


@pytest.mark.parametrize("seed", sorted(TABLE))
def test_table_row(parsed, seed):
    d = parsed[seed]
    assert (d.number, d.doc_type, d.province, d.date, d.signer) == TABLE[seed]


@pytest.mark.parametrize("seed", sorted(TABLE))
def test_subject_recipients_issuer_title(parsed, seed):
    d = parsed[seed]
    assert d.subject == SUBJECTS[seed]
    assert d.recipients == RECIPIENTS[seed]
    assert d.issuer == ISSUERS[seed]
    assert d.signer_title == SIGNER_TITLES[seed]


def _header(lines: list[str]):
    return read_header(normalize(["\n".join(lines)]).paragraphs)


def test_fields_the_text_does_not_give_stay_empty():
    h = _header(["Thực hiện chỉ đạo của Ủy ban nhân dân, các sở thực hiện nội dung sau:", "1. Làm việc A."])
    assert (h.number, h.doc_type, h.issuer, h.province, h.date, h.subject, h.signer) == (None,) * 7
    assert h.body_start == 0


def test_number_type_from_code_and_unsigned_date():
    h = _header(["ỦY BAN NHÂN DÂN", "TỈNH LONG AN", "Số: 64/KH-UBND", "Long An, ngày   tháng   năm 2023",
                 "Thực hiện nhiệm vụ năm 2023."])
    assert (h.number, h.doc_type, h.province, h.date) == ("64/KH-UBND", "kế hoạch", "Long An", None)
    assert h.issuer == "Ủy ban nhân dân tỉnh Long An"


def test_province_without_diacritics_in_body():
    h = _header(["BÁO CÁO", "Tình hình quý I", "Ủy ban nhân dân tỉnh Kien Giang báo cáo như sau:", "1. Việc A."])
    assert (h.doc_type, h.province, h.issuer) == ("báo cáo", "Kiên Giang", "Ủy ban nhân dân tỉnh Kiên Giang")


def test_signer_whose_given_name_is_one_letter():
    h = _header(["Thực hiện nội dung sau:", "1. Làm việc A.", "Nơi nhận:", "- Như trên;", "KT. CHỦ TỊCH",
                 "PHÓ CHỦ TỊCH", "Nguyễn Văn A"])
    assert (h.signer, h.signer_title) == ("Nguyễn Văn A", "Phó Chủ tịch")
