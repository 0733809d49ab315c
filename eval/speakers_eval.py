"""Speakers of quotes and attributed statements against the hand-annotated ECB+ facts gold.

Usage: python eval/speakers_eval.py [--part A|B|all] [--list FILE]

For every gold report of kind "quote", and every report of another kind whose
``attributed_to`` is not null, the crosswire reading of its article gives a speaker: the speaker
of the quote (direct or reported) overlapping the gold text most, else the source of the
sentence holding it (``attribution.attributions``). It is scored against the gold
``attributed_to`` with ``speakers.same_speaker`` after the gold's annotations are stripped
("officials (via MyFoxHouston)" -> "officials", "Giannis Panagopoulos, GSEE" -> "Giannis
Panagopoulos", "Texas prison statement" -> "Texas prison"):

- correct: same person or body; wrong: a different one; missing: crosswire gives none;
- spurious: crosswire names a speaker for a quote the gold gives to no one.

Every distinct speaker crosswire gives in the part's articles (quotes and sentence sources) is
written to ``--list`` for a hand check of non-agents (dates, headlines, things); the ones a
date word, a digit or a quote mark marks as suspect are counted and printed.

Parts (clusters of ``../shared/eval/facts/ecbplus-dev.json``): A = 3ecbplus, 8ecbplus,
18ecbplus, 23ecbplus (development); B = 8ecb, 12ecbplus, 20ecbplus, 32ecbplus (held back).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from crosswire.facts.attribution import Attribution, attributions
from crosswire.facts.lexicon import CALENDAR_WORDS
from crosswire.facts.nlp import parse
from crosswire.facts.quotes import Quote, QuoteAnalysis, analyse
from crosswire.facts.speakers import same_speaker

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
GOLD = EVAL / "facts" / "ecbplus-dev.json"
TEXTS = EVAL / "clustering" / "ecbplus.jsonl"
PARTS = {
    "A": ("3ecbplus", "8ecbplus", "18ecbplus", "23ecbplus"),
    "B": ("8ecb", "12ecbplus", "20ecbplus", "32ecbplus"),
}
_DOC_WORDS = re.compile(r"\s+(statement|article|report|reports)$", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """One article's analysis: its parse, quotes and per-sentence sources."""

    doc: Doc
    found: QuoteAnalysis
    sources: list[Attribution | None]


def gold_name(attributed: str | None) -> str | None:
    """gold attributed_to -> the name alone (annotations in brackets, after a comma, and a
    trailing document word dropped)."""
    if not attributed:
        return None
    name = re.sub(r"\([^)]*\)", "", attributed).split(",")[0].strip()
    return _DOC_WORDS.sub("", name).strip() or None


def crosswire_speaker(reading: Reading, start: int, end: int) -> str | None:
    """(article reading, gold span) -> the speaker crosswire gives the span: the quote that
    overlaps it most, else the source of the sentence that overlaps it most."""
    quote = _best_overlap(reading.found.quotes, start, end)
    if quote is not None and quote.speaker:
        return quote.speaker
    sents = list(reading.doc.sents)
    best, best_overlap = None, 0
    for sent, source in zip(sents, reading.sources, strict=True):
        overlap = min(end, sent.end_char) - max(start, sent.start_char)
        if overlap > best_overlap:
            best, best_overlap = source, overlap
    return best.who if best is not None else None


def _best_overlap(quotes: Iterable[Quote], start: int, end: int) -> Quote | None:
    """quotes, span -> the quote sharing most characters with the span (direct first)."""
    scored = [(min(end, q.end) - max(start, q.start), q.kind == "direct", q) for q in quotes]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: (s[0], s[1]))[2] if scored else None


def suspect(name: str) -> bool:
    """speaker -> True when a date word, a digit or a quote mark marks it as no agent."""
    words = re.findall(r"[a-z]+", name.lower())
    return any(w in CALENDAR_WORDS and w not in ("may", "sun") for w in words) or any(
        c.isdigit() or c in "\"“”" for c in name)


def main() -> None:
    """Print the scores of one part; write the list of speakers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["A", "B", "all"], default="A")
    parser.add_argument("--list", type=Path, default=None)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    events = PARTS["A"] + PARTS["B"] if args.part == "all" else PARTS[args.part]
    gold = [c for c in json.loads(GOLD.read_text())["clusters"] if c["event"] in events]
    ids = {a for c in gold for a in c["articles"]}
    texts = {}
    for line in TEXTS.read_text().splitlines():
        record = json.loads(line)
        if record["id"] in ids:
            texts[record["id"]] = record["text"]
    docs = {i: parse(t) for i, t in sorted(texts.items())}
    started = time.perf_counter()
    readings = {}
    for i, doc in docs.items():
        found = analyse(doc)
        readings[i] = Reading(doc, found, attributions(doc, found))
    seconds = time.perf_counter() - started
    tally: Counter[str] = Counter()
    for cluster in gold:
        for fact in cluster["facts"]:
            for report in fact["reports"]:
                _score(fact["kind"], report, texts, readings, tally, args.verbose)
    given = _given_speakers(readings)
    suspects = sorted(n for n in given if suspect(n))
    if args.list:
        args.list.write_text("\n".join(f"{given[n]}\t{n}" for n in sorted(given)) + "\n")
    scored = tally["correct"] + tally["wrong"] + tally["missing"]
    print(f"part {args.part}: {len(docs)} articles, {scored} gold reports with a speaker, "
          f"{tally['null']} quotes the gold gives to no one")
    for k in ("correct", "wrong", "missing", "spurious", "not found"):
        print(f"  {k:<10}{tally[k]:>5}" + (f"  ({tally[k] / scored:.2f})" if scored else ""))
    print(f"  distinct speakers given: {len(given)}; suspect (date/digit/quote mark): "
          f"{len(suspects)} {suspects}")
    print(f"  analysis time (quotes + attributions, parse excluded): {seconds:.2f} s")


def _score(kind: str, report: dict[str, str], texts: dict[str, str],
           readings: dict[str, Reading], tally: Counter[str], verbose: bool) -> None:
    """One gold report -> its outcome added to the tally."""
    expected = gold_name(report.get("attributed_to"))
    if kind != "quote" and expected is None:
        return
    text = texts[report["article"]]
    start = text.find(report["text"])
    if start < 0:
        tally["not found"] += 1
        return
    given = crosswire_speaker(readings[report["article"]], start, start + len(report["text"]))
    if expected is None:
        tally["null"] += 1
        tally["spurious"] += given is not None
        return
    verdict = same_speaker(given, expected)
    outcome = "missing" if verdict is None else ("correct" if verdict else "wrong")
    tally[outcome] += 1
    if verbose and outcome != "correct":
        print(f"{outcome:<8} {report['article']:<12} gold={expected!r} given={given!r} | "
              f"{report['text'][:70]!r}")


def _given_speakers(readings: dict[str, Reading]) -> Counter[str]:
    """readings -> how often each speaker name is given (quotes and sentence sources)."""
    names: Counter[str] = Counter()
    for reading in readings.values():
        names.update(q.speaker for q in reading.found.quotes if q.speaker)
        names.update(a.who for a in reading.sources if a is not None)
    return names


if __name__ == "__main__":
    main()
