"""Timeline eval: T17-style topics scored with the news-tls metric (tilse).

Data: a folder holding topic folders (``t17/``), or one topic folder (``t17/h1n1``). A topic
folder has ``articles.jsonl`` (``{"id", "published": "YYYY-MM-DD", "text"}``, one sentence a
line) and ``timelines/<name>.json`` (``{"entries": [{"date", "summary": [sentences]}]}``).

For every (topic, reference timeline) pair, as news-tls does: the articles are restricted to
the reference's date span (first to last reference date, by published day) and so are the
predicted dates; crosswire is asked for as many dates as the reference has and as many
sentences per date as its average (rounded, at least 1). Scores: date precision/recall
(tilse ``evaluate_dates``) and alignment ROUGE-1/2 (tilse
``evaluate_align_date_content_costs_many_to_one``, ROUGE-1.5.5 with stemming and stopwords
removed). Precision and recall are averaged over the pairs and F1 is taken from the averages.

Parsing is the slow part (minutes for all of T17), so each topic's Readings are cached in one
JSON Lines file under ``$CROSSWIRE_EVAL_CACHE`` (default ``~/.cache/crosswire/eval-timeline``),
named by a SHA-256 of the topic's ``articles.jsonl`` bytes and of the source of
``crosswire.facts`` (the parser and date resolver; not ``align.py``): a changed article
file or a changed reader makes a new entry; delete the folder to reclaim the space.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosswire.errors import UsageError
from crosswire.models import Article, Reading
from crosswire.progress import tracked

CACHE_ENV = "CROSSWIRE_EVAL_CACHE"
PARSE_PROCESSES = 2
NOT_READING = frozenset({"align.py"})  # facts modules a Reading does not depend on


@dataclass(frozen=True)
class Reference:
    """One gold timeline: its name and {date: summary sentences}."""

    name: str
    entries: dict[dt.date, list[str]]


@dataclass
class Topic:
    """One topic folder: its articles and gold timelines."""

    name: str
    folder: Path
    articles: list[Article]
    references: list[Reference]


def topic_folders(folder: Path) -> list[Path]:
    """a T17 folder or one topic folder -> the topic folders in it, sorted."""
    if (folder / "articles.jsonl").is_file():
        return [folder]
    found = sorted(p for p in folder.iterdir() if (p / "articles.jsonl").is_file()) \
        if folder.is_dir() else []
    if not found:
        raise UsageError(f"{folder}: no topic folder with articles.jsonl and timelines/")
    return found


def to_article(record: dict[str, Any]) -> Article:
    """one articles.jsonl record -> an Article (body = text; no headline, no outlet)."""
    return Article(id=str(record["id"]), path="", url=None, outlet=None, wire_credit=None,
                   headline=None, published=str(record["published"]),
                   published_confidence="stated", evidence={}, dateline=None, byline=None,
                   body=str(record["text"]), removed=[], language="en")


def load_articles(path: Path) -> list[Article]:
    """articles.jsonl -> its Articles, in file order."""
    articles = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            articles.append(to_article(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}:{n}: not an id/published/text record ({exc})") from exc
    return articles


def load_reference(path: Path) -> Reference:
    """timelines/<name>.json -> Reference (dates repeated in the file are merged)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries: dict[dt.date, list[str]] = {}
        for entry in data["entries"]:
            day = dt.date.fromisoformat(str(entry["date"])[:10])
            entries.setdefault(day, []).extend(str(s) for s in entry["summary"])
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}: not a timeline with entries of date/summary ({exc})") from exc
    if not entries:
        raise UsageError(f"{path}: an empty timeline")
    return Reference(path.stem, entries)


def load_topic(folder: Path) -> Topic:
    """a topic folder -> Topic (its articles and every timelines/*.json)."""
    references = [load_reference(p) for p in sorted((folder / "timelines").glob("*.json"))]
    if not references:
        raise UsageError(f"{folder}: no timelines/*.json")
    return Topic(folder.name, folder, load_articles(folder / "articles.jsonl"), references)


def cache_folder() -> Path:
    """-> where topic Readings are cached ($CROSSWIRE_EVAL_CACHE or ~/.cache/crosswire/...)."""
    given = os.environ.get(CACHE_ENV)
    return Path(given) if given else Path.home() / ".cache" / "crosswire" / "eval-timeline"


def reader_fingerprint() -> str:
    """-> a digest of the crosswire.facts sources that read an article (all but the
    cross-article alignment): a changed reader invalidates the cache."""
    import crosswire.facts

    digest = hashlib.sha256()
    for source in sorted(Path(crosswire.facts.__file__).parent.glob("*.py")):
        if source.name not in NOT_READING:
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def cache_path(folder: Path) -> Path:
    """a topic folder -> the cache file of its Readings."""
    digest = hashlib.sha256((folder / "articles.jsonl").read_bytes())
    digest.update(reader_fingerprint().encode())
    return cache_folder() / f"{folder.name}-{digest.hexdigest()[:24]}.jsonl"


def topic_readings(topic: Topic) -> dict[str, Reading]:
    """Topic -> {article id: Reading}, read from the cache or parsed (then cached)."""
    path = cache_path(topic.folder)
    if path.is_file():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return {r["article"]: Reading.from_dict(r) for r in rows}
    from crosswire.facts.stage import read

    pairs = tracked(read(topic.articles, processes=PARSE_PROCESSES),
                    f"reading {topic.folder.name} (parse)", len(topic.articles), "article")
    readings = {a.id: r for a, r in pairs}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_text("".join(json.dumps(r.to_dict()) + "\n" for r in readings.values()),
                       encoding="utf-8")
    partial.replace(path)
    return readings


def prepare(folders: Sequence[Path]) -> None:
    """topic folders -> their Readings cached (for a warm-up run)."""
    for folder in folders:
        topic_readings(load_topic(folder))


@dataclass(frozen=True)
class PairScore:
    """One (topic, reference) pair's precision and recall per measure."""

    topic: str
    reference: str
    scores: dict[str, tuple[float, float]]


MEASURES = {"date": "date", "rouge_1": "ar1", "rouge_2": "ar2"}


def predict(topic: Topic, readings: dict[str, Reading],
            reference: Reference) -> dict[dt.date, list[str]]:
    """a topic, its Readings and one reference -> crosswire's timeline {date: sentences} for
    the reference's span, date count and average sentences per date."""
    from crosswire.narrate.timeline import build_timeline

    since, until = min(reference.entries), max(reference.entries)
    articles = [a for a in topic.articles
                if a.published and since <= dt.date.fromisoformat(a.published[:10]) <= until]
    per_date = sum(len(s) for s in reference.entries.values()) / len(reference.entries)
    entries = build_timeline(articles, readings, dates=len(reference.entries),
                             sentences=max(1, round(per_date)), since=since, until=until,
                             precisions=("day",))
    return {dt.date.fromisoformat(e.date): [s.text for s in e.sentences] for e in entries}


def score_pair(predicted: dict[dt.date, list[str]], reference: Reference,
               evaluator: Any) -> dict[str, tuple[float, float]]:
    """a predicted {date: sentences}, the reference, a tilse ROUGE evaluator ->
    {measure: (precision, recall)} for date, rouge_1 and rouge_2."""
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline
    from tilse.evaluation.dates import evaluate_dates

    if not predicted:
        return {m: (0.0, 0.0) for m in MEASURES}
    pred = TilseTimeline(predicted)
    gold = GroundTruth([TilseTimeline(reference.entries)])
    rouge = evaluator.evaluate_align_date_content_costs_many_to_one(pred, gold)
    out = {m: (float(rouge[m]["precision"]), float(rouge[m]["recall"]))
           for m in ("rouge_1", "rouge_2")}
    dates = evaluate_dates(pred, gold)
    out["date"] = (float(dates["precision"]), float(dates["recall"]))
    return out


def f1(precision: float, recall: float) -> float:
    """precision, recall -> their harmonic mean (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def combine(pairs: Sequence[PairScore]) -> dict[str, float]:
    """pair scores -> {date_f1, date_precision, date_recall, ar1_f, ar2_f}: precision and
    recall averaged over the pairs, F1 from the averages."""
    out: dict[str, float] = {}
    for measure, name in MEASURES.items():
        precision = sum(p.scores[measure][0] for p in pairs) / max(len(pairs), 1)
        recall = sum(p.scores[measure][1] for p in pairs) / max(len(pairs), 1)
        if measure == "date":
            out.update(date_f1=f1(precision, recall), date_precision=precision,
                       date_recall=recall)
        else:
            out[f"{name}_f"] = f1(precision, recall)
    return {k: round(v, 4) for k, v in out.items()}


def with_wire_groups(articles: list[Article]) -> None:
    """Set each Article's wire_group as the clean stage would (copies share a group)."""
    from crosswire.stories.dedupe import wire_groups

    groups = wire_groups(articles)
    for article in articles:
        article.wire_group = groups.get(article.id)


def score_topics(folder: Path) -> list[PairScore]:
    """a T17 folder or topic folder -> one PairScore per (topic, reference timeline)."""
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    evaluator = TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])
    pairs = []
    for topic_folder in topic_folders(folder):
        topic = load_topic(topic_folder)
        readings = topic_readings(topic)
        with_wire_groups(topic.articles)
        for reference in topic.references:
            predicted = predict(topic, readings, reference)
            pairs.append(PairScore(topic.name, reference.name,
                                   score_pair(predicted, reference, evaluator)))
    return pairs


def evaluate_timeline(folder: Path) -> tuple[int, dict[str, float]]:
    """a T17 folder (topic folders inside) or one topic folder -> (gold timelines scored,
    {date_f1, date_precision, date_recall, ar1_f, ar2_f})."""
    pairs = score_topics(Path(folder))
    return len(pairs), combine(pairs)
