"""Which agencies a clause names, one canonical name each, and what the clause asks of each of them.

Names are matched on folded text (no diacritics, lower case) whose characters line up one to one with
the clause's, so "Sở Nội vụ", "So Noi vu", "Sở KH&ĐT" and "VP UBND tỉnh" meet and spans still point
into the clause. A run is a list of agencies joined by ",", "và" or titles ("Giám đốc", "Chủ tịch").

Roles:
- actor -> lead: a run that opens the clause or a sentence ("2. Sở Tư pháp: Chủ trì", "- Các Sở Y tế, ...
  phối hợp với Sở Nội vụ"), a run after a comma followed by "chủ trì", "có trách nhiệm", "phối hợp",
  "tham mưu", "là cơ quan (thường trực)", or the object of "giao", "yêu cầu", "đề nghị". The subject of
  "phối hợp với" is the actor and leads; its object coordinates. An actor whose first verb is "tham mưu"
  ("Sở Kế hoạch và Đầu tư: Tham mưu ...") advises instead of leading. An opening run followed by
  "yêu cầu", "đề nghị", "giao", "chỉ đạo", "ban hành" is the issuer: a mention. A subject of a bare "phối hợp"
  (no "với": "Sở A chủ trì; Sở B phối hợp") is the partner: coordinate.
- every "chủ trì" / "tham mưu" adds lead / advise to the latest actor before it, or to the heading's
  leads when the clause names no actor ("8. Sở Nội vụ" / "a) Tham mưu ...": advise, start -1).
- object of "phối hợp (với)" -> coordinate; of "báo cáo (... về)", "gửi (về)" -> report_to; of
  "tham mưu (với)", "trình", "chịu trách nhiệm trước" -> mention (the recipient advises nobody).
- heading: the leads of the innermost heading that has leads ("8. Sở Nội vụ", "1. Sở, ban, ngành tỉnh,
  Ủy ban nhân dân huyện, ...", "11. Sở Nội vụ: Chủ trì ...") lead the clause (start = end = -1), except
  an agency the clause itself makes a coordinator or a receiver ("3. Sở Nội vụ, Văn phòng UBND tỉnh" /
  "Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND tỉnh": the Văn phòng coordinates only).
- mention: an agency with no other role in the clause.
Each (agency, role) is kept once, the first by position; heading-derived roles (-1) come first.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.model import AgencyRole
from ingest.vietnamese import CAPITAL, PROVINCES, find_province, fold


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    f = fold(ch)
    return f[0] if f else ch


def fold_aligned(text: str) -> str:
    """fold() one character per character, so a span found in the folded text is the same span in text."""
    return "".join(_fold_char(ch) for ch in text)


_WS = r"(?:\s*[-–,&]\s*|\s+)(?:va\s+)?"   # between the words of a name: "và", "-", "," or "&" optional
_AB = r"(?:\s*[-–,&]\s*|\s*)(?:va\s*)?"   # between the letter groups of an abbreviation: "KH&ĐT", "KHĐT"
# Departments of a province (Sở) and ministries (Bộ), with their usual abbreviations as letter groups.
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "Nội vụ": (), "Tư pháp": (), "Tài chính": (), "Kế hoạch và Đầu tư": ("kh dt",),
    "Thông tin và Truyền thông": ("tt tt",), "Khoa học và Công nghệ": ("kh cn",), "Y tế": (),
    "Giáo dục và Đào tạo": ("gd dt",), "Xây dựng": (), "Tài nguyên và Môi trường": ("tn mt",),
    "Công Thương": (), "Giao thông vận tải": ("gt vt",), "Lao động - Thương binh và Xã hội": ("ld tb xh",),
    "Nông nghiệp và Phát triển nông thôn": ("nn ptnt",), "Văn hóa, Thể thao và Du lịch": ("vh tt dl",),
    "Văn hóa và Thể thao": (), "Du lịch": (), "Ngoại vụ": (), "Nông nghiệp và Môi trường": (),
    "Dân tộc và Tôn giáo": (), "Công an": (), "Quốc phòng": (), "Ngoại giao": (),
}


def _name_pattern(name: str) -> str:
    words = [w for w in re.split(r"[\s,&–-]+", fold(name)) if w and w != "va"]
    return _WS.join(map(re.escape, words))


# Fields only a ministry has: after a list of Sở, "Công an tỉnh" is the province's police, not a Sở
MINISTRY_ONLY = {"Công an", "Quốc phòng", "Ngoại giao"}
_DEPT_ALTS = sorted([(_name_pattern(n), n) for n in DEPARTMENTS]
                    + [(_AB.join(a.split()), n) for n, abbrs in DEPARTMENTS.items() for a in abbrs],
                    key=lambda pn: -len(pn[0]))
_DEPT = "(?:" + "|".join(p for p, _ in _DEPT_ALTS) + ")(?![a-z0-9])"
_B = r"(?<![a-z0-9/-])"                     # not inside a word or a document code ("TB-VPCP")
SO_BO = re.compile(_B + r"(so|bo)\s*:?\s+(" + _DEPT + ")")
SO_BO_MORE = re.compile(r"\s*(?:,|&|\s+va)\s*(?:(so|bo)\s+)?(" + _DEPT + ")")
PROVINCE = re.compile(r"\s+(?:tinh\s+)?(" + "|".join(sorted(map(_name_pattern, PROVINCES), key=len, reverse=True))
                      + r")(?![a-z])")
_UBND = r"(?:uy ban nhan dan|ubnd)(?:\s*\(ubnd\))?"
_HUYEN = r"(?:cap\s+huyen|(?:cac\s+)?huyen(?:\s*(?:,|va)\s*(?:thi xa|thanh pho|quan)(?![a-z]))*)"
_XA = r"(?:cap\s+xa|(?:cac\s+)?xa(?:\s*(?:,|va)\s*(?:phuong|thi tran)(?![a-z]))*)"
# canonical name, folded pattern, whether running text must write it with a capital ("Thanh tra tỉnh")
FIXED = [(c, re.compile(_B + "(?:" + p + ")(?![a-z0-9])"), cap) for c, p, cap in [
    ("Văn phòng Ủy ban nhân dân tỉnh", rf"(?:van phong|vp)\s+{_UBND}\s+tinh", False),
    ("Chủ tịch Ủy ban nhân dân tỉnh", rf"chu tich\s+{_UBND}\s+tinh", False),
    ("Ủy ban nhân dân tỉnh", rf"{_UBND}\s+(?:cap\s+)?tinh", False),
    # A city under the centre ("Thành phố" Hà Nội, Hải Phòng, Huế ...) is its own province: its texts say
    # "Ủy ban nhân dân Thành phố"; one followed by another name ("thành phố Rạch Giá") is a district's (_candidates).
    ("Văn phòng Ủy ban nhân dân Thành phố", rf"(?:van phong|vp)\s+{_UBND}\s+thanh pho", True),
    ("Chủ tịch Ủy ban nhân dân Thành phố", rf"chu tich\s+{_UBND}\s+thanh pho", True),
    ("Ủy ban nhân dân Thành phố", rf"{_UBND}\s+thanh pho", True),
    ("Hội đồng nhân dân Thành phố", r"(?:hoi dong nhan dan|hdnd)\s+thanh pho", True),
    ("Ủy ban nhân dân cấp huyện", rf"{_UBND}\s+{_HUYEN}", False),
    ("Ủy ban nhân dân cấp xã", rf"{_UBND}\s+{_XA}", False),
    ("Hội đồng nhân dân tỉnh", r"(?:hoi dong nhan dan|hdnd)\s+tinh", False),
    ("Tỉnh ủy", r"tinh uy(?!\s+(?:quyen|thac|nhiem|ban))", False),
    ("Thanh tra tỉnh", r"thanh tra\s+tinh", True),
    ("Thanh tra Chính phủ", r"thanh tra\s+chinh phu", True),
    ("Văn phòng Chính phủ", r"van phong\s+chinh phu", False),
    ("Thủ tướng Chính phủ", r"(?<!pho )thu tuong(?:\s+chinh phu)?", False),
    ("Chính phủ", r"chinh phu(?!\s+(?:dien tu|so)(?![a-z]))", False),
    ("Bộ Chính trị", r"bo chinh tri", True),
    ("Các bộ, ngành Trung ương", r"bo\s*,\s*nganh(?:\s+(?:o\s+)?trung uong)?", False),
    ("Các sở, ban, ngành tỉnh",
     r"so\s*,\s*(?:thu truong\s+)?(?:cac\s+)?(?:ban\s*,?\s*)?nganh(?:\s+(?:cap\s+)?tinh)?", False),
    ("Các cơ quan Trung ương trên địa bàn tỉnh", r"co quan trung uong(?:\s+dong)?\s+tren dia ban(?:\s+tinh)?", False),
    ("Báo và Phát thanh, Truyền hình tỉnh", r"bao va phat thanh\s*,\s*truyen hinh(?:\s+tinh)?", True),
    ("Đài Phát thanh và Truyền hình tỉnh",
     r"dai\s+(?:phat thanh(?:\s*(?:va|-|&)\s*|\s+)truyen hinh|ptth|pt-th)(?:\s+tinh)?", False),
    ("Trung tâm Phục vụ hành chính công tỉnh", r"trung tam phuc vu hanh chinh cong(?:\s+(?:cua\s+)?tinh)?", False),
    ("Cổng Thông tin điện tử tỉnh", rf"cong\s+(?:thong tin\s+(?:giao tiep\s+)?dien tu|ttdt)(?:\s*\([^)]{{1,12}}\))?"
                                   rf"\s+(?:cua\s+)?(?:{_UBND}\s+)?tinh", False),
    ("Công an tỉnh", r"cong an\s+tinh", True),
    ("Kho bạc Nhà nước tỉnh", r"kho bac nha nuoc(?:\s+tinh)?", False),
    ("Cục Thuế tỉnh", r"cuc thue\s+tinh", True),
    ("Bảo hiểm xã hội tỉnh", r"bao hiem xa hoi\s+tinh", True),
    ("Ban Dân tộc tỉnh", r"ban dan toc(?:\s+tinh)?", True),
]]
# A province's body whose "tỉnh" is optional ("Kho bạc Nhà nước", "Ban Dân tộc") is another level's or another
# region's when a place other than the province follows its name: "Kho bạc Nhà nước khu vực XII", "Trung tâm Phục
# vụ hành chính công cấp xã", "Ban Dân tộc huyện", "Đài Phát thanh và Truyền hình Việt Nam". The grammar reader
# below then names it with that place as written. A city under the centre is a province ("thành phố Huế").
# Folded, "quan" is also "quản" (manage) and "xa" "xa" (far): those two are read with their marks.
OTHER_PLACE = re.compile(r"\s+(?:cua\s+)?(?:cap\s+(?:huyen|xa)|huyen|thi xa|thi tran|phuong|dac khu|khu vuc|viet nam"
                         r"|trung uong|(?P<marked>quan|xa(?!\s+hoi)))(?![a-z])")


def _local_name(text: str, ft: str, pos: int) -> bool:
    """A name follows pos that is no province's: "thành phố Rạch Giá" is a town, "thành phố Huế" a province."""
    return _names_after(text, pos) > pos and not PROVINCE.match(ft, pos)


def _other_place(text: str, ft: str, pos: int) -> bool:
    """Another place than the province follows pos: a level, a region, the country, or a town."""
    if m := OTHER_PLACE.match(ft, pos):
        return not m.group("marked") or text[m.start("marked"):m.end()].lower() in ("quận", "xã")
    city = re.match(r"\s+thanh pho(?![a-z])", ft[pos:])
    return bool(city) and _local_name(text, ft, pos + city.end())


LOWER_LEVELS = re.compile(r"\s*(?:,|va)\s*(cap\s+(huyen|xa)|(?:cac\s+)?xa\s*,\s*phuong\s*,\s*thi tran)(?![a-z])")
NEWSPAPER = re.compile(_B + r"bao\s+(?=[a-z])")
_STOP = r"(?:cua|tinh|giai|nam|theo|tai|ve|de|cho|la|voi|trong|tren|da|se|thuc|trien|va)"
STEERING = re.compile(_B + r"ban chi dao(?P<name>(?:\s+(?!" + _STOP + r"(?![a-z]))[a-z]+){0,10})"
                      r"(?P<suffix>\s+(?:cua\s+)?(?:tinh|chinh phu)(?![a-z]))?")
STEERING_NAMES = dict.fromkeys(("cai cach hanh chinh", "chuong trinh cai cach hanh chinh", "cchc"),
                               "Cải cách hành chính")
_TITLE = (r"(?<![a-z])(?:cac|thu truong|giam doc|pho chu tich|chu tich|lanh dao|bo truong|chu nhiem|truong ban"
          r"|nguoi dung dau|chanh an|vien truong|tong kiem toan|cuc truong|chi cuc truong|hat truong)(?![a-z])")
RUN_GAP = re.compile(rf"\s*(?:,|&|va|hoac)?\s*(?:{_TITLE}\s*,?\s*)*")
TAIL_TITLES = re.compile(rf"(?:{_TITLE}\s*,?\s*)+$")
OPENING = re.compile(r"(?:^|[.;:!?]\s)\s*(?:(?:[ivxlc]+|\d+(?:\.\d+)*)\s*[.)]|[a-z]\)|[-+•–*])?\s*"
                     r"(?:(?:theo do|dong thoi|ngoai ra|sau do)\s*,\s*)?$")
ACTS = re.compile(r"\s*(?:\([^)]{0,30}\)\s*)?:?\s*(?:(?:se|cung|can|phai|tiep tuc|chu dong)\s+)?(chu tri"
                  r"|co trach nhiem|chiu trach nhiem|tham muu|phoi hop|la co quan|lam co quan|lam dau moi)(?![a-z])")
COMMANDS = re.compile(r"\s*(?:\([^)]*\)\s*)?,?\s*(?:(?:da|se)\s+)?(?:yeu cau|de nghi|giao|chi dao|chi thi|ban hanh)(?![a-z])")
OBJECT_OF = [  # what the words just before a run make of it
    # A heading or a sentence that gives a body its duties: "Điều 21. Trách nhiệm của Sở Tài chính", "Nhiệm vụ, quyền
    # hạn của Văn phòng ...", "... là trách nhiệm của X": X does what follows.
    ("lead", re.compile(r"(?<![a-z])(?:trach nhiem|nhiem vu)(?:(?:\s*,\s*|\s+va\s+)(?:trach nhiem|nhiem vu|quyen han))*"
                        r"\s+cua\s*$")),
    # A task's own lines and a task table's columns: "Đơn vị chủ trì: X", "Cơ quan phối hợp: Y".
    ("coordinate", re.compile(r"(?<![a-z])(?:(?:co quan|don vi)\s+)?phoi hop(?:\s+thuc hien)?\s*:\s*$")),
    ("lead", re.compile(r"(?<![a-z])(?:(?:(?:co quan|don vi)\s+)?chu tri(?:\s+thuc hien)?"
                        r"|(?:co quan|don vi)\s+(?:thuc hien|chiu trach nhiem))\s*:\s*$")),
    ("coordinate", re.compile(r"(?<![a-z])phoi hop(?:\s+chat che)?(?:\s+(?:voi|cung))?\s*$")),
    ("report_to", re.compile(r"(?<![a-z])(?:(?:bao cao|gui)(?:\s+(?:ve|len|cho|toi|den))?"
                             r"|(?:bao cao|gui)\s[^.;:]{0,60}?\s(?:ve|len|toi|den))\s*$")),
    ("lead", re.compile(r"(?<![a-z])(?:giao(?:\s+cho)?|yeu cau|de nghi|phan cong(?:\s+cho)?)\s*$")),
    ("mention", re.compile(r"(?<![a-z])(?:tham muu(?:\s+(?:voi|cho))?|trinh|trach nhiem truoc)\s*$")),
]
ALONG_WITH = re.compile(r"\s+(?:chat che\s+)?(?:voi|cung)(?![a-z])")
CUES = re.compile(r"(?<![a-z])(chu tri|tham muu)(?![a-z])")

Mention = tuple[int, int, str, str]          # start, end, canonical name, raw
SO_BO_WORDS = ("sở", "so", "bộ", "bo")


def _says(text: str, start: int, words: tuple[str, ...]) -> bool:
    """The word at start is one of words as written, so "số" and "cơ sở" are not "Sở"."""
    before = fold(text[max(0, start - 4):start])
    return text[start:start + 2].lower() in words and not re.search(r"(?<![a-z])co\s*$", before)


def _candidates(text: str, ft: str, strict: bool) -> list[tuple[int, int, list[Mention]]]:
    """Every possible agency span, possibly overlapping: (start, end, the mentions it stands for)."""
    cands: list[tuple[int, int, list[Mention]]] = []
    capital = (lambda s: text[s].isupper()) if strict else (lambda s: True)
    for m in SO_BO.finditer(ft):
        s = m.start()
        if not _says(text, s, SO_BO_WORDS) or strict and not (
                text[s].isupper() or re.search(r"cac\s+$", ft[max(0, s - 6):s])):
            continue
        kind = "Sở" if m.group(1) == "so" else "Bộ"
        ms = [(s, m.end(), f"{kind} {_dept(m.group(2))}", text[s:m.end()])]
        pos = m.end()
        while (more := SO_BO_MORE.match(ft, pos)) and capital(more.start(2)):
            if not more.group(1) and kind == "Sở" and _dept(more.group(2)) in MINISTRY_ONLY:
                break            # "Sở Y tế, Công an tỉnh": no province has a Sở of the police; the list ends
            kind = {"so": "Sở", "bo": "Bộ"}.get(more.group(1), kind)
            s2 = more.start(1) if more.group(1) else more.start(2)
            ms.append((s2, more.end(), f"{kind} {_dept(more.group(2))}", text[s2:more.end()]))
            pos = more.end()
        cands.append((s, pos, ms))
    for name, rx, cap in FIXED:
        for m in rx.finditer(ft):
            s, e = m.span()
            if cap and not capital(s) or ft[s:s + 2] in ("so", "bo") and not _says(text, s, SO_BO_WORDS):
                continue
            if name.endswith("Thành phố") and _local_name(text, ft, e):
                continue                 # "Ủy ban nhân dân thành phố Rạch Giá": a district's, not the city's
            if name.endswith(" tỉnh") and not ft[s:e].endswith("tinh") and _other_place(text, ft, e):
                continue                 # "Kho bạc Nhà nước khu vực XII", "Ban Dân tộc huyện": not the province's
            ms = [(s, e, name, text[s:e])]
            while name.startswith("Ủy ban") and (low := LOWER_LEVELS.match(ft, e)):
                e = low.end()
                ms.append((low.start(1), e, "Ủy ban nhân dân cấp huyện" if low.group(2) == "huyen"
                           else "Ủy ban nhân dân cấp xã", text[low.start(1):e]))
            cands.append((s, e, ms))
    for m in NEWSPAPER.finditer(ft):
        if capital(m.start()) and (p := PROVINCE.match(ft, m.end() - 1)) and (
                where := find_province(text[p.start(1):p.end()])):
            cands.append((m.start(), p.end(), [(m.start(), p.end(), f"Báo {where}", text[m.start():p.end()])]))
    for m in STEERING.finditer(ft):
        if text[m.start():m.start() + 3].lower() != "ban":      # not "văn bản chỉ đạo"
            continue
        name, e = m.group("name"), m.end("name")
        if name and strict and not text[m.start("name"):].lstrip()[:1].isupper():
            name, e = "", m.start("name")
        suffix = m.group("suffix") if e == m.end("name") else None
        e = m.end("suffix") if suffix else e
        shown = STEERING_NAMES.get(" ".join(name.split())) or " ".join(text[m.start("name"):m.end("name")].split())
        level = "tỉnh" if suffix and "tinh" in suffix else "của Chính phủ" if suffix else ""
        canon = " ".join(w for w in ("Ban Chỉ đạo", shown[:1].upper() + shown[1:] if name else "", level) if w)
        cands.append((m.start(), e, [(m.start(), e, canon, text[m.start():e])]))
    return cands


# A body named by grammar, not by list: a head noun written with a capital ("Sở", "Ban Quản lý", "Công an",
# "Trung tâm", "Thuế" ...) and its field, up to a role word, punctuation or the next body; the place
# ("tỉnh", "Thành phố", "xã X") kept as written. Known names above win where they match; this finds the rest
# ("Trung tâm Chuyển đổi số Thành phố", "Ban Quản lý các khu công nghệ cao và khu công nghiệp", "Thuế tỉnh").
_HEADS = ("Ban Quản lý", "Ban Chỉ huy", "Bộ Chỉ huy", "Bộ Tư lệnh", "Bộ đội Biên phòng", "Công an", "Thuế",
          "Thanh tra", "Trung tâm", "Văn phòng", "Báo", "Đài", "Kho bạc", "Ủy ban", "Hội đồng", "Tòa án",
          "Viện kiểm sát", "Viện", "Cục", "Chi cục", "Tổng cục", "Vụ", "Bảo hiểm xã hội", "Ngân hàng", "Quỹ",
          "Học viện", "Trường", "Bệnh viện", "Liên đoàn", "Mặt trận", "Thành ủy", "Tỉnh ủy", "Đảng ủy", "Phòng",
          "Hạt Kiểm lâm", "Chi nhánh", "Cảng vụ", "Đoàn", "Hội", "Ban", "Sở", "Bộ", "Tổng công ty", "Công ty",
          "Tập đoàn")
_HEAD_WORDS = {fold(h): h.lower() for h in _HEADS}
HEAD = re.compile(_B + r"(" + "|".join(sorted(map(re.escape, _HEAD_WORDS), key=len, reverse=True)) + r")(?![a-z0-9])")
# Words that end a body's name: what it is asked to do, and the function words a name never holds.
# (Matched on the words as written: folded, "đẳng" would be "đang" and "tư" "từ".)
_NAME_STOP = re.compile(r"(?:chủ trì|phối hợp|tham mưu|thực hiện|có trách nhiệm|chịu trách nhiệm|triển khai|hướng dẫn"
                        r"|theo dõi|kiểm tra|tổ chức|xây dựng|tổng hợp|báo cáo|đề xuất|trình|ban hành|rà soát|đôn đốc"
                        r"|bảo đảm|đảm bảo|nghiên cứu|cung cấp|cập nhật|giải quyết|tiếp nhận|làm|là|được|sẽ|đã|đang"
                        r"|cần|phải|tiếp tục|chủ động|theo|tại|để|cho|với|về|trên|trong|ngày|năm|như|khi|nếu|thì|mà"
                        r"|có|các cơ quan|đơn vị|nhằm|gồm|bằng|hoặc|sau|trước|đến|từ|tham gia|quản lý|xử lý|phê duyệt"
                        r"|quyết định|đánh giá|thông báo|gửi|nhận|ký|giao|yêu cầu|đề nghị|xem xét|quy định|bố trí"
                        r"|chỉ đạo|phân công|công bố|thẩm định|giám sát|cấp phép|bảo vệ|thuộc|trực thuộc|tài trợ)(?![\wÀ-ỹ])")
# "đăng ký" (register) is a field ("Văn phòng đăng ký đất đai"), though "ký" (sign) alone ends a name
_REGISTER = re.compile(r"(?<![a-z])dang\s+ky$")
# The state's formal name after a body's ("Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam") is no part of it
_STATE = re.compile(r"nuoc\s+cong hoa\s+xa hoi\s+chu nghia\s+viet nam(?![a-z])")


def _names_after(text: str, pos: int) -> int:
    """Where the run of capitalised words from pos ends ("... tỉnh Nghệ An", "... Thành phố Hồ Chí Minh"). Checked
    with str.isupper: a range such as [A-ZÀ-Ỹ] also holds the lower-case "đ", "á", "ư" of "được", "đáp ứng"."""
    while (name := re.match(r"[ \t]+([^\W\d_][\w]*)", text[pos:])) and name.group(1)[0].isupper():
        pos += name.end()
    return pos


# Courts and procuracies name their kind and level from a closed set, in lower case: "Tòa án nhân dân tối cao",
# "Tòa án quân sự quân khu và tương đương", "Viện kiểm sát nhân dân tỉnh". A judge's rank after it ("Thẩm phán Tòa án
# nhân dân bậc 2"), a law's number ("Luật Tổ chức Tòa án nhân dân số 34/...") or a verb ("Tòa án tuyên") is not.
_COURTS = ("toa an", "vien kiem sat")
_COURT_FIELD = re.compile(r"\s+(?:nhan dan|quan su)(?:\s+(?:toi cao|cap cao|cap tinh|cap huyen|cap xa|khu vuc|trung uong"
                          r"|quan khu(?:\s+va\s+tuong duong)?|so tham chuyen biet|cac cap|tinh|thanh pho|huyen|quan)"
                          r"(?![a-z]))*(?![a-z])")
# their field may start in lower case ("Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tỉnh")
_OPEN_HEADS = ("ban quan ly", "ban chi huy", "bo chi huy", "bo tu lenh", "toa an", "vien kiem sat")
# "xã hội" (society) is no commune: "Ngân hàng Chính sách xã hội", "Bảo trợ xã hội"
PLACE_WORD = re.compile(r"(?:tinh|thanh pho|xa(?!\s+hoi(?![a-z]))|phuong|dac khu|cap tinh|cap xa|trung uong)(?![a-z])")
_MAX_NAME_WORDS = 12


_FIELD_ITEM = re.compile(rf"[ \t]+({CAPITAL}[\wÀ-ỹ]*)((?:[ \t]+(?!và(?![\wÀ-ỹ]))[\wÀ-ỹ]+){{0,3}}?)(?=[ \t]*,|[ \t]+và[ \t])")
_TITLE_WORD = re.compile(rf"{_TITLE}|(?:pho|chanh|tham phan|uy vien|thu ky|thuong truc|luat|nghi dinh|thong tu"
                         rf"|nghi quyet)(?![a-z])")


def _field(text: str, ft: str, start: int, end: int) -> bool:
    """text[start:end] is a field ("Hạ tầng", "Dược cổ truyền"): a capital on its first word only. Not another body,
    a title, a document or a place, and not a proper name, which writes every word with a capital ("Hòa Bình")."""
    words = text[start:end].split()
    return not (HEAD.match(ft, start) or PLACE_WORD.match(ft, start) or PROVINCE.match(ft, start - 1)
                or _TITLE_WORD.match(ft, start) or _NAME_STOP.match(text[start:start + 24].lower())
                or len(words) > 1 and all(w[:1].isupper() for w in words))


def _field_list(text: str, ft: str, pos: int) -> int:
    """Where a comma at pos that goes on listing the body's fields ends, or -1. The list is closed by "và" and its
    last field, no longer than the items before it: "Phòng Kinh tế, Hạ tầng và Đô thị", "Ủy ban Quốc phòng, An ninh
    và Đối ngoại", "Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam". Not a list of bodies, titles or places
    ("Sở A, Công an tỉnh và ...", "..., Phó Chánh án và ...", "xã Đoàn Kết, Sông Bờ và Hòa Bình")."""
    at, longest = pos, 1
    for _ in range(6):
        if not text.startswith(",", at):
            return -1
        item = _FIELD_ITEM.match(text, at + 1)
        if not item or not _field(text, ft, item.start(1), item.end()):
            return -1
        longest = max(longest, len(text[item.start(1):item.end()].split()))
        at = item.end()
        if last := re.match(rf"[ \t]+và[ \t]+({CAPITAL}[\wÀ-ỹ]*(?:[ \t]+[\wÀ-ỹ]+)*)", text[at:]):
            words = last.group(1).split()[:longest]
            while len(words) > 1 and _NAME_STOP.match(" ".join(words[1:]).lower()):
                words.pop()     # "... và Đô thị phổ biến": the last field ends before its verb
            end = at + last.start(1) + len(" ".join(words))
            if not _field(text, ft, at + last.start(1), end):
                return -1
            country = re.match(r"[ \t]+Việt Nam(?![\wÀ-ỹ])", text[end:])
            return end + (country.end() if country else 0)
    return -1


def _field_end(text: str, ft: str, pos: int) -> tuple[int, int]:
    """Where the field of a body whose head noun ends at pos ends, and how many words it holds: up to a role word,
    punctuation or the next body; a list of fields closed by "và" goes on; a place ends it, kept as written."""
    words = 0
    while words < _MAX_NAME_WORDS:
        w = re.match(r"[ \t]+(?:-[ \t]+)?([a-z0-9]+(?:-[a-z0-9]+)?)", ft[pos:])
        if not w and words and (listed := _field_list(text, ft, pos)) > 0:
            pos, words = listed, words + 1
            gap = re.match(r"[ \t]+", ft[pos:])
            if gap and (place := PLACE_WORD.match(ft, pos + gap.end())):
                pos = _names_after(text, place.end())   # "... và Du lịch tỉnh Nghệ An": the place ends it
            break
        if not w:
            break
        start = pos + w.start(1)
        if not text[start].isupper() and _NAME_STOP.match(text[start:start + 24].lower()) and not (
                _REGISTER.search(ft, max(0, start - 8), start + 2)):
            break
        if _STATE.match(ft, start):
            break                    # "Ủy ban Thường vụ Quốc hội nước Cộng hòa ...": the state's name, not the body's
        if (country := re.match(r"viet nam(?![a-z])", ft[start:])) and text[start].isupper() and words and not (
                re.match(r"\s*(?:-\s*)?(?:chi nhanh|khu vuc|cung cap)(?![a-z])", ft[start + country.end():])
                or PLACE_WORD.match(ft[start + country.end():].lstrip())):
            pos, words = start + country.end(), words + 1
            break                    # "Đài Truyền hình Việt Nam": the country ends it, unless a branch or place follows
                                     # ("... Việt Nam - Chi nhánh ...", "... Việt Nam tỉnh", "... Việt Nam cùng cấp")
        if w.group(1) == "va":
            after = pos + w.end()
            nxt = re.match(r"[ \t]+([a-z]+)", ft[after:])
            if not nxt or nxt.group(1) in ("cac", "nhung", "moi", "cua") or (
                    HEAD.match(ft, after + nxt.start(1)) and text[after + nxt.start(1)].isupper()):
                break                # "Sở A và Ban B", "Sở A và các đơn vị": the next body or a group
        if words and ft.startswith("khu vuc", start):
            # "Kho bạc Nhà nước khu vực VII", "Bệnh viện Đa khoa khu vực Tây Nguyên": a region's number or name ends it
            after = start + len("khu vuc")
            number = re.match(r"[ \t]+(?:[ivxlc]+|\d+)(?![a-z0-9])", ft[after:])
            end = after + number.end() if number else _names_after(text, after)
            if end > after:
                pos, words = end, words + 1
                break
        place = PLACE_WORD.match(ft, start)
        if place and not text[start].isupper() and words > 0:
            # "Công an tỉnh", "Thanh tra thành phố", "Sở Y tế tỉnh Nghệ An": the place ends the name.
            pos = _names_after(text, place.end())
            words += 1
            break
        pos, words = pos + w.end(), words + 1
    return pos, words


def _generic_bodies(text: str, ft: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, list[Mention]]]:
    """Bodies named by grammar where no known name matched."""
    out: list[tuple[int, int, list[Mention]]] = []
    for m in HEAD.finditer(ft):
        s = m.start()
        # As written, with its marks ("Quỹ", not "Quý IV"; "Báo", not "Bảo đảm"; "Trường", not "Trưởng ban").
        if not text[s].isupper() or text[s:m.end()].isupper() or text[s:m.end()].lower() != _HEAD_WORDS[m.group(1)] or any(
                a <= s < b for a, b in taken):
            continue
        pos, words = m.end(), 0
        first = re.match(r"[ \t]+(\S)", text[pos:])
        if not first or not (first.group(1).isupper() or m.group(1) in _OPEN_HEADS
                             or PLACE_WORD.match(ft, pos + first.start(1))):
            continue                     # "Hội nghị", "Bộ phận Một cửa", "Trung tâm dữ liệu": not a body's name
        if m.group(1) in _COURTS:
            court = _COURT_FIELD.match(ft, pos)
            if not court:
                continue                 # "Tòa án kết án", "Tòa án tuyên": the court in a sentence, no name
            pos, words = _names_after(text, court.end()), 1     # "Tòa án nhân dân tỉnh Nghệ An"
        else:
            pos, words = _field_end(text, ft, pos)
        e = pos
        while ft[s:e].endswith((" va", "-")):
            e = s + len(re.sub(r"\s*(?:va|-)$", "", ft[s:e]))
        if words == 0 or any(a < e and s < b for a, b in taken):
            continue
        raw = text[s:e]
        if len(raw.split()) < 2:
            continue
        out.append((s, e, [(s, e, " ".join(raw.split()), raw)]))
    return out


@lru_cache(maxsize=64)
def _dept(folded: str) -> str:
    return next(n for p, n in _DEPT_ALTS if re.fullmatch(p, folded))


def _mentions(text: str, ft: str, strict: bool = True) -> list[Mention]:
    """Non-overlapping agency mentions in order: the earliest, then the longest, candidate wins."""
    out: list[Mention] = []
    end = -1
    known = _candidates(text, ft, strict)
    found = known + _generic_bodies(text, ft, [(s, e) for s, e, _ in known])
    for s, e, ms in sorted(found, key=lambda c: (c[0], -c[1])):
        if s < end:
            continue
        if (p := PROVINCE.match(ft, e)) and (not strict or text[p.start(1)].isupper()):
            last = ms[-1]
            ms, e = ms[:-1] + [(last[0], p.end(), last[2], text[last[0]:p.end()])], p.end()
        out += ms
        end = e
    last_steering = "Ban Chỉ đạo"        # a bare "Ban Chỉ đạo" is the one the clause named before
    for i, (s, e, name, raw) in enumerate(out):
        if name.startswith("Ban Chỉ đạo"):
            if name == "Ban Chỉ đạo":
                out[i] = (s, e, last_steering, raw)
            last_steering = out[i][2]
    return out


def _runs(ft: str, ms: list[Mention]) -> list[list[Mention]]:
    runs: list[list[Mention]] = []
    for m in ms:
        if runs and RUN_GAP.fullmatch(ft, runs[-1][-1][1], m[0]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _analyse(text: str, heading_leads: tuple[tuple[str, str], ...]) -> list[AgencyRole]:
    ft = fold_aligned(text)
    found: list[AgencyRole] = []
    actors: list[tuple[int, list[Mention]]] = []
    for run in _runs(ft, _mentions(text, ft)):
        start, end = run[0][0], run[-1][1]
        pre = ft[:start] if start <= 200 else "\0" + ft[start - 200:start]   # "\0": not the clause start
        if t := TAIL_TITLES.search(pre):
            pre = pre[:t.start()]
        role = next((r for r, rx in OBJECT_OF if rx.search(pre)), None)
        act = ACTS.match(ft, end)
        opening = role is None and OPENING.search(pre) and not COMMANDS.match(ft, end)
        verb = act.group(1) if act else ""
        if verb == "phoi hop" and not ALONG_WITH.match(ft, act.end()) and (opening or role is None):
            role = "coordinate"          # "Sở A chủ trì; Sở B phối hợp": B is the partner
        elif role == "lead" or opening or role is None and act and re.search(r",\s*$", pre):
            actors.append((start, run))
            role = "advise" if verb == "tham muu" else "lead"
        found += [AgencyRole(a, role or "mention", raw, s, e) for s, e, a, raw in run]
    for cue in CUES.finditer(ft):
        role = "lead" if cue.group(1) == "chu tri" else "advise"
        actor = next((run for s, run in reversed(actors) if s < cue.start()), None)
        if actor:
            found += [AgencyRole(a, role, raw, s, e) for s, e, a, raw in actor]
        else:
            found += [AgencyRole(a, role, raw, -1, -1) for a, raw in heading_leads]
    return found


@lru_cache(maxsize=256)
def _leads_of(heading: str) -> tuple[tuple[str, str], ...]:
    """The agencies a heading puts in charge ("8. Sở Nội vụ"), as (canonical, raw)."""
    leads: dict[str, str] = {}
    for r in _analyse(heading, ()):
        if r.role == "lead":
            leads.setdefault(r.agency, r.raw)
    return tuple(leads.items())


def find_agencies(text: str, headings: list[str] = ()) -> list[AgencyRole]:
    """Agencies the clause names, each with its roles, heading-derived leads (start -1) first."""
    inherited = next((leads for h in reversed(list(headings)) if (leads := _leads_of(h))), ())
    roles = _analyse(text, inherited)
    receivers = {r.agency for r in roles if r.role in ("coordinate", "report_to")}
    roles = [AgencyRole(a, "lead", raw, -1, -1) for a, raw in inherited if a not in receivers] + roles
    active = {r.agency for r in roles if r.role != "mention"}
    out: list[AgencyRole] = []
    seen: set[tuple[str, str]] = set()
    for r in sorted(roles, key=lambda r: r.start):
        if (r.agency, r.role) not in seen and not (r.role == "mention" and r.agency in active):
            seen.add((r.agency, r.role))
            out.append(r)
    return out


def canonical_agency(name: str) -> str | None:
    """The canonical name of one agency however it is spelt ("VP UBND tinh", "Sở KH&ĐT"); None otherwise."""
    ft = fold_aligned(name)
    ms = _mentions(name, ft, strict=False)
    if len(ms) != 1:
        return None
    rest = ft[:ms[0][0]] + " " + ft[ms[0][1]:]
    return ms[0][2] if re.fullmatch(rf"[\s.,:;()]*(?:{_TITLE}[\s.,:;()]*)*", rest) else None
