"""Search on Milvus behind the embedded Searcher's interface: same query understanding, same fusion, same boosts.

What runs on the server: BM25 over both token fields and the synonym phrases as routes of one `hybrid_search`
whose WeightedRanker sums them raw (norm_score off), as the embedded index adds its BM25 fields; the dense HNSW
search; every filter as a Milvus expression applied inside each route. What runs here, as in the embedded
backend: query planning (restored marks, English glossing, province and code reading), the weighted min-max (or
RRF) fusion of the lexical and dense runs, and the code, own-document and province boosts over the fused top
candidates. `fusion_method="milvus"` instead fuses every route on the server in one hybrid_search with Milvus'
own weighted ranker, whose arctan normalisation flattens BM25 scores (README: what differs; nDCG@10 0.568 against
0.825 on the bundled test split).
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from index.milvus import HNSW_EF_SEARCH, MilvusIndex, milvus_uri, once_more, token_text
from index.search import POOL, QUESTION_TOKENS, Filters, QueryPlan, Searcher
from index.synonyms import alternatives, phrase_tokens
from index.text import folded_of_words
from ingest.archive import Archive
from ingest.errors import DirectivesError
from ingest.provinces import current_name, expand_province_filter
from ingest.vietnamese import find_province, fold

ROUTE_LIMIT = 2 * POOL        # candidates each lexical route brings to the server-side sum
SERVER_FUSION = "milvus"      # fusion_method: every route fused by Milvus' WeightedRanker


def literal(value: str) -> str:
    """A string as a Milvus expression literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def filter_expression(f: Filters | None, about: list[str] = ()) -> str | None:
    """The embedded backend's filters (Searcher.allowed) as one Milvus expression; None for no filter. `about`: the
    documents of no province whose trích yếu names the filtered one (Searcher.about), kept with its own."""
    if f is None or not f.any():
        return None
    parts = []
    if f.province:
        own = f"province == {literal(find_province(f.province) or f.province)}"
        parts.append(f"({own} or doc_id in [{', '.join(map(literal, about))}])" if about else own)
    if f.current_province:
        now = current_name(f.current_province)
        if now is not None:
            parts.append(f"current_province == {literal(now)}")
        else:
            old = expand_province_filter(f.current_province)
            parts.append(f"province == {literal(old[0])}" if old else 'id == ""')    # unknown: nothing
    if f.year_from is not None:
        parts.append(f"year >= {int(f.year_from)}")
    if f.year_to is not None:
        parts.append(f"(year <= {int(f.year_to)} and year >= 0)")
    if f.doc_type:
        parts.append(f"doc_type == {literal(fold(f.doc_type))}")
    if f.issuer:
        key = fold(f.issuer).replace("%", "\\%").replace("_", "\\_")
        parts.append(f"issuer like {literal('%' + key + '%')}")
    if f.doc_id:
        parts.append(f"doc_id == {literal(f.doc_id)}")
    if f.agency:
        from ingest.agencies import canonical_agency
        name = canonical_agency(f.agency) or f.agency
        entry = f"r:{f.role}:{name}" if f.role else f"a:{name}"
        parts.append(f"array_contains(agencies, {literal(entry)})")
    if f.cites:
        from ingest.citations import citation_id, parse_citation_query
        number, province = parse_citation_query(f.cites)
        if province:
            entry = f"id:{citation_id(number, province)}"
        else:
            entry = f"n:{number}" if "/" in number else f"law:{fold(number)}"
        parts.append(f"array_contains(cites, {literal(entry)})")
    return " and ".join(parts)


class FieldScores:
    """One BM25 field as the evaluation reads the embedded one (`index.words.scores(tokens)`): a score for every
    position, here the field's top hits from Milvus and zeros elsewhere."""

    def __init__(self, searcher: "MilvusSearcher", anns_field: str, depth: int = POOL):
        self.searcher, self.anns_field, self.depth = searcher, anns_field, depth

    def scores(self, tokens: list[str]) -> np.ndarray:
        out = np.zeros(len(self.searcher.index.table.ids), dtype=np.float32)
        for i, s in self.searcher.route_search(self.anns_field, token_text(tokens), None, self.depth).items():
            out[i] = s
        return out


class MilvusSearcher(Searcher):
    """The Searcher with its clauses on a Milvus server (index.milvus.MilvusIndex)."""

    def __init__(self, archive: Archive | None = None, embedder: str | None = "e5-small", index=None,
                 uri: str | None = None):
        archive = archive if archive is not None or index is not None else Archive()
        if index is None:
            uri = uri or milvus_uri()
            if uri is None:
                raise DirectivesError("no Milvus server given: set DIRECTIVES_MILVUS_URI or --backend milvus://HOST:PORT")
            model = None
            if embedder:
                from index.embed import load_embedder
                model = load_embedder(embedder)
            index = MilvusIndex(archive, model, uri)
            index.sync()
        super().__init__(archive, embedder=None, index=index)
        self.client = index.client
        self._local = threading.local()
        self.name = index.collection.name
        index.words = FieldScores(self, "words_bm25")
        index.folded = FieldScores(self, "folded_bm25")

    # -- filters: a Milvus expression, applied inside every route -------------------------------------------
    def restrict(self, f: Filters | None) -> str | None:
        about = self.about(find_province(f.province) or f.province) if f is not None and f.province else []
        return filter_expression(f, about)

    # -- routes ------------------------------------------------------------------------------------------
    def lexical_plan(self, plan: QueryPlan) -> tuple[tuple[str, str], float, list[list[tuple[str, str]]]]:
        """The query's (words, folded) token texts, the folded field's weight, and for each synonym group the query
        touches the (words, folded) texts of its other phrases (index.synonyms; the query's own words left out)."""
        weight = self.folded_weight_of(plan)
        words, folded = self.lexical_tokens(plan)
        groups = []
        if self.synonym_weight:
            mine = set(words) | QUESTION_TOKENS
            for group in alternatives(plan.words_text):
                phrases = []
                for phrase in group:
                    toks = [t for t in phrase_tokens(phrase) if t not in mine]
                    if toks:
                        phrases.append((token_text(toks), token_text(folded_of_words(toks, []))))
                if phrases:
                    groups.append(phrases)
        return (token_text(words), token_text(folded)), weight, groups

    def lexical_routes(self, plan: QueryPlan) -> list[tuple[str, str, float]]:
        """(field, token text, weight): the query's words and folded syllables, and each synonym phrase's at
        synonym_weight: the routes of one hybrid_search, summed by Milvus."""
        (words, folded), weight, groups = self.lexical_plan(plan)
        routes = [("words_bm25", words, 1.0), ("folded_bm25", folded, weight)]
        for phrases in groups:
            for w, f in phrases:
                routes += [("words_bm25", w, self.synonym_weight), ("folded_bm25", f, self.synonym_weight * weight)]
        return [r for r in routes if r[1] and r[2]]

    def _positions(self, hits, scale: float = 1.0) -> dict[int, float]:
        """Milvus hits as {position: score}; milvus-lite reports BM25 as a negative distance, a server as a score."""
        position = self.index.position
        return {position[h["id"]]: abs(float(h["distance"])) * scale for h in hits if h["id"] in position}

    def route_search(self, anns_field: str, text: str, expr: str | None, limit: int) -> dict[int, float]:
        if not text:
            return {}
        hits = self.client.search(self.name, data=[text], anns_field=anns_field, limit=limit, filter=expr or "",
                                  output_fields=["id"], search_params={"metric_type": "BM25"})
        return self._positions(hits[0])

    def lexical_run(self, plan: QueryPlan, expr: str | None, pool: int) -> dict[int, float]:
        """The embedded BM25 run. Milvus sums the routes (WeightedRanker without normalisation) into candidates;
        with synonyms, the candidates are re-scored exactly as the embedded index scores every clause (a group
        counts by its best phrase, which a weighted sum of routes cannot say), in two batched searches."""
        from pymilvus import AnnSearchRequest, WeightedRanker

        routes = self.lexical_routes(plan)
        if not routes:
            return {}
        limit = max(ROUTE_LIMIT, pool)
        if len(routes) == 1:
            return self.route_search(routes[0][0], routes[0][1], expr, pool)
        requests = [AnnSearchRequest(data=[text], anns_field=field, param={"metric_type": "BM25"}, limit=limit,
                                     expr=expr or None) for field, text, _ in routes]
        hits = self.client.hybrid_search(self.name, requests, WeightedRanker(*[w for _, _, w in routes], norm_score=False),
                                         limit=limit, output_fields=["id"])
        found = self._positions(hits[0])
        (words, folded), weight, groups = self.lexical_plan(plan)
        if groups and found:
            found = self._rescore(found, words, folded, weight, groups)
        return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:pool])   # ties by position, as top_positions

    def _rescore(self, found: dict[int, float], words: str, folded: str, weight: float,
                 groups: list[list[tuple[str, str]]]) -> dict[int, float]:
        """words + weight * folded + synonym_weight * (each group's best phrase), for the candidates only."""
        ids = self.index.table.ids
        expr = f"id in [{', '.join(literal(ids[i]) for i in found)}]"
        texts = [(words, folded)] + [p for phrases in groups for p in phrases]
        sums = [dict.fromkeys(found, 0.0) for _ in texts]          # per text: words + weight * folded
        for column, field, scale in ((0, "words_bm25", 1.0), (1, "folded_bm25", weight)):
            if not scale:
                continue
            batch = [t[column] or "_" for t in texts]    # "_": a token no clause has, so an empty text scores 0
            hits = self.client.search(self.name, data=batch, anns_field=field, limit=len(found), filter=expr,
                                      output_fields=["id"], search_params={"metric_type": "BM25"})
            for n, per_text in enumerate(hits):
                for i, score in self._positions(per_text, scale).items():
                    sums[n][i] += score
        total = dict(sums[0])
        n = 1
        for phrases in groups:
            for i in found:
                total[i] += self.synonym_weight * max(sums[n + j][i] for j in range(len(phrases)))
            n += len(phrases)
        return {i: s for i, s in total.items() if s > 0}

    def dense_request(self, vector: np.ndarray, expr: str | None, limit: int):
        from pymilvus import AnnSearchRequest
        return AnnSearchRequest(data=[vector.tolist()], anns_field="dense",
                                param={"metric_type": "COSINE", "params": {"ef": max(HNSW_EF_SEARCH, limit)}},
                                limit=limit, expr=expr or None)

    def dense_run(self, vector: np.ndarray, expr: str | None, pool: int) -> dict[int, float]:
        if self.index.pieces:       # an evaluation dataset: a unit scores as the best of its whole and its pieces
            hits = self.client.search(self.index.pieces, data=[vector.tolist()], anns_field="dense", limit=pool,
                                      filter=expr or "", output_fields=["unit"], group_by_field="unit",
                                      search_params={"metric_type": "COSINE", "params": {"ef": max(HNSW_EF_SEARCH, pool)}})
            position = self.index.position
            return {position[h["entity"]["unit"]]: float(h["distance"]) for h in hits[0]}
        hits = self.client.search(self.name, data=[vector.tolist()], anns_field="dense", limit=pool,
                                  filter=expr or "", output_fields=["id"],
                                  search_params={"metric_type": "COSINE", "params": {"ef": max(HNSW_EF_SEARCH, pool)}})
        position = self.index.position
        return {position[h["id"]]: float(h["distance"]) for h in hits[0] if h["id"] in position}

    def title_scores(self, plan: QueryPlan, positions: np.ndarray) -> dict[str, np.ndarray] | None:
        """The title clauses' scores from the server: both routes run once more, restricted to those clauses,
        so each title is scored exactly as the clause runs score their candidates."""
        ids = [self.index.table.ids[i] for i in positions]
        expr = "id in [" + ", ".join(literal(i) for i in ids) + "]"
        lexical = self.lexical_run(plan, expr, len(ids))
        dense = self.dense_run(self._vectors[plan.restored], expr, len(ids))
        return {"bm25": np.array([lexical.get(int(i), 0.0) for i in positions]),
                "dense": np.array([dense.get(int(i), 0.0) for i in positions])}

    def runs(self, plan: QueryPlan, mode: str = "hybrid", allowed=None, pool: int = POOL) -> dict[str, dict[int, float]]:
        """As Searcher.runs; `allowed` is a Milvus filter expression (restrict), applied on the server."""
        expr = allowed
        if getattr(self._local, "server", False) and mode == "hybrid":
            return self.server_runs(plan, expr, pool)
        runs: dict[str, dict[int, float]] = {}
        pending = None
        if mode in ("hybrid", "dense"):
            if self.index.vectors is None:
                raise DirectivesError("this index has no dense vectors; search with --mode bm25 or reindex with an embedder")
            if mode == "hybrid" and plan.restored not in self._vectors:
                if self._worker is None:
                    self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="query-embedding")
                pending = self._worker.submit(self.query_vector, plan.restored)
        if mode in ("hybrid", "bm25"):
            runs["bm25"] = self.lexical_run(plan, expr, pool)
        if mode in ("hybrid", "dense"):
            vector = pending.result() if pending is not None else self.query_vector(plan.restored)
            runs["dense"] = self.dense_run(vector, expr, pool)
        return runs

    # -- fusion on the server ----------------------------------------------------------------------------
    def rank(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
             fusion_method: str = "minmax", document_fit: bool = True, inside: bool = True):
        """As Searcher.rank; fusion_method "milvus" fuses every route on the server (server_runs)."""
        return once_more(self.index.uri, lambda: self._rank(query, k, mode, filters, fusion_method, document_fit,
                                                                 inside))

    def _rank(self, query: str, k: int, mode: str, filters: Filters | None, fusion_method: str,
              document_fit: bool = True, inside: bool = True):
        if fusion_method != SERVER_FUSION:
            return super().rank(query, k, mode, filters, fusion_method, document_fit, inside)
        if mode != "hybrid":
            raise DirectivesError("--fusion milvus fuses the hybrid routes; use it with --mode hybrid")
        self._local.server = True
        try:
            return super().rank(query, k, mode, filters, inside=inside)
        finally:
            self._local.server = False

    def fuse(self, runs, plan: QueryPlan, fusion_method: str = "minmax") -> dict[int, float]:
        if SERVER_FUSION in runs:
            return dict(runs[SERVER_FUSION])
        return super().fuse(runs, plan, fusion_method)

    def server_runs(self, plan: QueryPlan, expr: str | None, pool: int) -> dict[str, dict[int, float]]:
        """Every route in one hybrid_search with Milvus' own weighted ranker, normalising each route on the server:
        the lexical routes share the BM25 weight in proportion to their embedded weights, dense keeps its own."""
        from pymilvus import AnnSearchRequest, WeightedRanker

        routes = self.lexical_routes(plan)
        total = sum(w for _, _, w in routes) or 1.0
        requests = [AnnSearchRequest(data=[text], anns_field=field, param={"metric_type": "BM25"}, limit=pool,
                                     expr=expr or None) for field, text, _ in routes]
        weights = [(1 - plan.dense_weight) * w / total for _, _, w in routes]
        requests.append(self.dense_request(self.query_vector(plan.restored), expr, pool))
        weights.append(plan.dense_weight)
        hits = self.client.hybrid_search(self.name, requests, WeightedRanker(*weights, norm_score=True), limit=pool,
                                         output_fields=["id"])
        position = self.index.position
        return {SERVER_FUSION: {position[h["id"]]: abs(float(h["distance"])) for h in hits[0] if h["id"] in position}}


def make_searcher(archive: Archive | None = None, embedder: str | None = "e5-small", backend: str | None = None):
    """The embedded Searcher, or the Milvus one when `backend` or $DIRECTIVES_MILVUS_URI names a server."""
    uri = milvus_uri(backend)
    if uri is None:
        return Searcher(archive, embedder=embedder)
    return MilvusSearcher(archive, embedder=embedder, uri=uri)

