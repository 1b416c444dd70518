"""A question or a search as the CLI and the app run it: within the query budgets, and never answered from
nothing. Both front ends call these, so a limit or a guard holds for every user alike.

- The text is cut to the character budget (index.budget.clip); the result says so, and the caller shows it.
- The work runs under the time budget (index.budget.deadline): past it, BudgetExceeded, a one-line error.
- A question with no word the archive knows (SQL-ish text, stop words, punctuation, a bare number) is answered
  "no answer" without a search; such questions had been "answered" with a clause's item number ("II.").
- An answer of the general kind holding no word (an item marker, a number) is no answer either.
- A document removed while a question runs: the search skips its clauses; should the answerer still meet it
  (a KeyError on its clause), the question is asked once more on what is left.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from index import budget
from index.budget import Clipped
from index.search import Filters, Hit, Searcher
from ingest.errors import DirectivesError
from ingest.vietnamese import fold
from qa.answer import NO_ANSWER, Answer, Answerer
from qa.compare import STOPWORDS, content_words
from qa.question import question_type

# Words that carry no content in a question, beyond the comparison's stop words: question frames, the keywords of
# the SQL people paste when they test a search box, and "văn bản" (a document: every clause is in one; the English
# glossary writes "documents" so)
FRAME = frozenset("""hỏi cho_biết xin_hỏi vui_lòng hãy là_gì select from where union insert update delete drop table
null true false like and or not order by limit văn_bản""".split())
_WORD = re.compile(r"[^\W\d_]{2,}")
_ROMAN = re.compile(r"^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}|xiv|xv)$")   # item numbers I to XV


@dataclass
class Result:
    """What one question in the app gives: the answer, the hits of the search, the words to highlight."""

    query: Clipped
    answer: Answer
    hits: list[Hit] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


def content_terms(searcher: Searcher, text: str) -> list[str]:
    """The question's words that the archive's index knows and that say what it is about; document numbers
    count ("582/UBND-NC")."""
    plan = searcher.plan(text)
    if plan.codes:
        return list(plan.codes)
    words, _ = searcher.lexical_tokens(plan)
    index_words = getattr(searcher.index, "words", None)
    knows = getattr(index_words, "knows", None)
    return [w for w in words
            if _WORD.search(w) and not _ROMAN.match(w) and w not in STOPWORDS and w not in FRAME and (knows is None or knows(w))]


def is_answer(answer: Answer) -> bool:
    """An answer that says something: a general answer (a sentence) needs a word of two letters or more that is
    no roman numeral; "II." and "1." are item markers, not answers. Dates and figures may be digits alone."""
    if answer.answer == NO_ANSWER or answer.type != "general":
        return True
    return any(not _ROMAN.match(w) for w in _WORD.findall(fold(answer.answer)))


def _no_answer(question: str, kind: str | None = None) -> Answer:
    """No answer, of the type the question asks (as the answerer's own no-answer gives it)."""
    return Answer(question, question_type(question) if kind is None else kind, NO_ANSWER)


def _answer(searcher: Searcher, question: str, filters: Filters | None) -> Answer:
    if not content_terms(searcher, question):
        return _no_answer(question)
    for attempt in (1, 2):
        try:
            answer = Answerer(searcher).ask(question, filters)
            break
        except KeyError:       # a clause of a document removed under the question
            if attempt == 2:
                raise DirectivesError("the archive changed while the question ran; ask it again") from None
    return answer if is_answer(answer) else _no_answer(question, answer.type)


def ask(searcher: Searcher, question: str, filters: Filters | None = None) -> tuple[Clipped, Answer]:
    """The question cut to its budget, and its answer found within the time budget."""
    clipped = budget.clip(question)
    with budget.deadline():
        return clipped, _answer(searcher, clipped.text, filters)


def search(searcher: Searcher, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
           fusion_method: str = "minmax") -> tuple[Clipped, list[Hit]]:
    """The query cut to its budget, and its hits found within the time budget."""
    clipped = budget.clip(query)
    with budget.deadline():
        return clipped, searcher.search(clipped.text, k=k, mode=mode, filters=filters, fusion_method=fusion_method)


def ask_and_search(searcher: Searcher, question: str, filters: Filters | None = None, k: int = 10,
                   mode: str = "hybrid") -> Result:
    """The app's one input: an answer, the hits and the words to mark in them, all within one time budget."""
    clipped = budget.clip(question)
    with budget.deadline():
        answer = _answer(searcher, clipped.text, filters)
        hits = searcher.search(clipped.text, k=k, mode=mode, filters=filters)
        words = content_words(searcher.plan(clipped.text).restored)
    return Result(clipped, answer, hits, words)
