"""One article -> its Mentions: every quantity, quote and reported claim, with who it is
attributed to, when it was true, and a citation into the body.

The body is parsed once (spaCy) and every extractor reads that parse: quantities
(``quantities.py``), quotes and reported speech (``quotes.py``), sources named for a sentence
(``attribution.py``), temporal expressions (``timex.py``). A quantity inside a quote is
attributed to the quote's speaker; otherwise to the source its sentence names; otherwise to
no one (the outlet states it on its own authority).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span

from crosswire.clean.dates import find_dates
from crosswire.facts.attribution import Attribution, attributions
from crosswire.facts.clause_core import clause_core
from crosswire.facts.nlp import parse
from crosswire.facts.quantities import Quantity, extract_quantities
from crosswire.facts.quotes import Quote, analyse
from crosswire.facts.timex import as_of, find_times
from crosswire.facts.timex_syntax import governor, tense_of
from crosswire.models import Article, Citation, DatedSentence, Mention, Reading

EXTRACTOR_VERSION = "10"  # bump when extraction changes: cached readings are redone
DATELINE_SLACK = 2  # days a dateline's date may lie from the published stamp (time zones)


def cache_key(article: Article) -> str:
    """Article -> the key its cached mentions are valid under (extractor version + the fields
    mentions depend on)."""
    text = "\x00".join([EXTRACTOR_VERSION, article.body, article.published or "",
                        article.dateline or "", article.outlet or ""])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def published_date(published: str | None) -> date | None:
    """an Article's published value -> its calendar date as printed, or None."""
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def report_date(article: Article) -> date | None:
    """Article -> the day it reports from: the date its dateline states ("DAMASCUS, Oct. 17
    (Xinhua)") when that lies within a couple of days of the published stamp (a stamp of
    01:40 on Oct 18 in another time zone reports Oct 17), else the published day."""
    published = published_date(article.published)
    if published is None or not article.dateline:
        return published
    for mention in find_dates(article.dateline):
        for year in (published.year, published.year - 1, published.year + 1):
            day = mention.date(mention.year or year)
            if day is not None and abs((day - published).days) <= DATELINE_SLACK:
                return day
    return published


def read_article(article: Article, doc: Doc | None = None) -> Reading:
    """Article (+ its parsed body, when already parsed) -> its Reading: mentions in body
    order, every sentence with its date, and its scare quotes."""
    doc = doc if doc is not None else parse(article.body)
    reader = _Reader(article, doc)
    mentions = [reader.quantity(q) for q in _with_parts(extract_quantities(doc), doc.text)
                if q.non_fact is None]
    mentions += [reader.quote(q) for q in reader.quotes]
    scare = [{"start": q.start, "end": q.end, "text": q.text} for q in reader.scare_quotes]
    return Reading(article.id, sorted(mentions, key=lambda m: (m.citation.start, m.kind)),
                   [reader.dated(s) for s in reader.sentences], scare)


def article_mentions(article: Article, doc: Doc | None = None) -> list[Mention]:
    """Article (+ its parsed body) -> its mentions in body order."""
    return read_article(article, doc).mentions


_PART_OF = re.compile(r"^[^.;:!?]{0,40}?\b(?:including|among them|of whom|of which)\W*$",
                      re.IGNORECASE)


def _with_parts(quantities: list[Quantity], text: str) -> list[Quantity]:
    """quantities in text order -> the same, where a part of a total ("3,250 people killed,
    including 1,130 civilians") counts what the total counts ("civilians killed")."""
    out: list[Quantity] = []
    for q in quantities:
        total = out[-1] if out else None
        if (total is not None and total.counted and q.counted
                and _PART_OF.match(text[total.end:q.start])):
            event = [w for w in total.counted.split() if w not in (total.unit or "").split()]
            q = replace(q, counted=" ".join([q.counted, *event]))
        out.append(q)
    return out


_EVERY = re.compile(r"^[^,;:]{0,40}?\b(?:every|each|per|a)\s+(day|week|month|year|hour)\b",
                    re.IGNORECASE)


def _rate(q: Quantity, after: str) -> str | None:
    """a quantity + the rest of its sentence -> its unit, as a rate when the clause says so
    ('dozens of civilians were killed every day' -> 'civilian per day')."""
    if q.unit and " per " in q.unit:
        return q.unit
    every = _EVERY.match(after)
    if every is None:
        return q.unit
    return f"{q.unit or 'count'} per {every.group(1).lower()}"


class _Reader:
    """What every mention of one article needs: its sentences, their sources, dates, quotes."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.published = report_date(article)
        self.sentences: list[Span] = list(doc.sents)
        self.starts = [s.start_char for s in self.sentences]
        found = analyse(doc)
        self.sources: list[Attribution | None] = attributions(doc, found)
        self.times = find_times(doc, self.published)
        self.quotes: list[Quote] = found.quotes
        self.scare_quotes = found.scare_quotes

    def sentence_at(self, offset: int) -> int:
        """a character offset -> the index of the sentence holding it."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def quantity(self, q: Quantity) -> Mention:
        """a Quantity -> its Mention (sentence cited, attribution and date resolved)."""
        i = self.sentence_at(q.start)
        sentence = self.sentences[i]
        when, precision = as_of(sentence, self.times, self.published)
        quote = next((x for x in self.quotes if x.start <= q.start < x.end), None)
        speaker = quote.speaker if quote else None
        return Mention(
            article=self.article.id, outlet=self.article.outlet, kind="quantity",
            text=sentence.text, subject=q.counted, citation=self._cite(sentence),
            value=list(q.value) if isinstance(q.value, tuple) else q.value,
            unit=_rate(q, self.article.body[q.end:sentence.end_char]),
            qualifier=q.qualifier, speaker=speaker,
            attributed_to=speaker or _name(self.sources[i]), as_of=when,
            as_of_precision=precision, phrase=q.text, phrase_start=q.start,
            dimension=getattr(q, "dimension", None))

    def quote(self, q: Quote) -> Mention:
        """a Quote -> its Mention (direct: kind quote; reported speech: kind claim)."""
        sentence = self.sentences[self.sentence_at(q.start)]
        when, precision = as_of(sentence, self.times, self.published)
        return Mention(
            article=self.article.id, outlet=self.article.outlet,
            kind="quote" if q.kind == "direct" else "claim", text=q.text, subject=q.speaker,
            citation=Citation(self.article.id, q.start, q.end), speaker=q.speaker,
            attributed_to=q.speaker, as_of=when, as_of_precision=precision)

    def dated(self, sentence: Span) -> DatedSentence:
        """a sentence -> its DatedSentence (trailing white space left out)."""
        when, precision = as_of(sentence, self.times, self.published)
        own = [t for t in self.times
               if sentence.start_char <= t.start < sentence.end_char and t.value == when]
        stated = bool(own) and when is not None
        end = sentence.start_char + len(sentence.text.rstrip())
        forecast = stated and any(_expected(sentence.doc, t.start, t.end) for t in own)
        source = _name(self.sources[self.sentence_at(sentence.start_char)])
        return DatedSentence(sentence.start_char, end, when, precision, stated, forecast,
                             _negated(sentence), source, clause_core(sentence))

    def _cite(self, sentence: Span) -> Citation:
        """a sentence -> its citation, trailing white space left out."""
        text = sentence.text
        return Citation(self.article.id, sentence.start_char,
                        sentence.start_char + len(text.rstrip()))


def _expected(doc: Doc, start: int, end: int) -> bool:
    """a time expression's offsets -> is it the time of something expected (its governing
    verb in the future or under a forward modal: "may be cleared on Sunday")?"""
    span = doc.char_span(start, end, alignment_mode="expand")
    verb = governor(span.root) if span is not None else None
    return verb is not None and tense_of(verb) == "future"


def _negated(sentence: Span) -> bool:
    """a sentence -> is its main statement negated ("was not", "did not", "never"), looking
    through a reporting verb to the clause it reports?"""
    root = sentence.root
    verbs = [root, *(c for c in root.children if c.dep_ == "ccomp")]
    return any(c.dep_ == "neg" for verb in verbs for c in verb.children)


def _name(source: Attribution | None) -> str | None:
    """an Attribution -> the name to show: the full name it resolves to, else as written."""
    if source is None:
        return None
    return source.resolved or source.source
