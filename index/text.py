"""Tokens for search, the same for clauses and queries.

Two fields: Vietnamese words as pyvi segments them ("thông_tin"), and diacritic-folded syllables
("thong", "tin") for queries typed without marks. A document code ("107/2021/NĐ-CP") stays one token in
both, in its canonical spelling, so any way of writing it matches.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import pairwise

from ingest.citations import canonical_number
from ingest.vietnamese import fold, normalize_tone

CODE = re.compile(r"(?<![\w/])\d{1,5}[a-zA-Z]?(?:\s?[/-]\s?(?:\d{4}|[A-Za-zĐđ][A-Za-zĐđ0-9]*)){1,4}(?![\w/])")
_TOKEN = re.compile(r"[^\W_]+(?:_[^\W_]+)*")
_SYLLABLE = re.compile(r"[^\W\d_]+")


def codes(text: str) -> list[str]:
    """Canonical document codes in a text, lower-cased: "107/2021/nđ-cp"."""
    out = []
    for m in CODE.finditer(text):
        if re.search(r"[A-Za-zĐđ]", m.group(0)):
            out.append(canonical_number(m.group(0)).lower())
    return out


def _split_codes(text: str) -> tuple[list[str], list[str]]:
    """The text around document codes, and the codes."""
    pieces, found, last = [], [], 0
    for m in CODE.finditer(text):
        if not re.search(r"[A-Za-zĐđ]", m.group(0)):
            continue
        pieces.append(text[last:m.start()])
        found.append(canonical_number(m.group(0)).lower())
        last = m.end()
    pieces.append(text[last:])
    return pieces, found


@lru_cache(maxsize=1)
def _pyvi():
    from pyvi import ViTokenizer
    return ViTokenizer


def prepare(text: str) -> str:
    return normalize_tone(unicodedata.normalize("NFC", text))


# One word, two accepted spellings. "hằng năm" / "hàng năm" (both in corpus/: a query's "hằng năm" missed the
# clauses writing "hàng năm"), and a final y or i after a consonant ("quản lý" / "quản lí", "kỹ" / "kĩ",
# "quý" / "quí", "tỷ lệ" / "tỉ lệ"). Tokens take one spelling; what is shown stays as written.
_HANG_BEFORE = frozenset("năm quý quí tháng tuần ngày kỳ kì".split())
_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")
_FINAL_Y = re.compile(r"(?:qu|[bcdđghklmnprstvx]{1,3})[yýỳỷỹỵ]")


@lru_cache(maxsize=65_536)
def _one_spelling(token: str) -> str:
    if "y" not in fold(token):
        return token
    return "_".join(s[:-1] + s[-1].translate(_Y_TO_I) if _FINAL_Y.fullmatch(s) else s for s in token.split("_"))


def one_spelling(tokens: list[str]) -> list[str]:
    """Lower-cased tokens with each word's variant spellings made one."""
    out = [_one_spelling(t) for t in tokens]
    for i in range(len(out) - 1):
        if out[i] == "hằng" and tokens[i + 1] in _HANG_BEFORE:
            out[i] = "hàng"
    return out


def one_spelling_text(text: str) -> str:
    """The lower-cased text with one_spelling's choices, punctuation kept: for matching tokens back in text."""
    words = [(m.start(), m.end()) for m in _SYLLABLE.finditer(text)]
    chosen = one_spelling([text[a:b].lower() for a, b in words])
    out, last = [], 0
    for (a, b), w in zip(words, chosen):
        out += [text[last:a].lower(), w]
        last = b
    return "".join(out) + text[last:].lower()


def word_tokens(text: str) -> list[str]:
    """pyvi words, lower-cased, punctuation dropped, one spelling per word, plus whole document codes."""
    pieces, found = _split_codes(prepare(text))
    tokenize = _pyvi().tokenize
    words = [t.lower() for piece in pieces if piece.strip() for t in _TOKEN.findall(tokenize(piece))]
    return one_spelling(words) + found


def folded_tokens(text: str) -> list[str]:
    """Syllables with no marks ("tinh", "gian"), one spelling per word, plus folded document codes."""
    pieces, found = _split_codes(prepare(text))
    return one_spelling([s for piece in pieces for s in _SYLLABLE.findall(fold(piece))]) + [fold(c) for c in found]


def folded_of_words(words: list[str], code_tokens: list[str]) -> list[str]:
    """The folded field's tokens of word tokens already made (a query's, after some were dropped)."""
    return [fold(s) for w in words if w not in code_tokens for s in _SYLLABLE.findall(w)] + \
        [fold(c) for c in code_tokens]


def tokens_of(texts: list[str]) -> list[tuple[list[str], list[str]]]:
    """Both fields' tokens for a batch of texts (a worker process's unit of work at indexing time)."""
    return [(word_tokens(t), folded_tokens(t)) for t in texts]


def tokenise(texts: list[str], batch: int = 500, parallel_from: int = 5000) -> list[tuple[list[str], list[str]]]:
    """tokens_of over many texts, in worker processes from `parallel_from` texts on: pyvi is pure Python and
    the slowest step of indexing (1.4 ms a clause), and a worker's start (pyvi's model) costs ~1.5 s."""
    from ingest.parallel import ordered_map

    batches = [texts[i:i + batch] for i in range(0, len(texts), batch)]
    return [t for part in ordered_map(tokens_of, batches, min_items=max(1, parallel_from // batch)) for t in part]


# A syllable folds the same way every time; the restorer folds every syllable of the archive twice.
_fold_syllable = lru_cache(maxsize=262_144)(fold)


def has_diacritics(text: str) -> bool:
    return any(ord(ch) > 127 and ch.isalpha() for ch in text)


class Restorer:
    """Puts diacritics back on a query typed without them, from the archive's own vocabulary.

    For each folded syllable pair (and single syllable) it keeps the most frequent marked form seen in
    the clauses; a query is restored pair by pair, greedily, so "mot cua lien thong" becomes
    "một cửa liên thông" when the archive writes it so.
    """

    # Question words staff type that directives themselves rarely contain ("bao nhiêu", "khi nào").
    QUESTION_WORDS = ("bao nhiêu, sở nào, cơ quan nào, đơn vị nào, văn bản nào, nghị định nào, quyết định nào, "
                      "khi nào, ngày nào, trước ngày nào, ở đâu, như thế nào, thế nào, là gì, là ai, ai chủ trì, "
                      "có phải, hay không, tỉnh nào, năm nào, bao giờ")

    def __init__(self) -> None:
        self._unigrams: dict[str, Counter] = {}
        self._bigrams: dict[tuple[str, str], Counter] = {}
        self._pending_unigrams: Counter = Counter()         # marked forms counted, not yet grouped by fold
        self._pending_bigrams: Counter = Counter()
        self._total: int | None = None                      # syllables counted, once grouped
        for _ in range(20):
            self.add(self.QUESTION_WORDS)

    def add(self, text: str) -> None:
        """Count the text's syllables and syllable pairs as written. Counter.update counts in C; grouping by
        folded form waits until a lookup, once per distinct form (the restorer was 0.3 ms a clause of ingest)."""
        syllables = _SYLLABLE.findall(prepare(text).lower())
        self._pending_unigrams.update(syllables)
        self._pending_bigrams.update(pairwise(syllables))

    def _group(self) -> None:
        """Fold what add() counted into {folded form: Counter(marked form)}, first-seen forms first (so ties in
        most_common go to the form the archive wrote first)."""
        if self._pending_unigrams:
            self._total = None
            for s, n in self._pending_unigrams.items():
                self._unigrams.setdefault(_fold_syllable(s), Counter())[s] += n
            self._pending_unigrams = Counter()
        if self._pending_bigrams:
            for (a, b), n in self._pending_bigrams.items():
                self._bigrams.setdefault((_fold_syllable(a), _fold_syllable(b)), Counter())[(a, b)] += n
            self._pending_bigrams = Counter()

    @property
    def unigrams(self) -> dict[str, Counter]:
        self._group()
        return self._unigrams

    @property
    def bigrams(self) -> dict[tuple[str, str], Counter]:
        self._group()
        return self._bigrams

    def __getstate__(self) -> dict:
        self._group()
        return {"unigrams": self._unigrams, "bigrams": self._bigrams}

    def __setstate__(self, state: dict) -> None:
        self._unigrams, self._bigrams = state["unigrams"], state["bigrams"]
        self._pending_unigrams, self._pending_bigrams = Counter(), Counter()
        self._total = None

    def restore(self, query: str) -> str:
        """Each run of syllables the archive knows is decoded whole (`_decode`); a syllable it has never seen is
        left as typed and splits the runs."""
        tokens = re.findall(r"\S+", query)
        words = [fold(re.sub(r"[^\w]", "", t)) for t in tokens]
        unigrams = self.unigrams
        out = list(tokens)
        i = 0
        while i < len(words):
            j = i
            while j < len(words) and words[j] in unigrams:
                j += 1
            for k, form in enumerate(self._decode(words[i:j]), start=i):
                out[k] = tokens[k].lower().replace(words[k], form)
            i = max(j, i + 1)
        return " ".join(out)

    # Weight of the pair's own evidence against the syllable's frequency alone, P(b | a) = λ c(a b) / c(a) +
    # (1 - λ) c(b) / N: a pair the archive writes decides, an unseen pair falls back on the commoner form.
    PAIR_WEIGHT = 0.9

    def _decode(self, folded: list[str]) -> list[str]:
        """The marked forms of a run of folded syllables that the archive makes likeliest as a whole (Viterbi over
        a syllable bigram model). Pairs decided left to right had let one pair take a syllable its right-hand
        neighbour needed: "cho cai cach" read "cho cai" (as in "cho cai nghiện") and left "cách" stranded, where
        "cải cách" is what the archive writes."""
        if not folded:
            return []
        unigrams, bigrams = self.unigrams, self.bigrams
        if self._total is None:
            self._total = sum(sum(c.values()) for c in unigrams.values()) or 1
        lam, total = self.PAIR_WEIGHT, self._total
        # (log-probability, path) per candidate form; forms in first-seen order, so ties go to the first written
        best = {f: (math.log(n / total), [f]) for f, n in unigrams[folded[0]].items()}
        for prev, word in pairwise(folded):
            pairs = bigrams.get((prev, word), Counter())
            step = {}
            for b, nb in unigrams[word].items():
                options = [(score + math.log(lam * pairs.get((a, b), 0) / unigrams[prev][a]
                                             + (1 - lam) * nb / total), path)
                           for a, (score, path) in best.items()]
                score, path = max(options, key=lambda o: o[0])
                step[b] = (score, path + [b])
            best = step
        return max(best.values(), key=lambda v: v[0])[1]

ENGLISH = set("""a an the of to in on for by with and or is are was were be been who whom whose which what when where why
how does do did should must shall will would can could many much have has had this that these those it its their there from about into over
under between charge responsible lead leads leading agency agencies department office province provincial deadline
report reports decree decision plan task tasks digital transformation administrative reform reforming procedures
procedure public services service""".split())


def is_english(query: str, vocabulary: dict | set | None = None) -> bool:
    """ASCII words most of which are English: lean on the multilingual dense side.

    With the archive's folded syllables as `vocabulary`, a word counts as English when it is a known
    English word or is no Vietnamese syllable the archive uses ("component", "portals").
    """
    words = re.findall(r"[A-Za-z]+", query.lower())
    if not words or has_diacritics(query):
        return False
    english = sum(w in ENGLISH or (vocabulary is not None and w not in vocabulary) for w in words)
    return english / len(words) >= (0.5 if vocabulary is not None else 0.4)
