"""A story's articles, readings and facts -> a short summary where every sentence cites its
sources.

Extractive first: candidate sentences are whole body sentences (so a cited span states
exactly what the summary says), scored for centrality (TF-IDF cosine to the story's centroid),
for carrying facts several sources report (corroborated and consistent facts first), and for
how many other articles say the same; picked greedily with a redundancy penalty (maximal
marginal relevance). Sentences that lean on context they do not carry ("He added", "It said")
or are too short or too long to stand alone are not candidates.

Composed: for the facts several independent sources report, one sentence crosswire writes
itself, built only from those facts' reports and citing each of them (``composed`` True).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from crosswire.facts.align import Sources, sources_of
from crosswire.facts.values import describe
from crosswire.models import Article, Citation, Fact, Reading

MIN_WORDS, MAX_WORDS = 8, 60
SAME_WORDING = 0.5  # TF-IDF cosine at which another article's sentence says the same
REDUNDANCY = 0.6  # weight of similarity to already-picked sentences (MMR)
COMPOSED_MAX = 2  # composed fact sentences at most, of the summary's length
_PRONOUN_SPEAKER = re.compile(r"[,\"”]\s*(?:he|she|it|they)\s+(?:said|says|added|told)\b",
                              re.IGNORECASE)
_LEANS_ON_CONTEXT = re.compile(
    r"^(?:[\"“'‘]?\s*)(?:he|she|it|they|this|that|these|those|his|her|its|their|but|and|also|"
    r"however|meanwhile|still|then|there|here)\b", re.IGNORECASE)


@dataclass
class SummarySentence:
    """One summary sentence: the JSON contract's summary item."""

    text: str
    citations: list[Citation]
    supported_by: list[str] = field(default_factory=list)
    single_source: bool = True
    composed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """-> the contract's {text, citations, supported_by, single_source, composed}."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SummarySentence:
        """the contract's summary item -> SummarySentence."""
        return cls(data["text"], [Citation.from_dict(c) for c in data["citations"]],
                   list(data.get("supported_by", [])), bool(data.get("single_source", True)),
                   bool(data.get("composed", False)))


@dataclass
class _Candidate:
    article: Article
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.article.body[self.start:self.end]


def summarise(articles: Sequence[Article], readings: dict[str, Reading],
              facts: Sequence[Fact], length: int = 5) -> list[SummarySentence]:
    """a story's articles + their readings + its facts (+ sentences wanted) -> the summary:
    composed sentences for widely reported facts, then the central extracted sentences
    (those whose facts a composed sentence already gives are left out)."""
    sources = sources_of(articles)
    told = [f for f in facts if f.kind == "quantity"
            and f.status in ("corroborated", "consistent")][:min(COMPOSED_MAX, max(length - 1, 0))]
    composed = [compose(f, sources) for f in told]
    covered = {(c.article, c.start) for s in composed for c in s.citations}
    candidates = [c for c in _candidates(articles, readings)
                  if not any(a == c.article.id and c.start <= start < c.end
                             for a, start in covered)]
    if not candidates or length <= len(composed):
        return composed[:length]
    matrix = _tfidf([c.text for c in candidates])
    picked = _pick(candidates, matrix, _fact_weight(candidates, facts), length - len(composed))
    return composed + [_sentence(candidates, matrix, i, sources, facts) for i in picked]


def _candidates(articles: Sequence[Article], readings: dict[str, Reading]) -> list[_Candidate]:
    """articles + readings -> the sentences that can stand alone in a summary."""
    found = []
    for article in articles:
        reading = readings.get(article.id)
        for s in reading.sentences if reading else []:
            text = article.body[s.start:s.end]
            words = len(text.split())
            if (MIN_WORDS <= words <= MAX_WORDS and "\n" not in text.strip()
                    and not _LEANS_ON_CONTEXT.match(text) and not _PRONOUN_SPEAKER.search(text)
                    and not text.rstrip().endswith("?")):
                found.append(_Candidate(article, s.start, s.end))
    return found


def _tfidf(texts: list[str]) -> np.ndarray:
    """texts -> L2-normalised TF-IDF rows (dense; a story's sentences are few)."""
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
    try:
        return np.asarray(vectorizer.fit_transform(texts).toarray(), dtype=np.float64)
    except ValueError:  # nothing but stop words
        return np.zeros((len(texts), 1))


def _fact_weight(candidates: list[_Candidate], facts: Sequence[Fact]) -> np.ndarray:
    """candidates -> a bonus for each carrying a report of a fact several sources report."""
    weight = {"corroborated": 1.0, "consistent": 0.8, "evolving": 0.5, "conflicting": 0.5}
    spans: dict[str, list[tuple[int, int, float]]] = {}
    for fact in facts:
        for r in fact.reports:
            spans.setdefault(r.article, []).append(
                (r.citation.start, r.citation.end, weight.get(fact.status, 0.0)))
    bonus = np.zeros(len(candidates))
    for i, c in enumerate(candidates):
        hits = [w for s, e, w in spans.get(c.article.id, []) if c.start <= s and e <= c.end]
        bonus[i] = max(hits, default=0.0)
    return bonus


def _pick(candidates: list[_Candidate], matrix: np.ndarray, bonus: np.ndarray,
          length: int) -> list[int]:
    """candidates -> indices of the summary sentences: centrality + fact bonus + support,
    with a redundancy penalty; returned in (published, article, offset) order."""
    centroid = matrix.mean(axis=0)
    centrality = matrix @ (centroid / max(float(np.linalg.norm(centroid)), 1e-12))
    sims = matrix @ matrix.T
    owners = np.array([c.article.id for c in candidates])
    support = np.array([len(set(owners[(sims[i] >= SAME_WORDING) & (owners != owners[i])]))
                        for i in range(len(candidates))])
    score = centrality + 0.3 * bonus + 0.05 * np.minimum(support, 5)
    picked: list[int] = []
    while len(picked) < min(length, len(candidates)):
        penalty = sims[:, picked].max(axis=1) if picked else np.zeros(len(candidates))
        mmr = score - REDUNDANCY * penalty
        mmr[picked] = -np.inf
        picked.append(int(np.argmax(mmr)))
    return sorted(picked, key=lambda i: (candidates[i].article.published or "",
                                         candidates[i].article.id, candidates[i].start))


def _sentence(candidates: list[_Candidate], matrix: np.ndarray, i: int, sources: Sources,
              facts: Sequence[Fact]) -> SummarySentence:
    """a picked candidate -> its SummarySentence: its citation, the other articles saying
    the same (in like words, or reporting a fact the sentence carries), and whether all of
    them are one source."""
    own = candidates[i]
    sims = matrix @ matrix[i]
    same = {candidates[j].article.id for j in np.flatnonzero(sims >= SAME_WORDING)}
    for fact in facts:
        if any(r.article == own.article.id and own.start <= r.citation.start < own.end
               for r in fact.reports):
            same |= {r.article for r in fact.reports}
    others = sorted(same - {own.article.id})
    spread = {sources.of(a) for a in [own.article.id, *others]}
    return SummarySentence(own.text, [Citation(own.article.id, own.start, own.end)], others,
                           single_source=len(spread) < 2)


def compose(fact: Fact, sources: Sources) -> SummarySentence:
    """a fact several sources report -> one sentence built only from its reports, citing each
    ('Xinhua and i24NEWS report dead: at most 3,250 and more than 3,200 (consistent: all
    citing Syrian Observatory for Human Rights).')."""
    outlets = list(dict.fromkeys(sources.name[sources.of(r.article)] for r in fact.reports))
    origins = list(dict.fromkeys(r.attributed_to for r in fact.reports if r.attributed_to))
    values = list(dict.fromkeys(describe(r.value, r.qualifier) for r in fact.reports
                                if r.value is not None))
    why = f"{fact.status}: all citing {origins[0]}" if (
        fact.status == "consistent" and origins) else fact.status
    text = f"{_join(outlets)} report {fact.subject}: {_join(values)} ({why})."
    return SummarySentence(text, [r.citation for r in fact.reports], [],
                           single_source=False, composed=True)


def _join(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
