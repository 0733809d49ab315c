"""Articles -> story features: a sparse TF-IDF vector and a dense embedding, row-aligned.

Sparse: word forms (lower-cased, stop words out, a light suffix-stripping lemmatiser of our
own) plus cheap named-entity signals weighted up: runs of capitalised words ("Tara Reid",
"Fulton County"), numbers with the word after them ("6.1 magnitude", "four people"), years and
month-day dates. Features are hashed (a fixed-size space, no vocabulary to grow) and weighted
by sublinear TF x IDF, where IDF comes from a :class:`DocFreq` table of running document
frequencies over the hashed columns. A batch updates the table with all its documents before
weighting them, so a batch's features do not depend on its order; an online caller keeps the
table between batches (it is small: one int32 per column) so early and late articles are
weighted alike as the collection grows.

Dense: all-MiniLM-L6-v2 over the headline and the lead (the first ``embed_tokens`` tokens), or,
with embeddings off, a fixed random projection of the sparse vector (for the vector index).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from crosswire.config import Settings
from crosswire.models import Article
from crosswire.stories.embed import DIM, Embedder, shared_embedder

N_FEATURES = 2**20
_HASHER = FeatureHasher(n_features=N_FEATURES, input_type="dict", alternate_sign=False)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CAPS = re.compile(r"(?:[A-Z][\w'’.&-]*(?:\s+(?:of|de|la|del|van|von|al|bin)\s+|\s+)?)+")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*%|\s+([A-Za-z]+))?")
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE = re.compile(r"\b(" + _MONTHS + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _MONTHS + r")\b",
                        re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](\d{4}|\d{2})\b")
_SENTENCE_START = re.compile(r"(?:[.!?\"“:|]\s+|\n\s*)$")
STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "mr", "mrs", "ms", "s"}


def lemma(word: str) -> str:
    """A lower-cased word -> a light lemma ('sentences' -> 'sentence', 'killed' -> 'kill')."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]
            return stem
    return word


def word_terms(text: str) -> Counter[str]:
    """text -> {lemma: count} over its non-stop words."""
    words = (w.lower().replace("’", "'") for w in _WORD.findall(text))
    return Counter(lemma(w.removesuffix("'s")) for w in words if w not in STOP and len(w) > 1)


def _names(text: str) -> Iterable[str]:
    """text -> capitalised word runs ('Tara Reid'), cut after a word ending a sentence, without
    a leading stop word, lower-cased; a single capitalised word opening a sentence is skipped."""
    for match in _CAPS.finditer(text):
        start = match.start()
        opens = start == 0 or _SENTENCE_START.search(text[max(0, start - 4):start]) is not None
        run: list[str] = []
        for word in match.group(0).split():
            run.append(word)
            if word.endswith(".") and len(word) > 2:
                yield from _name(run, opens)
                run, opens = [], True
        yield from _name(run, opens)


def _name(words: list[str], opens: bool) -> Iterable[str]:
    """A run of capitalised words (+ does it open a sentence) -> the name it holds, if any."""
    while words and words[0].lower().strip(".") in STOP:
        words, opens = words[1:], False
    if words and not (len(words) == 1 and opens):
        yield " ".join(w.strip(".'’").lower() for w in words)


def entity_terms(text: str) -> Counter[str]:
    """text -> {entity feature: count}: names (whole and per word), numbers with the word after
    them, years and month-day dates."""
    terms: Counter[str] = Counter()
    for name in _names(text):
        terms["E:" + name] += 1
        if " " in name:
            terms.update("e:" + part for part in name.split() if part not in STOP)
    for number, unit in _NUMBER.findall(text):
        value = number.replace(",", "")
        terms["Y:" + value if len(value) == 4 and value[:2] in ("19", "20") else "N:" + value] += 1
        if unit and unit.lower() not in STOP:
            terms[f"N:{value} {lemma(unit.lower())}"] += 1
    terms.update(date_terms(text))
    return terms


def date_terms(text: str) -> Counter[str]:
    """text -> {date feature: count}: month-day dates ('D:dec 11') in either order, and the
    year of numeric dates ('11/30/09' -> 'Y:2009'; four-digit years come with the numbers)."""
    terms: Counter[str] = Counter()
    for month, day in _DATE.findall(text):
        terms[f"D:{month.lower()[:3]} {int(day)}"] += 1
    for day, month in _DAY_MONTH.findall(text):
        terms[f"D:{month.lower()[:3]} {int(day)}"] += 1
    for year in _NUMERIC_DATE.findall(text):
        terms["Y:" + (year if len(year) == 4 else ("20" if year < "50" else "19") + year)] += 1
    return Counter({t: c for t, c in terms.items()
                    if not t.startswith("D:") or 1 <= int(t.rsplit(" ", 1)[1]) <= 31})


def raw_terms(headline: str, body: str, entity_weight: float) -> dict[str, float]:
    """headline + body -> {feature: sublinear tf weight}, entity features scaled up."""
    text = f"{headline}\n{body}" if headline else body
    weights = {term: 1.0 + np.log(count) for term, count in word_terms(text).items()}
    for term, count in entity_terms(text).items():
        weights[term] = entity_weight * (1.0 + np.log(count))
    return weights


class DocFreq:
    """Running document frequencies over the hashed columns -> smoothed IDF."""

    def __init__(self) -> None:
        self.df = np.zeros(N_FEATURES, dtype=np.int32)
        self.n_docs = 0

    def update(self, counts: sp.csr_matrix) -> None:
        """Rows of raw term weights -> add each row's columns once to the frequencies."""
        cols, freq = np.unique(counts.indices, return_counts=True)
        self.df[cols] += freq.astype(np.int32)
        self.n_docs += counts.shape[0]

    def weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Rows of raw term weights -> TF-IDF rows, L2-normalised."""
        out = counts.astype(np.float32, copy=True)
        idf = np.log((1.0 + self.n_docs) / (1.0 + self.df[out.indices])) + 1.0
        out.data *= idf.astype(np.float32)
        return normalise_rows(out)


def normalise_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Sparse rows -> the same rows with unit L2 norm (empty rows stay empty)."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = sp.diags(1.0 / np.maximum(norms, 1e-12))
    return sp.csr_matrix(scale @ matrix, dtype=np.float32)


@dataclass
class Features:
    """Row-aligned features of some articles: ids, publication day numbers (None = undated),
    L2-normalised sparse TF-IDF rows, unit dense rows (embedding or projection), and the raw
    term weights before IDF (re-weighted locally when a story is tested for a split)."""

    ids: list[str]
    days: list[float | None]
    sparse: sp.csr_matrix
    dense: np.ndarray
    counts: sp.csr_matrix

    def __len__(self) -> int:
        return len(self.ids)

    def subset(self, rows: Sequence[int]) -> Features:
        """row numbers -> the Features of those rows, in that order."""
        index = list(rows)
        return Features([self.ids[i] for i in index], [self.days[i] for i in index],
                        self.sparse[index], self.dense[index], self.counts[index])


def day_number(published: str | None) -> float | None:
    """ISO date or datetime -> days since 0001-01-01 (None when missing or unreadable)."""
    if not published:
        return None
    try:
        return float(date.fromisoformat(published[:10]).toordinal())
    except ValueError:
        return None


def lead(article: Article, max_chars: int = 1500) -> str:
    """Article -> headline and the start of the body, the text the embedding reads."""
    head = (article.headline or "").strip()
    body = article.body.strip()
    if head and body.startswith(head):
        body = body[len(head):].lstrip()
    return f"{head}\n{body[:max_chars]}" if head else body[:max_chars]


def project(sparse: sp.csr_matrix, dim: int = DIM, copies: int = 3) -> np.ndarray:
    """Sparse rows -> unit dense rows by a fixed count sketch (embeddings off): each column adds
    its value, with a sign, to ``copies`` buckets picked by integer hashes of its index."""
    cols = sparse.indices.astype(np.uint64)
    row_of = np.repeat(np.arange(sparse.shape[0]), np.diff(sparse.indptr))
    dense = np.zeros((sparse.shape[0], dim), dtype=np.float64)
    for copy in range(copies):
        mixed = (cols + np.uint64(copy + 1)) * np.uint64(0x9E3779B97F4A7C15)
        mixed ^= mixed >> np.uint64(29)
        bucket = (mixed % np.uint64(dim)).astype(np.int64)
        sign = np.where((mixed >> np.uint64(40)) & np.uint64(1), 1.0, -1.0)
        np.add.at(dense, (row_of, bucket), sign * sparse.data)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    return (dense / np.maximum(norms, 1e-12)).astype(np.float32)


class Representer:
    """Articles -> Features, keeping the DocFreq table between calls (online use)."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.docfreq = DocFreq()
        self.embedder = embedder

    def featurise(self, articles: Sequence[Article]) -> Features:
        """Articles (one batch) -> their Features; the batch's terms join the DF table first."""
        s = self.settings
        rows = [raw_terms(a.headline or "", a.body, s.story_entity_weight) for a in articles]
        counts = sp.csr_matrix(_HASHER.transform(rows), dtype=np.float32)
        self.docfreq.update(counts)
        sparse = self.docfreq.weigh(counts)
        if s.story_embeddings:
            embedder = self.embedder or shared_embedder()
            dense = embedder.embed([lead(a) for a in articles], s.story_embed_tokens)
        else:
            dense = project(sparse)
        days = [day_number(a.published) for a in articles]
        return Features([a.id for a in articles], days, sparse, dense, counts)


def featurise(articles: Sequence[Article], settings: Settings,
              embedder: Embedder | None = None) -> Features:
    """Articles (a whole batch) -> Features, IDF from that batch alone."""
    return Representer(settings, embedder).featurise(articles)
