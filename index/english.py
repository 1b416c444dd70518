"""English questions put into the archive's Vietnamese with a glossary of administrative terms.

Staff sometimes ask in English; the archive is Vietnamese. The multilingual dense model bridges part
of the gap; translating the domain's own terms ("administrative procedures" -> "thủ tục hành chính")
lets BM25 and the dense side both match the words the directives use. Words with no entry stay as they are.
"""
from __future__ import annotations

import re

# Longest phrases first when matching; general vocabulary of provincial administration, not of any one query.
GLOSSARY = {
    "administrative procedures": "thủ tục hành chính", "administrative procedure": "thủ tục hành chính",
    "administrative reform": "cải cách hành chính", "public administration reform": "cải cách hành chính",
    "public administration service center": "Trung tâm Phục vụ hành chính công",
    "public administrative service center": "Trung tâm Phục vụ hành chính công",
    "one-stop shop": "một cửa", "one stop shop": "một cửa", "one-stop": "một cửa", "inter-agency": "liên thông",
    "department of home affairs": "Sở Nội vụ", "home affairs": "Nội vụ", "department of justice": "Sở Tư pháp",
    "department of finance": "Sở Tài chính", "department of planning and investment": "Sở Kế hoạch và Đầu tư",
    "planning and investment": "Kế hoạch và Đầu tư",
    "department of information and communications": "Sở Thông tin và Truyền thông",
    "information and communications": "Thông tin và Truyền thông", "department of health": "Sở Y tế",
    "department of education and training": "Sở Giáo dục và Đào tạo", "provincial inspectorate": "Thanh tra tỉnh",
    "inspectorate": "Thanh tra", "people's committee": "Ủy ban nhân dân", "peoples committee": "Ủy ban nhân dân",
    "office of the provincial people's committee": "Văn phòng Ủy ban nhân dân tỉnh",
    "steering committee": "Ban Chỉ đạo", "standing agency": "cơ quan thường trực", "standing body": "cơ quan thường trực",
    "in charge of": "chủ trì", "in charge": "chủ trì", "responsible for": "chủ trì", "leads": "chủ trì",
    "lead": "chủ trì", "coordinate with": "phối hợp với", "coordinates": "phối hợp", "coordinate": "phối hợp",
    "advises": "tham mưu", "advise": "tham mưu", "advising": "tham mưu",
    "e-government": "Chính phủ điện tử", "electronic government": "Chính phủ điện tử",
    "digital government": "Chính phủ số", "digital transformation": "chuyển đổi số",
    "digitisation": "số hóa", "digitization": "số hóa", "digitise": "số hóa", "digitize": "số hóa",
    "records": "hồ sơ", "dossiers": "hồ sơ", "applications": "hồ sơ", "files": "hồ sơ",
    "online public services": "dịch vụ công trực tuyến", "online public service": "dịch vụ công trực tuyến",
    "public services": "dịch vụ công", "online payment": "thanh toán trực tuyến", "online": "trực tuyến",
    "information system": "hệ thống thông tin", "electronic portal": "cổng thông tin điện tử",
    "web portal": "cổng thông tin điện tử", "component portals": "cổng thành phần", "portals": "cổng",
    "portal": "cổng", "business environment": "môi trường kinh doanh",
    "provincial competitiveness index": "năng lực cạnh tranh cấp tỉnh PCI", "competitiveness": "năng lực cạnh tranh",
    "staff downsizing": "tinh giản biên chế", "downsizing": "tinh giản biên chế", "streamlining": "tinh gọn",
    "civil servants": "công chức", "civil servant": "công chức", "public employees": "viên chức",
    "citizen satisfaction": "mức độ hài lòng của người dân", "satisfaction": "sự hài lòng",
    "survey": "khảo sát", "surveys": "khảo sát", "health services": "dịch vụ y tế", "health": "y tế",
    "education": "giáo dục", "quality management": "quản lý chất lượng", "institutional reform": "cải cách thể chế",
    "public finance": "tài chính công", "legal documents": "văn bản quy phạm pháp luật", "decree": "nghị định",
    "decrees": "nghị định", "decision": "quyết định", "directive": "chỉ thị", "resolution": "nghị quyết",
    "plan": "kế hoạch", "report": "báo cáo", "reports": "báo cáo", "deadline": "hoàn thành trước ngày",
    "annual": "hằng năm", "annually": "hằng năm", "quarter": "quý", "target": "chỉ tiêu", "targets": "chỉ tiêu",
    "upgrade": "nâng cấp", "upgrading": "nâng cấp", "reform": "cải cách", "reforming": "cải cách",
    "apologise": "xin lỗi", "apologising": "xin lỗi", "apologize": "xin lỗi", "apologizing": "xin lỗi",
    "citizens": "người dân", "businesses": "doanh nghiệp", "enterprises": "doanh nghiệp",
    "training": "đào tạo, bồi dưỡng", "propaganda": "tuyên truyền", "communication": "tuyên truyền",
    "inspection": "thanh tra, kiểm tra", "receive": "tiếp nhận", "received": "tiếp nhận", "receiving": "tiếp nhận",
    "feedback": "phản ánh, kiến nghị", "petitions": "phản ánh, kiến nghị", "handling": "xử lý", "handle": "xử lý",
    "coordination rules": "quy chế phối hợp", "coordination regulation": "quy chế phối hợp",
    "coordination": "phối hợp", "announce": "công bố", "announced": "công bố", "abolish": "bãi bỏ",
    "abolished": "bãi bỏ", "new": "mới",
    # the question's own frame, so answers read an English question as a Vietnamese one ("bao nhiêu hồ sơ");
    # BM25 drops these words again (index.search.QUESTION_TOKENS)
    "how many": "bao nhiêu", "how much": "bao nhiêu",
}
_PHRASES = sorted(GLOSSARY, key=len, reverse=True)
_PATTERN = re.compile(r"\b(" + "|".join(re.escape(p) for p in _PHRASES) + r")\b", re.IGNORECASE)


def translate(query: str) -> str:
    """The query with every glossary phrase replaced by its Vietnamese; province names are restored later."""
    return _PATTERN.sub(lambda m: GLOSSARY[m.group(1).lower()], query)
