"""Facts eval: crosswire's facts across a story's articles against hand-annotated ones.

Data: ``../shared/eval/facts/ecbplus-dev.json`` (clusters of ECB+ articles, each with every
fact two or more of its articles report, their reports and the right status; see
``../shared/eval/README.md``, section facts/). The article texts come from the clustering
set (``../clustering/ecbplus.jsonl`` beside the facts folder, or ``texts``).

Every article of the file is fed as a JSON Lines record ``{"id", "text"}`` into one fresh store
(the real ingest: cleaning, wire copies, stories); the facts of every story are taken as the
story card takes them. The scores follow the README's rules:

- recall: a gold fact is found when one crosswire fact of a compatible kind holds reports from
  at least max(2, 60 % of) the gold fact's articles and, for quantities, shares a value with it;
  for quotes and claims a crosswire report holds a gold report only when its words overlap
  that report's text or the gold fact's description (which holds a long quote's other parts):
  half the words of the shorter one are in the other (:func:`same_words`), so a claim about
  something else in the same articles does not stand in for a gold quote;
- status: among found facts, the crosswire fact covering most of the gold fact's articles has
  exactly the gold status;
- precision: among crosswire quantities and quotes with reports from 2+ annotated articles,
  the share that match a gold fact or background fact: 2+ shared articles (held as for
  recall), compatible kinds (quote and claim match each other), and for quantities every value
  crosswire reports from the shared articles is one of the gold fact's values. Claims are left
  out of precision (the gold names up to 3 salient claims per cluster, not every one); how
  many multi-article claims there are and how many match a gold fact is reported beside it.

The same three for quotes alone (gold quotes; crosswire facts of kind quote), and, as
``readme_*``, the three under the README's article-level rules (any report from a gold
fact's article holds it; claims counted in precision) that the issue first measured with.
Clusters are split in two parts by their position in the file (A: 1st, 3rd, ...; B: 2nd, 4th,
...), each scored on its own, so a figure fitted on one part can be reported on the other.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosswire.config import Settings
from crosswire.errors import UsageError
from crosswire.models import Article, Fact, Reading

RECALL_SHARE = 0.6
PARTS = ("A", "B")


@dataclass(frozen=True)
class GoldFact:
    """One annotated fact: its cluster, kind, status, the articles reporting it and the values
    they give (numbers, or (low, high) for ranges)."""

    cluster: str
    what: str
    kind: str
    status: str | None
    articles: frozenset[str]
    values: tuple[float | tuple[float, float], ...]
    background: bool = False
    texts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # article -> report texts


@dataclass
class Counts:
    """Tallies behind one set of scores."""

    gold: int = 0
    found: int = 0
    status_right: int = 0
    predicted: int = 0
    precise: int = 0
    claims: int = 0  # multi-article claims (outside precision)
    claims_in_gold: int = 0
    confusion: dict[str, int] = field(default_factory=dict)  # "gold -> crosswire": count
    misses: list[str] = field(default_factory=list)
    wrong_status: list[str] = field(default_factory=list)
    imprecise: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        """-> recall, status accuracy among found, precision (0 where nothing to divide)."""
        return {"recall": _ratio(self.found, self.gold),
                "status_accuracy": _ratio(self.status_right, self.found),
                "precision": _ratio(self.precise, self.predicted),
                "gold": self.gold, "found": self.found, "multi_article_facts": self.predicted,
                "multi_article_claims": self.claims, "claims_in_gold": self.claims_in_gold}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def load_gold(path: Path) -> tuple[list[dict[str, Any]], list[GoldFact]]:
    """the facts gold file -> (its clusters as written, every gold and background fact)."""
    try:
        clusters = json.loads(path.read_text(encoding="utf-8"))["clusters"]
    except (OSError, ValueError, KeyError) as exc:
        raise UsageError(f"{path}: not a facts gold file ({exc})") from exc
    facts = []
    for cluster in clusters:
        for fact in cluster.get("facts", []):
            facts.append(_gold_fact(cluster["event"], fact, background=False))
        for fact in cluster.get("background_facts", []):
            facts.append(_gold_fact(cluster["event"], fact, background=True))
    return clusters, facts


def _gold_fact(cluster: str, fact: dict[str, Any], background: bool) -> GoldFact:
    values: list[float | tuple[float, float]] = []
    for report in fact.get("reports", []):
        value, high = report.get("value"), report.get("value_high")
        if isinstance(value, (int, float)):
            values.append((float(value), float(high)) if isinstance(high, (int, float))
                          else float(value))
    texts: dict[str, tuple[str, ...]] = {}
    for report in fact["reports"]:
        texts[report["article"]] = (*texts.get(report["article"], ()), str(report.get("text", "")))
    return GoldFact(cluster, fact.get("what", ""), fact.get("kind", "quantity"),
                    fact.get("status"), frozenset(r["article"] for r in fact["reports"]),
                    tuple(values), background, texts)


def load_texts(path: Path, ids: Iterable[str]) -> dict[str, str]:
    """the clustering JSON Lines file + wanted ids -> {id: text}; UsageError when one is
    missing."""
    wanted, texts = set(ids), {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the article texts ({exc}); give --texts") from exc
    for line in lines:
        if line.strip():
            record = json.loads(line)
            if str(record["id"]) in wanted:
                texts[str(record["id"])] = str(record["text"])
    missing = wanted - set(texts)
    if missing:
        raise UsageError(f"{path}: no text for {len(missing)} article(s), e.g. {min(missing)}")
    return texts


# -- running crosswire ----------------------------------------------------------------------


@dataclass
class Prepared:
    """The eval's articles in a store: stories (article lists) and every article's Reading."""

    stories: dict[str, list[Article]]
    readings: dict[str, Reading]


def prepare(texts: dict[str, str], settings: Settings, db: str | None = None) -> Prepared:
    """{id: text} -> the articles ingested into one fresh store (or ``db``, kept between runs
    so that parses are reused), grouped in crosswire's stories, with their Readings."""
    from crosswire import api
    from crosswire.runners.local import story_readings
    from crosswire.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        # a kept store reads the same feed file again (unchanged records are not re-ingested)
        feed = Path(f"{db}.feed.jsonl") if db else Path(tmp) / "articles.jsonl"
        feed.write_text("".join(json.dumps({"id": i, "text": t}) + "\n"
                                for i, t in sorted(texts.items())), encoding="utf-8")
        store = open_store(db or str(Path(tmp) / "facts.db"))
        api.ingest([str(feed)], db=store, settings=settings)
        stories = {s.id: [api.get_article(store, i) for i in s.articles]
                   for s in store.stories()}
        every = [a for arts in stories.values() for a in arts]
        read = story_readings(store, every, settings.facts_processes)
        store.close()
    return Prepared(stories, read)


def crosswire_facts(texts: dict[str, str], settings: Settings,
                    db: str | None = None) -> list[Fact]:
    """{id: text} -> the facts of every story crosswire makes of them, as the story card
    takes them (see :func:`prepare`)."""
    from crosswire.facts import stage as facts_stage

    prepared = prepare(texts, settings, db)
    mentions = {i: r.mentions for i, r in prepared.readings.items()}
    out: list[Fact] = []
    for arts in prepared.stories.values():
        out += facts_stage.facts(arts, mentions, prepared.readings)
    return out


# -- scoring --------------------------------------------------------------------------------


def _kind_fits(gold_kind: str, kind: str) -> bool:
    said = ("quote", "claim")
    return gold_kind == kind or (gold_kind in said and kind in said)


def _close(a: float | tuple[float, float], b: float | tuple[float, float]) -> bool:
    if isinstance(a, tuple) != isinstance(b, tuple):
        return False
    if isinstance(a, tuple) and isinstance(b, tuple):
        return all(math.isclose(x, y, rel_tol=1e-5) for x, y in zip(a, b, strict=True))
    return math.isclose(float(a), float(b), rel_tol=1e-5)  # type: ignore[arg-type]


def _value(report_value: Any) -> float | tuple[float, float] | None:
    if isinstance(report_value, (int, float)):
        return float(report_value)
    if isinstance(report_value, list) and len(report_value) == 2:
        return float(report_value[0]), float(report_value[1])
    return None


def _articles(fact: Fact, annotated: frozenset[str]) -> set[str]:
    return {r.article for r in fact.reports if r.article in annotated}


def _values_from(fact: Fact, articles: set[str]) -> list[float | tuple[float, float]]:
    return [v for r in fact.reports if r.article in articles
            if (v := _value(r.value)) is not None]


WORD = re.compile(r"[^\W\d_]{3,}")
WORD_SHARE = 0.5
MIN_SHARED = 2  # content words two report texts must share
# attribution words the story stop list (stories/represent.py STOP: said, says, told) lacks
ATTRIBUTION = frozenset({"according", "added", "stated", "statement"})


def _words(text: str) -> set[str]:
    """a report text -> its content words (3+ letters, no stop or attribution words)."""
    from crosswire.stories.represent import STOP

    return {w for w in (m.lower() for m in WORD.findall(text))
            if w not in STOP and w not in ATTRIBUTION}


def same_words(a: str, b: str) -> bool:
    """two report texts -> do they say the same words: half the content words of the shorter
    are in the other, and at least two (all, when it has one: "Yes", "Thieves, thieves!")."""
    left, right = _words(a), _words(b)
    if not left or not right:
        return False
    shared, shorter = len(left & right), min(len(left), len(right))
    return shared >= WORD_SHARE * shorter and shared >= min(MIN_SHARED, shorter)


def quoted_parts(text: str) -> list[str]:
    """a gold quote's text or description -> the words inside its quote marks (the whole
    text when it has none), so the attribution around them ("police said") matches
    nothing."""
    from crosswire.facts.quote_marks import quote_regions

    parts = [text[r.start:r.end] for r in quote_regions(text)]
    return parts or [text]


def _shared(fact: Fact, gold: GoldFact, by_text: bool = True) -> set[str]:
    """-> the gold fact's articles in which the crosswire fact holds a report: any report for
    quantities (values are checked apart) and under the README's article-level rules
    (``by_text`` False); for quotes and claims one whose words overlap a gold report's of
    that article or the gold's description, their quoted words for a quote (gold without
    texts: any)."""
    shared = {r.article for r in fact.reports} & gold.articles
    if gold.kind == "quantity" or not gold.texts or not by_text:
        return shared
    return {r.article for r in fact.reports if r.article in shared
            and any(same_words(r.text, t) for t in _gold_words(gold, r.article))}


def _gold_words(gold: GoldFact, article: str) -> list[str]:
    """-> what a crosswire report of ``article`` is compared with: the gold report's text and
    the gold's description (their quoted words for a quote)."""
    texts = [*gold.texts.get(article, ()), gold.what]
    if gold.kind != "quote":
        return texts
    return [part for text in texts for part in quoted_parts(text)]


def _covers(fact: Fact, gold: GoldFact, by_text: bool = True) -> int:
    """-> how many of the gold fact's articles the crosswire fact holds (0 when the kinds
    differ, or, for quantities, when no value is shared)."""
    if not _kind_fits(gold.kind, fact.kind):
        return 0
    shared = _shared(fact, gold, by_text)
    if gold.kind == "quantity" and not any(
            _close(v, g) for v in _values_from(fact, shared) for g in gold.values):
        return 0
    return len(shared)


def _matches(fact: Fact, gold: GoldFact, by_text: bool = True) -> bool:
    """precision's test: 2+ shared articles, compatible kinds, every quantity value crosswire
    reports from the shared articles one of the gold's."""
    if not _kind_fits(gold.kind, fact.kind):
        return False
    shared = _shared(fact, gold, by_text)
    if len(shared) < 2:
        return False
    if gold.kind == "quantity":
        return all(any(_close(v, g) for g in gold.values) for v in _values_from(fact, shared))
    return True


def _describe(fact: Fact) -> str:
    reports = "; ".join(f"{r.article}={r.value if r.kind == 'quantity' else r.text[:40]!r}"
                        for r in fact.reports[:6])
    return f"[{fact.kind} {fact.status}] {fact.subject[:60]} :: {reports}"


def score(gold: Sequence[GoldFact], facts: Sequence[Fact], annotated: frozenset[str],
          quotes_only: bool = False, by_text: bool = True) -> Counts:
    """gold facts (+ background) of some clusters, crosswire's facts, the articles those
    clusters hold (+ quotes alone; ``by_text`` False: the README's article-level rules,
    claims counted in precision) -> Counts."""
    counts = Counts()
    for g in gold:
        if not g.background and (g.kind == "quote" or not quotes_only):
            _score_gold(g, facts, counts, by_text)
    for fact in facts:
        if quotes_only and fact.kind != "quote":
            continue
        if len(_articles(fact, annotated)) < 2:
            continue
        if fact.kind == "claim" and by_text:  # the gold names only salient claims
            counts.claims += 1
            counts.claims_in_gold += any(_matches(fact, g) for g in gold)
            continue
        counts.predicted += 1
        if any(_matches(fact, g, by_text) for g in gold):
            counts.precise += 1
        else:
            counts.imprecise.append(_describe(fact))
    return counts


def _score_gold(g: GoldFact, facts: Sequence[Fact], counts: Counts, by_text: bool) -> None:
    """one gold fact -> found or missed, and its status right or wrong, tallied."""
    counts.gold += 1
    need = max(2, math.ceil(RECALL_SHARE * len(g.articles) - 1e-9))
    best = max(facts, key=lambda f: (_covers(f, g, by_text), -len(f.reports)), default=None)
    if best is None or _covers(best, g, by_text) < need:
        counts.misses.append(f"{g.cluster} [{g.kind} {g.status}] {g.what}")
        return
    counts.found += 1
    pair = f"{g.status} -> {best.status}"
    counts.confusion[pair] = counts.confusion.get(pair, 0) + 1
    if best.status == g.status:
        counts.status_right += 1
    else:
        counts.wrong_status.append(f"{g.cluster} gold {g.status} {g.what} -> "
                                   f"{_describe(best)} :: {best.reason}")


def evaluate_facts(data: str, settings: Settings, texts: str | None = None,
                   db: str | None = None, details: bool = False) -> tuple[int, dict[str, Any]]:
    """(the facts gold file, settings, + the texts file, + a store to keep) -> (gold facts
    scored, metrics: all clusters, parts A and B, quotes alone; with ``details`` the misses)."""
    path = Path(data)
    clusters, gold = load_gold(path)
    text_path = Path(texts) if texts else path.parent.parent / "clustering" / "ecbplus.jsonl"
    ids = [a for c in clusters for a in c["articles"]]
    facts = crosswire_facts(load_texts(text_path, ids), settings, db)
    metrics: dict[str, Any] = {}
    parts = {"all": [c["event"] for c in clusters],
             "A": [c["event"] for c in clusters[0::2]],
             "B": [c["event"] for c in clusters[1::2]]}
    for name, events in parts.items():
        annotated = frozenset(a for c in clusters if c["event"] in events for a in c["articles"])
        mine = [g for g in gold if g.cluster in events]
        prefix = "" if name == "all" else f"part_{name}_"
        metrics.update(_part_metrics(mine, facts, annotated, prefix, details))
    return len([g for g in gold if not g.background]), metrics


def _part_metrics(gold: Sequence[GoldFact], facts: Sequence[Fact], annotated: frozenset[str],
                  prefix: str, details: bool) -> dict[str, Any]:
    """one part's gold and articles, crosswire's facts -> its metrics under ``prefix``: all
    facts, quotes alone, and the README's article-level figures (``readme_*``)."""
    metrics: dict[str, Any] = {}
    for label, quotes_only in (("", False), ("quotes_", True)):
        counts = score(gold, facts, annotated, quotes_only)
        for key, value in counts.metrics().items():
            metrics[f"{prefix}{label}{key}"] = value
        metrics[f"{prefix}{label}status_confusion"] = dict(sorted(counts.confusion.items()))
        if details:
            metrics[f"{prefix}{label}details"] = {"misses": counts.misses,
                                                  "wrong_status": counts.wrong_status,
                                                  "imprecise": counts.imprecise}
    readme = score(gold, facts, annotated, by_text=False).metrics()
    for key in ("recall", "status_accuracy", "precision", "multi_article_facts"):
        metrics[f"{prefix}readme_{key}"] = readme[key]
    return metrics
