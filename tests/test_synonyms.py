"""Synonym groups: which phrases a query brings in, and what they find."""
from __future__ import annotations

from index.synonyms import alternatives, groups


def test_groups_file(tmp_path):
    f = tmp_path / "groups.txt"
    f.write_text("# a comment\n\nTinh giản biên chế | cắt giảm nhân sự | giảm nhân sự\nquản lý | \n"
                 "hằng năm | mỗi năm | hàng năm\n", encoding="utf-8")
    # one spelling per word ("hằng năm" is "hàng năm"); a group left with one phrase is no group
    assert groups(f) == (("tinh giản biên chế", "cắt giảm nhân sự", "giảm nhân sự"), ("hàng năm", "mỗi năm"))
    # a phrase counts as whole words, marks and spelling as the index reads them; the text's own phrases are left out
    assert alternatives("Cắt giảm nhân sự, hằng năm?", f) == [["tinh giản biên chế"], ["mỗi năm"]]
    assert alternatives("giảm nhân sựa", f) == []
    assert alternatives("tinh giản biên chế", f) == [["cắt giảm nhân sự", "giảm nhân sự"]]


def test_the_bundled_groups_are_well_formed():
    bundled = groups()
    assert len(bundled) == 299 and all(2 <= len(g) <= 6 for g in bundled)
    phrases = [p for g in bundled for p in g]
    assert len(phrases) == len(set(phrases))        # no phrase in two groups


def test_everyday_words_find_the_directives_wording(searcher):
    """"giảm nhân sự" is not how the corpus says it; "tinh giản biên chế" is."""
    hits = searcher.search("giảm nhân sự", k=3, mode="bm25")
    assert (hits[0].province, hits[0].path) == ("Kiên Giang", "I.5.p1") and "tinh giản biên chế" in hits[0].text
    searcher.synonym_weight = 0.0
    hits = searcher.search("giảm nhân sự", k=3, mode="bm25")
    assert (hits[0].province, hits[0].path) == ("An Giang", "preamble.2")
    assert "tinh giản biên chế" not in hits[0].text
