"""A story's key event claims: the same statement of what happened, lined up across outlets.

A claim is one sentence of a body that states something (not a direct quote, not too short
or long), or the clause a source is reported to have said ("police said the fire was started
by ..."), which keeps its speaker. Claims of different articles are the same claim when
their cores (``clause_core.py``: who did what to whom, when, without the asides) share most
of their rare words (tf-idf cosine over the story's light lemmas, names counted like any
word, "recaptured" as "captured" when the story has both), or, when both cores date their
event to the same stated day and name the same thing, some of them; they are grouped
by average link, so a sentence joins a group only when it is close to most of it. Only
claims two or more articles make are kept, the most widely made first, at most
``MAX_CLAIMS`` per story: they are the story's key claims, not every sentence. A group whose
reports are all near copies of one sentence, agreeing, says nothing the copying does not (a
wire paragraph printed twice) and is left out.

Agreement is checked on what a sentence-level reading can tell: one side negated and the
other not, or stated dates that differ, make the claim conflicting; numbers are left to the
quantity facts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from crosswire.facts.grouping import average_link
from crosswire.facts.origins import copied
from crosswire.models import Article, Citation, DatedSentence, Mention, Reading
from crosswire.stories.represent import STOP, lemma

MIN_WORDS, MAX_WORDS = 6, 60
QUOTED_SHARE = 0.3  # a sentence mostly inside a direct quote is a quote, not a claim
SIMILARITY = 0.5  # mean tf-idf cosine for two groups of claims to join
MAX_CLAIMS = 8
CORE_WORDS = 3  # a core this long stands for its sentence
DATED_SIMILARITY = 0.15  # enough for two cores naming one thing on one stated day
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")


def claim_mentions(article: Article, reading: Reading) -> list[tuple[Mention, DatedSentence]]:
    """an article + its Reading -> its claim mentions (one per stating sentence, the reported
    clause where a source is reported to have said it), each with its dated sentence."""
    out = []
    for sentence in reading.sentences:
        text = article.body[sentence.start:sentence.end]
        words = len(text.split())
        if not MIN_WORDS <= words <= MAX_WORDS or _quoted(sentence, reading.mentions):
            continue
        said = next((m for m in reading.mentions if m.kind == "claim"
                     and sentence.start <= m.citation.start < sentence.end), None)
        if said is not None:
            mention = Mention(**{**said.__dict__, "subject": None})
        else:
            mention = Mention(
                article=article.id, outlet=article.outlet, kind="claim", text=text,
                subject=None, citation=Citation(article.id, sentence.start, sentence.end),
                attributed_to=sentence.source, as_of=sentence.date if sentence.stated else None,
                as_of_precision=sentence.precision if sentence.stated else None)
        out.append((mention, sentence))
    return out


def _quoted(sentence: DatedSentence, mentions: Sequence[Mention]) -> bool:
    inside = sum(max(0, min(m.citation.end, sentence.end) - max(m.citation.start, sentence.start))
                 for m in mentions if m.kind == "quote")
    return inside > QUOTED_SHARE * max(sentence.end - sentence.start, 1)


def group_claims(articles: Sequence[Article], readings: Mapping[str, Reading]
                 ) -> list[list[tuple[Mention, DatedSentence]]]:
    """a story's articles + their Readings -> groups of the same claim made by two or more
    articles, the most widely made first (at most MAX_CLAIMS)."""
    items = [item for a in articles if a.id in readings
             for item in claim_mentions(a, readings[a.id])]
    bags = _fold_prefixes([_bag(_statement(m, s)) for m, s in items])
    names = [frozenset(_NAME.findall(_statement(m, s))) for m, s in items]
    df = Counter(w for bag in bags for w in bag)
    idf = _idf(df, len(bags))
    vectors = [_weights(b, idf) for b in bags]
    scores = {}
    by_word: dict[str, list[int]] = {}
    rare = max(2, len(bags) // 5)  # candidates share a word at most this many sentences use
    for i, vector in enumerate(vectors):
        near = {j for w in vector if df[w] <= rare for j in by_word.get(w, ())}
        for j in near:
            if items[j][0].article != items[i][0].article:
                score = sum(vector[w] * vectors[j].get(w, 0.0) for w in vector)
                if score >= DATED_SIMILARITY and _same_dated_event(
                        items[i][1], items[j][1], names[i], names[j]):
                    score = max(score, SIMILARITY)
                if score >= SIMILARITY / 2:
                    scores[(j, i)] = score
        for w in vector:
            by_word.setdefault(w, []).append(i)
    groups = [[items[i] for i in g] for g in average_link(len(items), scores, SIMILARITY)]
    shared = [g for g in groups if len({m.article for m, _ in g}) > 1
              and (not _copies_only(g) or disagreement(g) is not None)]
    shared.sort(key=lambda g: (-len({m.article for m, _ in g}), min(s.start for _, s in g)))
    return shared[:MAX_CLAIMS]


def _statement(mention: Mention, sentence: DatedSentence) -> str:
    """a claim -> the words it is compared by: its sentence's core (who did what to whom,
    when) when that has three words or more, else the claim's text."""
    core = sentence.core or ""
    return core if len(core.split()) >= CORE_WORDS else mention.text


def _same_dated_event(a: DatedSentence, b: DatedSentence, names_a: frozenset[str],
                      names_b: frozenset[str]) -> bool:
    """two sentences (+ the names in their cores) -> do they date their event to the same
    stated day (not a forecast) and name the same thing: evidence that they state one event
    however worded ("captured Raqqa on Tuesday" / "the liberation of Raqqa on Tuesday")?"""
    return (a.stated and b.stated and not a.forecast and not b.forecast
            and a.precision == b.precision == "day" and a.date == b.date
            and bool(names_a & names_b))


def _fold_prefixes(bags: list[Counter[str]]) -> list[Counter[str]]:
    """bags of lemmas -> the same, a word made with "re-" counted as its base when the story
    uses the base too ("recaptured" / "captured")."""
    vocabulary = {w for bag in bags for w in bag}
    out = []
    for bag in bags:
        folded: Counter[str] = Counter()
        for word, count in bag.items():
            base = word[2:] if word.startswith("re") and word[2:] in vocabulary else word
            folded[base] += count
        out.append(folded)
    return out


def _bag(text: str) -> Counter[str]:
    return Counter(lemma(w.lower()) for w in _WORD.findall(text)
                   if w.lower() not in STOP and len(w) > 1)


def _idf(df: Counter[str], n: int) -> dict[str, float]:
    return {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}


def _weights(bag: Counter[str], idf: Mapping[str, float]) -> dict[str, float]:
    """a bag of words -> its unit tf-idf vector."""
    raw = {w: c * idf[w] for w, c in bag.items()}
    norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
    return {w: v / norm for w, v in raw.items()}


def disagreement(group: Sequence[tuple[Mention, DatedSentence]]) -> str | None:
    """reports of one claim -> why they cannot all hold (one negates what another states;
    stated dates differ), or None."""
    negated = {s.negated for _, s in group}
    if len(negated) == 2:
        no = next(m for m, s in group if s.negated)
        return f"one report negates it: “{no.text.strip()}”"
    days = {s.date for _, s in group if s.stated and s.precision == "day" and not s.forecast}
    if len(days) > 1:
        return f"reports date it differently: {', '.join(sorted(d for d in days if d))}"
    return None


def _copies_only(group: Sequence[tuple[Mention, DatedSentence]]) -> bool:
    """-> True when every report is a near copy of the first (no independent wording)."""
    first = group[0][0].text
    return all(copied(first, m.text) for m, _ in group[1:])
