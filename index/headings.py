"""Clauses that are only a heading over their own items.

A directive's article or section heading often stands alone as a clause: "Điều 5. Tổ chức việc cưới", "II. NHIỆM VỤ
VÀ GIẢI PHÁP", "1. Sở Tài chính:". It names the topic its items then work out, so it shares a question's topic words
with little else around them: short, it tops BM25 and sits close to the question's embedding, while the answer is
in one of its items. As the archive grows, every document's headings on a topic crowd out the items that answer.
The searcher therefore sets such a heading a little below where it scored (Searcher.rank): it still comes up when
nothing under it matches, and it never hides its items.
"""
from __future__ import annotations

# The most words a clause holds and still be only a heading: "Điều 12. Trách nhiệm của Sở Nông nghiệp và Môi
# trường" is ten; a heading with a sentence of its own ("1. Mục tiêu: Đến năm 2030, 100% hồ sơ ...") is more.
MAX_HEADING_WORDS = 15


def heading_positions(archive, table) -> set[int]:
    """The index positions of clauses that are headings over their own items: the next clause of the document sits
    under it (its path goes on from the heading's: "Điều 5" then "Điều 5.1"), and it holds at most MAX_HEADING_WORDS
    words. A document's title is not one (it is how a question names the document)."""
    position = {cid: i for i, cid in enumerate(table.ids)}
    found: set[int] = set()
    before: tuple[str, str, int] | None = None          # the previous clause: id, doc id, word count
    for cid, doc_id, text in archive.db.execute("SELECT id, doc_id, text FROM clauses ORDER BY doc_id, ord"):
        if before and before[1] == doc_id and cid.startswith(before[0] + ".") and before[2] <= MAX_HEADING_WORDS \
                and not before[0].endswith(":title") and before[0] in position:
            found.add(position[before[0]])
        before = (cid, doc_id, len(text.split()))
    return found
