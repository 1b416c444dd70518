"""Answer a question from the archive with cited clauses; offline, no language model.

The question's type decides what to extract from the best clauses: an agency from the role annotations
(lead over advise over coordinate over mention, the doer of the asked action first), a cited document, the
time the question asks for (a day, a yearly day, a quarter, a year, a span of years; a heading's time counts
for the clauses under it), a figure whose counted noun matches the question's, or the best sentence. Every
citation is a clause that holds the evidence, with the evidence's span marked. When nothing supports an answer
the result says so and cites nothing. What the question asks is read in qa.question.
"""
from __future__ import annotations

import re
from dataclasses import asdict, replace
from functools import partial

import numpy as np

from index.effect import is_own_effect
from index.english import translate
from index.search import Filters, Hit, QueryPlan, Searcher, without_provinces
from index.text import codes
from ingest.citations import canonical_number, issuer_of_number
from ingest.deadlines import find_deadlines
from ingest.model import Deadline
from ingest.vietnamese import find_province, fold
from qa.agency_votes import GROUPS, agency_votes
from qa.evidence import (
    ASKED_KIND,
    asked_time,
    beside,
    citation_fit,
    clause_hit,
    content_words,
    described_citations,
    document_name,
    implements_link,
    named_by,
    read_beside,
    task_syllables,
    time_scores,
    vn_date,
    whole_text_tasks,
)
from qa.figures import FigureQuestion, best_figure, how_many, unit_length
from qa.question import (
    asked_document_kind,
    asks_citers,
    asks_issue_date,
    asks_issuer,
    bare_number,
    issued_year,
    named_kind,
    named_law,
    question_days,
    question_type,
    short_refs,
    titled_kind,
    topic_of,
)
from qa.repeal import asks_repealed, asks_repealer, ends, repealer, repealing
from qa.result import Answer, Citation, marked  # noqa: F401 (callers import them here)

TYPES = ("agency", "document", "deadline", "figure", "general")
NO_ANSWER = "Không tìm thấy câu trả lời trong kho văn bản."
TOP = 6                  # clauses read for an answer
SAME_DOCUMENT_SHARE = 0.2   # a time or agency question also reads the best document's clauses sharing this much of its words,
SAME_DOCUMENT_WEIGHT = 0.5  # at this share of the best clause's score (times the words shared)
CITERS_SHOWN = 10        # citing clauses cited in a "who cites it" answer
LINK = 2.0               # a citation the question links by "thực hiện" to a document it names weighs 1 + LINK
MIN_DENSE = 0.83         # below this cosine the best clause is not about the question (measured on the corpus)
OFF_TOPIC = 0.25         # an agency clause sharing no word of the asked task counts this much: "Sở Tư pháp: Chủ trì
                         # ... Cải cách thể chế" had answered "Cơ quan nào chủ trì số hóa?" on "chủ trì" alone

KIND_WORDS = {"nghị định": ("nghi dinh", "decree"), "quyết định": ("quyet dinh", "decision"),
              "thông tư": ("thong tu", "circular"), "nghị quyết": ("nghi quyet", "resolution"),
              "chỉ thị": ("chi thi nao", "chi thi so may"), "kế hoạch": ("ke hoach nao", "ke hoach so may"),
              "luật": ("luat nao", "which law")}

class Answerer:
    def __init__(self, searcher: Searcher):
        self.searcher = searcher
        self.archive = searcher.archive

    def _hits(self, question: str, filters: Filters | None, inside: bool = True) -> list[Hit]:
        """The best clauses; a province or an archived document named in the question narrows the search. `inside`
        False leaves out the search inside the document the question names (index.inside)."""
        f = Filters(**asdict(filters)) if filters else Filters()
        topic = topic_of(how_many(question))        # unmarked "may" counting is "mấy", not "máy" (machine)
        if not f.province:
            named = find_province(question)
            if named and named in set(self.searcher.index.table.province):
                f.province = named                         # "Báo Vĩnh Phúc" must not match the place name
                topic = without_provinces(topic).strip(" ,:") or question
        archived = self.archive.numbered(codes(question))
        for code in codes(question):        # the last archived document the question names by number
            f.doc_id = next((d for d, n in archived.items() if n == code), f.doc_id)
        mode = "hybrid" if self.searcher.index.vectors is not None else "bm25"   # an index built --no-dense
        # the clauses' own words answer; how well a whole document fits (DOC_CONTEXT) only orders search results
        return self.searcher.search(topic, k=TOP, mode=mode, filters=f if f.any() else None, document_fit=False,
                                    inside=inside)

    def _clauses(self, hits: list[Hit]) -> dict[str, object]:
        out = {}
        for doc_id in {h.doc_id for h in hits}:
            for c in self.archive.clauses(doc_id):
                out[c.id] = c
        return out

    def ask(self, question: str, filters: Filters | None = None) -> Answer:
        kind = question_type(question)
        if not question.strip():
            return Answer(question, kind, NO_ANSWER)
        if asks_citers(question):
            return self._citers(question, filters)
        # "which text ...?" is answered by a citation the title or the preamble writes ("sửa đổi ... Quy định kèm theo
        # Nghị quyết số ...", "Căn cứ Quyết định số ..."): the clauses that restate the trích yếu, which the search
        # inside a named document puts behind its other clauses (archive dev document answers 34 -> 31 with it)
        hits = self._hits(question, filters, inside=kind != "document")
        if not hits:
            return Answer(question, kind, NO_ANSWER)
        # the extractors read the question as searched: restored marks, English glossed, a counting "may" as "mấy"
        read = self.searcher.plan(how_many(question))
        clauses = self._clauses(hits)
        if not self._related(question, read, hits[0], clauses):
            return Answer(question, kind, NO_ANSWER)
        # an English question's counted noun ends at the English word after it ("how many monitoring points does
        # ..."), which the searched reading drops: it is read from the glossed question as typed
        counted_in = translate(how_many(question)) if read.english else None
        extract = {"agency": self._agency, "document": self._document, "deadline": self._deadline,
                   "figure": partial(self._figure, noun_text=counted_in)}.get(kind, self._general)
        answer = self._issue_date(question, hits, clauses) if kind == "deadline" else None
        if kind == "agency":
            answer = self._issuer(question, hits, clauses)
        if answer is None and kind == "deadline":     # for agencies it cost dev 0.371 -> 0.343: leaders repeat
            hits = hits + self._same_document(read.restored, hits, clauses, kind)
        if answer is None:
            answer = extract(read.restored, hits, clauses)
        if answer is None:
            return Answer(question, kind, NO_ANSWER)
        answer.type, answer.question = kind, question
        return answer

    def _same_document(self, question: str, hits: list[Hit], clauses: dict, kind: str) -> list[Hit]:
        """The other clauses of the best clause's document that share the question's words and name a time (or an
        agency, for an agency question), as weaker hits: a question about a document ("Quy định ... có hiệu lực từ ngày nào?") finds the document by its topic, and
        its time often sits in another article ("Điều 2. Quyết định này có hiệu lực kể từ ngày ...")."""
        words = content_words(question)
        if not words:
            return []
        # when a text takes effect, its own clause says, in words of its own: "... này có hiệu lực thi hành từ ngày"
        effect = kind == "deadline" and asked_time(question) == "effect"

        def share(c) -> float:
            if not (c.deadlines if kind == "deadline" else c.agencies):
                return 0.0
            if effect and is_own_effect(c.text):
                return 1.0
            return len(words & content_words(" ".join(c.headings + [c.text]))) / len(words)
        return read_beside(hits, clauses, share, SAME_DOCUMENT_SHARE, SAME_DOCUMENT_WEIGHT, most=TOP)

    def _citers(self, question: str, filters: Filters | None) -> Answer:
        """Who cites the documents the question names: the archive's citing clauses (what `directives cites` lists),
        newest document first, in the province the question names and within the filters. A search would rank
        clauses that cite the document beside ones that merely share its words, and its answer would be a document
        they cite."""
        f = Filters(**asdict(filters)) if filters else Filters()
        f.province = f.province or find_province(question)
        mask = self.searcher.allowed(f)         # the search's own filters, the question's province among them
        kept = None if mask is None else {self.searcher.index.table.ids[i] for i in np.flatnonzero(mask)}
        numbers = list(dict.fromkeys(canonical_number(c) for c in codes(question)))
        law = named_law(question)
        parts, citing_docs = [], []
        for cited in numbers + (self.archive.cited_laws(law) if law else []):
            found = [(d, c, x) for d, c, x in self.archive.citing(cited) if kept is None or c.id in kept]
            if not found:
                continue
            found.sort(key=lambda f: (f[0].date or "", f[0].id), reverse=True)
            names = list(dict.fromkeys(document_name(d) for d, _, _ in found))
            support = [(clause_hit(d, c), [(x.start, x.end)] if x.start >= 0 else []) for d, c, x in found]
            parts.append((f"{cited} được dẫn chiếu trong {len(names)} văn bản: " + "; ".join(names),
                          support[:CITERS_SHOWN]))
            citing_docs += [d.number or d.id for d, _, _ in found]
        if not parts:
            where = f" của {find_province(f.province) or f.province}" if f.province else ""
            within = " trong phạm vi bộ lọc" if filters and filters.any() else ""
            return Answer(question, "document", f"Trong kho không có văn bản nào{where}{within} dẫn chiếu "
                                                f"{', '.join(numbers + ([law] if law else []))}.")
        answer = self._build(question, parts, value="; ".join(dict.fromkeys(citing_docs)),
                             summary="\n".join(text for text, _ in parts))
        answer.type = "document"
        return answer

    def _related(self, question: str, read: QueryPlan, hit: Hit, clauses: dict) -> bool:
        """The best clause is about the question: close in meaning, or sharing most of its content words (an English
        question's glossed words) with its headings, the first of which is its document's title (a question names
        the document by its trích yếu and asks something inside it)."""
        dense = hit.scores.get("dense")
        if dense is not None and dense >= MIN_DENSE:
            return True
        words = content_words(read.restored if read.english else question)
        title = clauses.get(f"{hit.doc_id}:title")
        shared = words & content_words(" ".join(([title.text] if title else []) + hit.headings + [hit.text]))
        return bool(words) and len(shared) / len(words) >= 0.6

    # -- extractors ----------------------------------------------------------------------------
    def _agency(self, question: str, hits: list[Hit], clauses: dict) -> Answer | None:
        hits = hits + whole_text_tasks(question, hits, clauses, SAME_DOCUMENT_WEIGHT)
        scores, evidence = agency_votes(question, on_topic(question, hits), clauses)
        if not scores:
            return None
        total: dict[str, float] = {}
        for (agency, _), sc in scores.items():
            total[agency] = total.get(agency, 0.0) + sc
        best = max(total, key=total.get)
        # Where provinces name different agencies for the task, give each with its own citations.
        per_province: dict[str | None, tuple[str, float]] = {}
        for (agency, prov), sc in scores.items():
            if agency not in GROUPS and sc > per_province.get(prov, ("", 0.0))[1]:
                per_province[prov] = (agency, sc)
        others = [(prov, agency) for prov, (agency, sc) in per_province.items()
                  if agency != best and sc >= 0.6 * scores.get((best, prov), 0.0) and sc >= 0.6 * max(scores.values())
                  and (best, prov) not in scores]
        support = sorted((e for (agency, _), ev in evidence.items() if agency == best for e in ev),
                         key=lambda e: -e[0].score)[:3]
        parts = [(best, support)] + [(agency, evidence[(agency, prov)][:2]) for prov, agency in others]
        return self._build(question, parts, disagree_label=lambda items: "Các tỉnh giao khác nhau: " + "; ".join(items),
                           value=best)

    def _document(self, question: str, hits: list[Hit], clauses: dict) -> Answer | None:
        folded = fold(question)
        days = question_days(question)       # "Thông báo ... ngày 22/6/2016 ... số mấy?": the document of that day
        # "số hiệu" asks a text's own number, unless the text asked is one another ended ("quyết định năm 2002 ... đã
        # bị bãi bỏ có số hiệu là gì"): that one is cited
        asks_number = re.search(r"\bso (ky )?hieu\b", folded) is not None and not asks_repealed(question)
        numbered = named_kind(question) if asks_number else None
        if asks_number:                                      # "số hiệu công văn ... là gì": its own number
            hit = next((h for h in hits if h.number and (not days or h.date in days)
                        and (numbered is None or fold(h.doc_type or "") == fold(numbered))), None)
            if hit:
                return self._build(question, [(hit.number, [(hit, [])])], value=hit.number)
        # else a document it cites: "Đề án sắp xếp ... có số hiệu là gì?" in a report that cites the đề án
        kind = asked_document_kind(question) or numbered or next((k for k, words in KIND_WORDS.items()
                                                                  if any(w in folded for w in words)), None)
        own = {h.number for h in hits if h.number}
        # A document the question names is what it starts from, not its answer ("nghị định nào sửa đổi Nghị định
        # 130/2005/NĐ-CP"), unless the question is little more than that number (who cites it).
        named = set() if bare_number(question, folded) else {canonical_number(x) for x in codes(question)}
        year = issued_year(question)
        written, short = set(codes(question)), short_refs(question)     # as written: for "thực hiện" links
        scores: dict[str, float] = {}
        evidence: dict[str, list[tuple[Hit, list[tuple[int, int]]]]] = {}
        info: dict[str, object] = {}
        found = repealer(question, hits, clauses) if asks_repealer(question) else None
        if found:       # else the document cited for it ("công bố danh mục ... hết hiệu lực bằng quyết định nào")
            return self._build(question, [(found[0], [(found[1], [found[2]])])], value=found[0])
        if not any(c.start >= 0 for h in hits for c in clauses[h.clause_id].citations):
            # the clauses found cite nothing: the document's other articles that cite what the question describes
            hits = hits + described_citations(question, hits, clauses, asked_document_kind(question),
                                              SAME_DOCUMENT_WEIGHT)
        repealed = asks_repealed(question)
        frame = ASKED_KIND.search(folded)
        described = question[frame.end():] if repealed and frame else ""     # folding keeps positions
        if repealed:        # the text's own article says what it replaces, in words the question need not share
            hits = hits + repealing(hits, clauses, SAME_DOCUMENT_WEIGHT)
        for rank, hit in enumerate(hits):
            for c in clauses[hit.clause_id].citations:
                if c.start < 0 or c.number in own and c.number in question or c.number in named:
                    continue
                w = (1.0 if kind is None or c.kind == kind else 0.3) * hit.score / (1 + 0.3 * rank)
                if days and c.date:
                    w *= 3.0 if c.date in days else 0.3
                said = c.date[:4] if c.date else next(iter(re.findall(r"/((?:19|20)\d\d)/", c.number or "")), None)
                if year and said:
                    w *= 2.0 if said == year else 0.5   # "nghị định nào ban hành năm 2018": 113/2018, not 108/2014
                w *= 1 + 2 * citation_fit(question, hit.text, clauses[hit.clause_id].citations, c)
                if implements_link(question, hit.text, clauses[hit.clause_id].citations, c, written, short):
                    w *= 1 + LINK
                if repealed and ends(hit, clauses[hit.clause_id].citations, c):
                    # of the texts it ends, the one the words after "quyết định nào" describe ("... của UBND tỉnh Hậu
                    # Giang"); the words before describe the text that ends it
                    w *= (1 + LINK) * (1 + 2 * citation_fit(described, hit.text, clauses[hit.clause_id].citations, c))
                scores[c.id] = scores.get(c.id, 0.0) + w
                evidence.setdefault(c.id, [])
                if not any(h.clause_id == hit.clause_id for h, _ in evidence[c.id]):
                    evidence[c.id].append((hit, [(c.start, c.end)]))
                info.setdefault(c.id, c)
        if not scores:
            return None
        best = max(scores, key=scores.get)
        c = info[best]
        label = best + (f" ({c.kind}" + (f", ngày {vn_date(c.date)}" if c.date else "") + ")")
        return self._build(question, [(label, evidence[best][:2])], value=c.number or c.id, summary=label)

    def _deadline(self, question: str, hits: list[Hit], clauses: dict) -> Answer | None:
        """The time that fits the question best: its shape against what the question asks ("trước ngày nào" a
        day, "giai đoạn nào" a span of years), the clause's rank, and the question's words around it.

        time_scores() weighs each time a clause names; a clause's heading chain counts as its evidence too
        ("III. ... QUÝ IV NĂM 2020" bounds the items under it), and then the heading's own clause is cited as
        well, with the time marked.
        """
        best: tuple[float, Hit, Deadline, str | None] | None = None
        for rank, hit in enumerate(hits):
            clause = clauses[hit.clause_id]
            base = hit.score / (1 + 0.3 * rank)
            found = [(w, d, None) for w, d in time_scores(question, hit.text, clause.deadlines, clause.citations,
                                                          hit.date, hit.doc_type)]
            for h in hit.headings:         # a heading bounds what is under it, a little less surely than the text
                found += [(0.7 * w, d, h) for w, d in time_scores(question, h, find_deadlines(h, hit.date),
                                                                  doc_date=hit.date)]
            for w, d, heading in found:
                if best is None or base * w > best[0]:
                    best = (base * w, hit, d, heading)
        if best is None:
            return None
        _, hit, d, heading = best
        if d.kind == "date":
            text = vn_date(d.start)
            if str(int(d.start[8:])) not in [str(int(n)) for n in re.findall(r"\d+", d.raw)]:
                text += f" ({d.raw})"            # a cut-off: "31/08/2016 (đến hết tháng 8/2016)"
        elif d.kind == "yearly" and d.end:       # a season, "--03".."--11"
            text = f"từ tháng {int(d.start[2:])} đến tháng {int(d.end[2:])} hằng năm"
        elif d.kind == "yearly":                 # "--12-15"
            text = f"{d.start[5:7]}/{d.start[2:4]} hằng năm"
        elif d.kind == "monthly":                # "---20"
            text = f"ngày {int(d.start[3:])} hằng tháng"
        elif d.kind == "from":                   # takes effect, or starts, that day
            text = f"từ {vn_date(d.start)}"
        else:
            text = d.raw
        value = d.value
        if heading is None:
            support = [(hit, [(d.span_start, d.span_end)])]
        else:
            said = heading.strip()
            holder = next((c for c in clauses.values() if c.doc_id == hit.doc_id and c.text.strip() == said), None)
            support = [(hit, [])]                # the task; the heading shows with it
            if holder is not None:               # the heading's own clause, the time marked in it
                shift = holder.text.find(said) - heading.find(said)
                support.append((beside(hit, holder, hit.score), [(d.span_start + shift, d.span_end + shift)]))
        return self._build(question, [(text, support)], value=value, summary=text)

    def _issue_date(self, question: str, hits: list[Hit], clauses: dict) -> Answer | None:
        """"Kế hoạch 82/KH-UBND ban hành năm nào?" asks when a named document was issued, not a time its text
        names: the archived document's own date, else the date a clause gives where it cites it ("Kế hoạch số
        82/KH-UBND ngày 22/5/2019"). A year when the question asks for one."""
        if asked_time(question) == "effect":
            return None        # "có hiệu lực từ ngày nào" asks the day it takes effect, which its text gives
        named, short = set(codes(question)), short_refs(question)
        kind = None if named or short else titled_kind(question)
        if not kind and (not (named or short) or not asks_issue_date(question, named | short)):
            return None
        year_only = re.search(r"\b(nam nao|which year|what year)\b", fold(question)) is not None

        def issued(date: str, hit: Hit, marks: list[tuple[int, int]]) -> Answer:
            text, value = (f"năm {date[:4]} (ngày {vn_date(date)})", date[:4]) if year_only else (vn_date(date), date)
            return self._build(question, [(text, [(hit, marks)])], value=value, summary=text)

        for hit in hits:
            if named_by(hit.number, named, short) and hit.date:
                return issued(hit.date, hit, [])
        for hit in hits:
            for c in clauses[hit.clause_id].citations:
                if named_by(c.number, named, short) and c.date:
                    return issued(c.date, hit, [(c.start, c.end)])
        if kind:       # named by title: the dated citation of that kind whose subject the question describes best
            fits = [(citation_fit(question, hit.text, clauses[hit.clause_id].citations, c) / (1 + 0.3 * rank), hit, c)
                    for rank, hit in enumerate(hits) for c in clauses[hit.clause_id].citations
                    if c.kind == kind and c.date and c.start >= 0]
            fit, hit, c = max(fits, key=lambda f: f[0], default=(0.0, None, None))
            if fit >= 0.5:
                return issued(c.date, hit, [(c.start, c.end)])
        return None

    def _issuer(self, question: str, hits: list[Hit], clauses: dict) -> Answer | None:
        """"Ai ban hành Kế hoạch 93/KH-UBND?" asks who issued a document the question names by number: the archived
        document's issuer, else the issuer a clause gives where it cites it ("... của UBND tỉnh"), else the body
        its number names."""
        named, short = set(codes(question)), short_refs(question)
        if not (named or short) or not asks_issuer(question):
            return None
        for hit in hits:
            issuer = named_by(hit.number, named, short) and self.archive.get(hit.doc_id, with_clauses=False).issuer
            if issuer:
                return self._build(question, [(issuer, [(hit, [])])], value=issuer)
        cited = [(hit, c) for hit in hits for c in clauses[hit.clause_id].citations
                 if named_by(c.number, named, short) and c.start >= 0]
        for hit, c in cited:
            if c.issuer:
                return self._build(question, [(c.issuer, [(hit, [(c.start, c.end)])])], value=c.issuer)
        for hit, c in cited:         # "Chủ tịch Ủy ban nhân dân tỉnh ban hành Quyết định số 195/QĐ-UBND"
            for a in clauses[hit.clause_id].agencies:
                if 0 <= a.end <= c.start and re.fullmatch(r"\s*(?:đã\s+)?(?:ban hành|ký)\s*", hit.text[a.end:c.start]):
                    return self._build(question, [(a.agency, [(hit, [(a.start, a.end), (c.start, c.end)])])],
                                       value=a.agency)
        for hit, c in cited:         # no clause says who: the body its number names ("45/2015/QĐ-UBND")
            issuer = issuer_of_number(c.number or "")
            if issuer:
                text = f"{issuer} (theo số ký hiệu {c.number})"
                return self._build(question, [(text, [(hit, [(c.start, c.end)])])], value=issuer, summary=text)
        return None

    def _figure(self, question: str, hits: list[Hit], clauses: dict, noun_text: str | None = None) -> Answer | None:
        """The number that figure_scores() ranks first over the three best clauses, a better clause first;
        `noun_text` is where to read the counted noun, when not in `question`."""
        found = best_figure(FigureQuestion.of(question, noun_text), hits, clauses)
        if found is None:
            return None
        hit, m = found
        figure = m.group(1) + ("%" if m.group(2) else "")
        end = m.end() if m.group(2) else m.end() + unit_length(hit.text[m.end():])
        text = hit.text[m.start():end] if end > m.end() else figure
        return self._build(question, [(text, [(hit, [(m.start(), end)])])], value=figure, summary=figure)

    def _general(self, question: str, hits: list[Hit], clauses: dict) -> Answer | None:
        hit = hits[0]
        words = content_words(question)
        # a full stop ends a sentence before a space or the end, not inside "6.772 hồ sơ" or "TP.HCM"
        sentences = [m for m in re.finditer(r"(?:[^.;]|\.(?=\S))+[.;]?", hit.text) if m.group(0).strip()]
        if not sentences:
            return None
        best = max(sentences, key=lambda m: len(content_words(m.group(0)) & words))
        start = best.start() + len(best.group(0)) - len(best.group(0).lstrip())
        return self._build(question, [(best.group(0).strip(), [(hit, [(start, best.end())])])])

    # -- assembling ----------------------------------------------------------------------------
    def _build(self, question: str, parts: list[tuple[str, list[tuple[Hit, list[tuple[int, int]]]]]],
               disagree_label=None, value: str | None = None, summary: str | None = None) -> Answer:
        citations: list[Citation] = []
        answers = []
        for text, support in parts:
            numbers = []
            for hit, marks in support:
                existing = next((c for c in citations if c.hit.clause_id == hit.clause_id), None)
                if existing is None:
                    existing = Citation(len(citations) + 1, hit, [])
                    citations.append(existing)
                existing.marks = sorted(set(existing.marks) | set(marks))
                numbers.append(existing.n)
            where = ", ".join(sorted({s[0].province for s in support if s[0].province}))
            answers.append({"text": text, "province": where or None, "citations": numbers})
        if len(answers) > 1 and disagree_label:
            summary = disagree_label([f"{a['province']}: {a['text']}" for a in answers])
        return Answer(question, "", summary or answers[0]["text"], value, answers, citations)


def on_topic(question: str, hits: list[Hit]) -> list[Hit]:
    """Hits that share no word of the task the question names weigh OFF_TOPIC: every clause of a directive's list of
    agencies says "chủ trì, phối hợp", so those words alone rank a clause about another task high. Unchanged when
    no hit shares one (a question in other words than the clauses')."""
    words = task_syllables(question)
    shares = [bool(words & task_syllables(" ".join(h.headings + [h.text]))) for h in hits]
    if not any(shares):
        return hits
    return [h if ok else replace(h, score=h.score * OFF_TOPIC) for h, ok in zip(hits, shares)]


def ask(question: str, searcher: Searcher | None = None, filters: Filters | None = None) -> Answer:
    return Answerer(searcher or Searcher()).ask(question, filters)
