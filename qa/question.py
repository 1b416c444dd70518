"""What a question asks, read from its words: its type (agency, document, deadline, figure, general), the role,
action, office or owner a who-question names, the document, day or year a document question gives, and its topic.

Patterns run on folded text, so a question typed with or without marks, or glossed from English, reads the same.
The answerer (qa.answer) decides from these readings what to extract from the clauses.
"""
from __future__ import annotations

import re

from index.search import without_provinces
from index.text import codes
from ingest.citations import KINDS
from ingest.vietnamese import fold
from qa.evidence import ASKED_KIND, KIND_NAMES
from qa.figures import how_many

# The bodies "<kind> nào" asks for, folded, each with the start of the names it allows ("tờ báo nào" -> "Báo ...")
_AGENCY_KINDS = {"so": "so ", "dai": "dai ", "to bao": "bao ", "bao": "bao ", "bo": "bo ", "trung tam": "trung tam ",
                 "uy ban": "uy ban ", "phong": "phong ", "ban": "ban "}
# and the other head nouns of body names ("Cục nào", "Hạt Kiểm lâm nào", "Bệnh viện nào"); not those that are also
# common words ("vụ nào" is which case, "thuế nào" which tax, "hội nào") or fold to one ("quỹ nào" is "quý nào",
# which quarter). _ASKED_AGENCY_KIND tries the longest first, so "chi cục nào" is not "cục nào".
_AGENCY_KINDS.update({k: k + " " for k in (
    "cuc", "chi cuc", "tong cuc", "hat kiem lam", "vien", "toa an", "truong", "benh vien", "hoc vien", "chi nhanh",
    "ngan hang", "cong ty", "tong cong ty", "tap doan", "hoi dong", "van phong", "thanh tra", "kho bac")})
# English names a body by one of these nouns: "which agency leads the plan" asks a body, though a kind of text follows
_BODY_NOUNS = (r"(agency|agencies|department|departments|body|bodies|office|offices|ministry|ministries|committee|"
               r"committees|unit|units|authority|authorities|council|councils|organisation|organization)\b")
_TYPE_PATTERNS = [  # folded text; the first that matches wins
    ("document", r"\b(number of (the |its )?([\w']+ ){0,6}(decision|plan|decree|directive|resolution|letter|"
                 r"dispatch|circular|scheme)\b|"
                 r"van ban nao|nghi dinh nao|quyet dinh nao|thong tu nao|nghi quyet nao|chi thi nao|ke hoach nao|"
                 r"(quy chuan ky thuat( quoc gia)?|tieu chuan quoc gia) nao|"
                 r"can cu (vao )?(van ban|nghi dinh)|theo (van ban|nghi dinh|quyet dinh) nao|"
                 r"which ((?!" + _BODY_NOUNS + r")[\w']+ ){0,5}(decree|decision|document|resolution|law|plan|circular|"
                 r"directive|scheme)|(what|which) technical regulation|what (decree|decision|document|law))"),
    # "bao nhiêu ngày làm việc", "thời hạn ... bao nhiêu năm": a length of time is counted, a figure; "ngày bao
    # nhiêu" (which day) stays a date
    ("figure", r"\b((bao nhieu|how many) (ngay|thang|nam|gio|phut|tuan|days|months|years|hours|weeks)|"
               r"bao lau|how long|how often|how frequently)\b"),
    ("deadline", r"\b(khi nao|thoi han|truoc ngay nao|han chot|bao gio|ngay nao|ngay (bao nhieu|may)|"
                 r"ngay ban hanh (la )?nao|ngay (ban hanh|ky)\W*$|giai doan nao|thoi gian nao|quy nao|thang nao|"
                 r"which (quarter|month)|"
                 r"thoi diem nao|nam nao|by when|deadline|when (must|should|do|does|did|will|is|are|was|were)|"
                 r"what date|which year|what year|(issue|issuing|signing) date|date of|date\W*$)"),
    # English asks an amount by its measure word ("what is the maximum loan", "the minimum period", "the annual cap
    # on"), where Vietnamese writes "bao nhiêu"
    ("figure", r"\b(bao nhieu|chi tieu|ty le|so luong|how many|how much|"
               r"what (target|percentage|share|rate)|what (is|are|was|were) the ([\w-]+ ){0,2}?(maximum|minimum|"
               r"cap|ceiling|limit|rate|level|amount|number|percentage|share|target|quota|frequency|duration)\b|"
               r"target for|percentage|proportion|^(tong )?so (ho so|thu tuc|co quan|don vi|nguoi|lop|"
               r"can bo|cong chuc|vien chuc|van ban|tai khoan|dich vu|truong hop|y kien)\b)"),
    ("agency", r"\b((co quan|don vi|to chuc|" + "|".join(_AGENCY_KINDS) + r") nao|"
               r"ai (la|chu tri|phu trach|tham muu|chiu trach nhiem|phoi hop|phai|duoc|se|lam|ky|ban hanh)|"
               r"(la|cua|do|voi|cho|boi) ai\b|^ai\b|who|whom|which ([\w']+ ){0,3}" + _BODY_NOUNS + ")"),
]
ROLE_WORDS = [("advise", r"\b(tham muu|advis)"),
              ("coordinate", r"\b(phoi hop|coordinat|assist|helps?\b|supports?\b|works? with)"),
              ("report_to", r"\b(bao cao (ve|cho|len)|gui bao cao|report(s|ed)? to)"),
              ("lead", r"\b(chu tri|phu trach|in charge|lead|responsible)")]

# "quyết định nào", "quyết định số mấy?", and a text named by its title before "số nào" asks its number: "căn cứ
# Luật Tổ chức Tòa án nhân dân số nào?"
_KIND_NAO = r"\b" + KIND_NAMES + r"(( [\w-]+){0,3} nao| so (may|bao nhieu)|( [\w-]+){0,8} so (nao|may))\b"
_STARTS_WITH_KIND = r"^(nghi dinh|quyet dinh|thong tu|nghi quyet|chi thi|van ban|luat|decree|decision|circular)\b"


def bare_number(question: str, folded: str) -> bool:
    """The question is little more than a document number ("qđ 324/qđ-ubnd an giang"): at most three words
    beside the numbers."""
    return bool(codes(question)) and len(re.findall(r"[^\W\d_]+", re.sub(r"\S*\d\S*", " ", folded))) <= 3


def question_type(question: str) -> str:
    folded = fold(how_many(question))
    if asks_issuer(question) and (codes(question) or short_refs(question)):
        return "agency"            # "Which body issued Decree 61/2018/NĐ-CP?": who, though it names a decree
    if bare_number(question, folded):
        return "document"          # the query is a document number: who cites it
    if re.search(r"\bso (ky )?hieu\b", folded) or re.search(_KIND_NAO, folded):
        return "document"
    for name, pattern in _TYPE_PATTERNS:
        if re.search(pattern, folded):
            return name
    if re.search(_STARTS_WITH_KIND, folded):
        return "document"
    return "general"


_ISSUED_YEAR = re.compile(r"\bban hanh (?:vao |tu )?nam ((?:19|20)\d\d)\b|\b" + KIND_NAMES
                          + r" nao (?:[^\W\d_]+ ){0,4}?nam ((?:19|20)\d\d)\b")


def issued_year(question: str) -> str | None:
    """The year a document question says its document was issued: "nghị định nào ban hành năm 2006", "nghị định nào
    năm 2013"; not the year of the task ("kinh phí năm 2020 căn cứ nghị định nào")."""
    m = _ISSUED_YEAR.search(fold(question))
    return (m[1] or m[2]) if m else None


_QUESTION_DAY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")


def question_days(question: str) -> set[str]:
    """The days a question writes (dd/mm/yyyy), as ISO dates."""
    return {f"{y}-{int(m):02d}-{int(d):02d}" for d, m, y in _QUESTION_DAY.findall(question)
            if 1 <= int(d) <= 31 and 1 <= int(m) <= 12}


def asked_role(question: str) -> str | None:
    folded = fold(question)
    return next((role for role, pattern in ROLE_WORDS if re.search(pattern, folded)), None)


_ASKED_AGENCY_KIND = re.compile(r"\b(" + "|".join(sorted(_AGENCY_KINDS, key=len, reverse=True)) + r") nao\b")


def asked_agency_kind(question: str) -> str | None:
    """The folded start of the agency's name that "<kind> nào" asks for: "đài nào" -> "dai ", "sở nào" -> "so "."""
    m = _ASKED_AGENCY_KIND.search(fold(question))
    return _AGENCY_KINDS[m[1]] if m else None


_ASKED_AGENT = re.compile(r"\b(?:co quan nao|so nao|don vi nao|ban nao|ai)((?:\s+[^\W\d_]+){1,4})")
_AUXILIARIES = {"duoc", "giao", "se", "da", "phai", "can", "co", "dang"}   # "được giao thẩm định" -> "thẩm định"


def asked_action(question: str) -> str | None:
    """The folded verb right after the agency question phrase ("do sở nào thẩm định" -> "tham dinh", "sở nào sẽ
    thẩm định" too): the action whose doer is asked. None when those words name a role (the role weights
    handle "chủ trì", "tham mưu")."""
    m = _ASKED_AGENT.search(fold(question))
    words = m[1].split() if m else []
    if words[:1] == ["la"]:                   # "ai là cơ quan thường trực": who it is, not who does something
        return None
    if words[:1] == ["lam"]:                  # "ai làm Trưởng ban": the office is the action ("... (Trưởng ban ...)")
        words.pop(0)
    while words and words[0] in _AUXILIARIES:
        words.pop(0)
    action = " ".join(words[:2])
    if not action or any(re.match(pattern, action) for _, pattern in ROLE_WORDS):
        return None
    return action


_OWNED = re.compile(r"((?:[^\W\d_]+ ){1,2})cua (?:ai|(?:co quan|so|don vi|bo|ban) nao)\b")


_ASKED_PARENT = re.compile(r"\b(?:truc )?thuoc (?:[^\W\d_]+ ){0,3}nao\b")


def asks_parent(question: str) -> bool:
    """The question asks what a named body belongs to: "Quỹ X trực thuộc cơ quan nào?", "Trạm Y thuộc Hạt Kiểm lâm
    nào?"."""
    return _ASKED_PARENT.search(fold(question)) is not None


def asked_owned(question: str) -> str | None:
    """The folded thing whose owner is asked: "Bằng khen của ai?" -> "bang khen", "theo kết luận của cơ quan nào"
    -> "ket luan"."""
    m = _OWNED.search(fold(question))
    return m[1].strip() if m else None


# After the named document: its title or issuer ("của Kiên Giang về sắp xếp, kiện toàn ...", "được Thủ tướng"),
# never an obligation ("các sở phải ban hành ..."), then the issuing verb and the time asked for at once, or "có
# ngày ban hành là ..."
_WHEN = r"(?:ngay nao|ngay bao nhieu|ngay may|nam nao|thang nao|khi nao|bao gio|luc nao|thoi gian nao)\b"
_ISSUED_WHEN = (r"(?:(?!\b(?:phai|can|giao|co trach nhiem)\b)[^;?]){0,160}?\b(?:"
                r"(?:ban hanh|ky|ra doi)\s+(?:vao\s+)?" + _WHEN + r"|"
                r"(?:ngay|thoi gian|thoi diem) (?:ban hanh|ky)(?:\s+(?:la\s+)?(?:vao\s+)?(?:nao\b|" + _WHEN + r")|\W*$)|"
                # "Nghị định 43/2006/NĐ-CP về cơ chế tự chủ ... ngày nào?": its subject, then the day, no task between
                r"ve\b(?:(?!\b(?:hoan thanh|truoc|bao cao|han|xong|thuc hien|trien khai|phai|can)\b)[^;?]){0,120}?"
                r"\b(?:ngay nao|ngay bao nhieu)\W*$)")
_ISSUED_WHEN_EN = re.compile(r"\b(?:when|what date|which date|which year|what year)\b.*\b(?:issued|issue|signed|sign|"
                             r"promulgated|adopted|approved)\b|\b(?:issue|issuing|signing) date\b|\bdate of "
                             r"(?:issue|signing)\b|\bdate\W*$|"
                             # "the date of PM decision 225/QD-TTg": a text's date is the day it was issued
                             r"\bdate of (?:\S+\s+){0,3}?(?:decision|decree|plan|directive|resolution|circular|letter"
                             r"|notice|law|report)s?\b")
# A document named by its kind and number alone, as people say it: "Quyết định 446", "decision 808"
_SHORT_REF = re.compile(r"\b(?:" + KIND_NAMES + r"|decision|decree|plan|directive|resolution|notice|letter)\s+"
                        r"(?:so\s+|no\.?\s*)?(\d{1,5}[a-z]?)\b(?![/-])")


_KIND_OF = {**{fold(k): v for k, v in KINDS.items() if k != "văn bản"}, "decree": "nghị định", "decision": "quyết định",
            "circular": "thông tư", "resolution": "nghị quyết", "plan": "kế hoạch", "directive": "chỉ thị", "law": "luật",
            # a national technical regulation or standard, however much of its name is written
            **{k: "quy chuẩn" for k in ("quy chuan ky thuat", "quy chuan ky thuat quoc gia", "technical regulation")},
            "tieu chuan quoc gia": "tiêu chuẩn"}


def asked_document_kind(question: str) -> str | None:
    """The kind of document a question asks for ("theo kế hoạch số mấy", "which decree"), as citations carry it;
    not a kind it names otherwise ("thực hiện Nghị quyết 17/NQ-CP theo kế hoạch số mấy": a plan)."""
    m = ASKED_KIND.search(fold(question))
    return _KIND_OF.get(m[1] or m[2]) if m else None


def named_kind(question: str) -> str | None:
    """The first kind of document a question names at all ("Đề án sắp xếp ... có số hiệu là gì?": an đề án)."""
    m = re.search(r"\b(" + KIND_NAMES + r")\b", fold(question))
    return _KIND_OF.get(m[1]) if m else None


_ASKS_ISSUER = re.compile(r"\b(?:ai|co quan nao|don vi nao|cap nao)\b[^?]{0,60}?\b(?:ban hanh|ky)\b|"
                          r"\b(?:ban hanh|ky)\b(?: boi)? (?:ai|co quan nao|don vi nao|cap nao)\b|"
                          r"\bla cua (?:ai|co quan nao|don vi nao|cap nao)\W*$|"   # "QĐ 324/QĐ-UBND ... là của cơ quan nào"
                          r"\bwho\b[^?]{0,80}?\b(?:issued|signed|issues|adopted)\b|\b(?:issued|signed) by (?:whom|which)\b|"
                          r"\b(?:which|what) (?:\w+ ){1,2}(?:issued|issues|signed|adopted)\b")


def asks_issuer(question: str) -> bool:
    """"Ai ban hành Kế hoạch 93/KH-UBND?", "Who issued Scheme 966/DA-UBND?": the issuer of a named document."""
    return bool(_ASKS_ISSUER.search(fold(question)))


_CITE_VERB = (r"(?:trich dan|vien dan|dan chieu|can cu(?: vao| theo)?|nhac den|de cap den|"
              r"cites?|citing|refers? to|referring to|mentions?)")
_CITER = (r"(?:(?:nhung |cac )?(?:van ban|cong van|chi thi|ke hoach|bao cao|tinh|dia phuong) nao|"
          r"which (?:\w+ ){0,2}?(?:documents?|directives?|letters?|plans?|reports?|provinces?)|what documents?|who)")
_ASKS_CITERS = re.compile(rf"\b{_CITER} (?:\w+ ){{0,4}}?{_CITE_VERB}\b|"                 # "Văn bản nào trích dẫn ..."
                          rf"\bduoc (?:\w+ ){{0,3}}?{_CITER} (?:\w+ ){{0,2}}?{_CITE_VERB}\b|"  # "... được văn bản nào căn cứ"
                          r"\b(?:cited|referred to|mentioned) (?:by|in) (?:which|what)\b")


def asks_citers(question: str) -> bool:
    """"Văn bản nào trích dẫn Nghị định 107/2021/NĐ-CP?", "Which documents cite Decree 107/2021/ND-CP?", "Văn bản
    nào căn cứ Luật Ban hành văn bản quy phạm pháp luật?": the question names a document by number, or a law by
    name, and asks who cites it, not what it cites ("Công văn 582 căn cứ nghị định nào?" asks after the verb)."""
    return bool(codes(question) or named_law(question)) and bool(_ASKS_CITERS.search(fold(question)))


_LAW = re.compile(r"\bluat(?!\s+nao\b)((?:,?\s+(?!nam\s+\d)[^\W\d_]+){2,14})(?:\s+nam\s+((?:19|20)\d\d))?")


def named_law(question: str) -> str | None:
    """A law the question names, as citations store one ("Luật Ban hành văn bản quy phạm pháp luật năm 2015"; the year
    only if written), without the province that places the question."""
    folded = fold(question)
    m = _LAW.search(folded)
    if not m:
        return None
    name = without_provinces(" ".join(question[m.start(1):m.end(1)].split()))   # folding keeps positions
    return f"Luật {name}" + (f" năm {m[2]}" if m[2] else "")


def short_refs(question: str) -> set[str]:
    """The numbers of documents named without their code ("Decision 808" -> "808"); a year is no number."""
    return {n for n in _SHORT_REF.findall(fold(question)) if not re.fullmatch(r"(19|20)\d\d", n)}


# the kind a citation carries (ingest.citations.KINDS) of each kind a question may name a document by its title
_TITLED_KINDS = {fold(w): KINDS[w] for w in ("đề án", "kế hoạch", "quyết định", "nghị quyết", "chỉ thị", "công văn",
                                              "thông tư", "nghị định")}


def titled_kind(question: str) -> str | None:
    """The kind of a document the question names by its title, not its number, and asks the issue date of ("Đề án
    sắp xếp tổ chức lại các đơn vị sự nghiệp y tế được ban hành ngày nào?" -> "đề án")."""
    m = re.match(r"\W*(" + "|".join(_TITLED_KINDS) + r")\b" + _ISSUED_WHEN, fold(question))
    return _TITLED_KINDS[m.group(1)] if m else None


def asks_issue_date(question: str, named: set[str]) -> bool:
    """The question asks when a document it names was issued ("82/KH-UBND được ban hành năm nào?"), not a time
    its text sets ("theo 82/KH-UBND, các sở phải ban hành kế hoạch trước ngày nào?")."""
    folded = fold(question)
    if _ISSUED_WHEN_EN.search(folded):
        return True
    return any(re.search(re.escape(fold(code)) + _ISSUED_WHEN, folded) for code in named)


_QUESTION_PHRASES = re.compile(
    r"\b(co quan nao|don vi nao|so nao|ban nao|ai la|ai|la ai|bao nhieu|khi nao|bao gio|truoc ngay nao|ngay nao|"
    r"thoi han|van ban nao|nghi dinh nao|quyet dinh nao|thong tu nao|nghi quyet nao|la gi|nhu the nao|the nao|"
    r"hay khong|co phai)\b")


def topic_of(question: str) -> str:
    """The question without its question words, which only add noise to retrieval ("cơ quan nào", "bao nhiêu").

    Folding keeps character positions (one character folds to one), so the cut is made on the original text.
    """
    folded = fold(question)
    if len(folded) != len(question):
        return question
    keep = list(question)
    for m in _QUESTION_PHRASES.finditer(folded):
        keep[m.start():m.end()] = [" "] * (m.end() - m.start())
    topic = re.sub(r"\s+", " ", "".join(keep).replace("?", " ")).strip(" ,:")
    return topic or question
