"""Time expressions in news text, resolved to calendar dates for the story timeline.

``find_times(doc, published)`` lists every time expression in a parsed article with its ISO
value ("2017-10-17" day, "2017-10" month, "2017" year) or None when the text does not fix one;
``as_of(sentence, times, published)`` says when a sentence's main statement held.

Resolution rules (``published`` is read as the calendar date it prints; time and zone are
ignored; without it only dates stated in full resolve):

* Stated in full: "October 17, 2017", "17 October 2017", "2017-10-17", "June 2016", "in 2014",
  "mid-2016" -> as written (relative=False). "17/10/2017" only when the day/month order is
  certain. Decades ("the 1990s") -> None: no decade precision.
* Year-less dates "Oct. 17", "Oct 17th": past tense -> the latest such day on or before
  publication, future -> the earliest on or after (both allow one day of slack for stamps in
  another zone); otherwise the nearest within 150 days. A stated weekday ("Wednesday, Nov. 6")
  keeps only the years where the date falls on it.
* Bare months "in June": past -> the most recent June not after the publication month (same
  year if June <= that month, else the year before); future -> the next one on or after it;
  otherwise the nearest one when it is at most 3 months away. "last October" -> the October
  strictly before the publication month (published Oct 2018 -> 2017-10; Nov 2018 -> 2018-10);
  "next March" -> strictly after; "this October" -> the publication year; "April last year"
  -> April of the year before publication.
* Weekdays "on Tuesday": past -> the latest such day on or before publication (published Sat
  Oct 21 2017: "on Tuesday" -> 2017-10-17, "on Saturday" -> 2017-10-21); future -> the
  earliest on or after; otherwise only the publication day itself or one at most 2 days away.
  "last Friday" -> strictly before publication (on a Friday: the Friday a week earlier);
  "next Friday" -> strictly after.
* Tense comes from the governing verb in the spaCy parse: past form, perfect ("have
  captured", "have been battling"), "may have", or "since" before the time -> past;
  will/shall/'ll, modal may/might/can/should/must, "is to", "is going to", present "plans to"
  / "is expected to", present progressive ("are gathering on Monday") -> future; a present
  reporting verb ("says Tuesday") -> past; would/could, other present tenses, verbless text
  and possessive weekdays ("Friday's protests", dated by their noun, not the verb) -> none.
* "today", "tonight", "this morning" -> publication day; "yesterday", "last night" -> the day
  before; "tomorrow" -> the day after. "this/last/next year|month" -> year|month.
* Weeks and weekends have no precision of their own: they resolve to the finest unit holding
  every day they may cover, else None. "last week" covers the previous Monday-Sunday week and
  the seven days before publication; "this week" Monday-Sunday; "the past week" the seven
  days up to publication. So "last week" published Sat Oct 21 2017 -> "2017-10"; published
  Tue Oct 3 2017 -> "2017" (it reaches into September); published Wed Jan 3 2018 -> None.
* Offsets from publication: "four days ago" -> day, "two weeks ago" -> the unit holding the
  target day +-3 days, "three months ago" -> month, "a year ago" -> year. Approximate ones
  ("about a year ago", "more than two weeks ago") and decades -> None.
* Anchored expressions ("a week later", "three years earlier", "the next day", "the following
  year", "that day") resolve against the latest resolved time before them in the same
  paragraph and at most two sentences back, else None. "four days after <event>" resolves
  only against a date for that event: a resolved time inside the event clause, or an earlier
  time in the paragraph that dates a verb or noun with the event's lemma ("recaptured ... on
  Tuesday" / "four days after forces recaptured"); the previous time in the paragraph is NOT
  used, because it usually dates the sentence's own event (the one four days later), not the
  event it counts from.
  The anchor limits precision: days need a day anchor, months a month anchor.

Words that only look like times are skipped using the parse: "may" the modal and "a march"
(lower case or tagged as verbs), months and weekdays inside names ("The Sunday Times",
"Theresa May", "Bloody Sunday"), four-digit numbers without a time cue or DATE entity ("2000
people"), and durations ("for four months", "40 years old" are never matched). spaCy DATE
entities that this grammar cannot read but that name a month, weekday or year are listed with
value None, so that as_of does not fall back to the publication date over them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from crosswire.facts import timex_calendar as cal
from crosswire.facts import timex_syntax as syn
from crosswire.facts.timex_calendar import Point
from crosswire.facts.timex_grammar import (
    Candidate,
    accept,
    count,
    is_relative,
    needs_anchor,
    normalize,
    resolve_plain,
    scan,
    unit_of,
)

Published = dt.date | dt.datetime | None

ANCHOR_SENTENCES = 2
TENSE_KINDS = frozenset({"date", "bare_month", "weekday"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_ENTITY_TIME = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|century)\b"
    r"|\b(?:1[89]|20)\d\d"
)
_BACKWARD = frozenset({"earlier", "before", "previously", "prior"})
_DAY_STEPS = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "same": 0,
              "before": -1, "after": 1}


@dataclass(frozen=True)
class TimeExpr:
    """A time expression: char span in doc.text, its text, ISO value and precision (None when
    the text does not fix one), and whether it was resolved against another date."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    relative: bool


@dataclass
class _Found:
    """An accepted candidate, its tokens, and its resolution so far."""

    cand: Candidate
    span: Span
    point: Point | None = None


def publication_day(published: Published) -> dt.date | None:
    """date | datetime | None -> the calendar date as printed (time and zone dropped)."""
    if isinstance(published, dt.datetime):
        return published.date()
    return published


def find_times(doc: Doc, published: Published) -> list[TimeExpr]:
    """parsed article + publication date -> its time expressions in text order, resolved by
    the rules in this module's docstring."""
    pub = publication_day(published)
    text = doc.text
    candidates = scan(text)
    found = _accepted(doc, candidates)
    for item in found:
        if not needs_anchor(item.cand):
            item.point = resolve_plain(item.cand, pub, _tense(item))
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    for index, item in enumerate(found):
        if needs_anchor(item.cand):
            item.point = _resolve_anchored(index, found, breaks)
    times = [_expr(item, text) for item in found]
    times += _entity_times(doc, candidates)
    return sorted(times, key=lambda t: t.start)


def _accepted(doc: Doc, candidates: list[Candidate]) -> list[_Found]:
    """candidates -> those the parse accepts, each with its tokens."""
    found = []
    for cand in candidates:
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is not None and len(span) and accept(cand, span, doc.text):
            found.append(_Found(normalize(cand, span), span))
    return found


def _tense(item: _Found) -> cal.Tense:
    """accepted candidate -> the tense of its governing verb when its kind needs one
    ("since June" looks back whatever the verb)."""
    if item.cand.kind not in TENSE_KINDS:
        return None
    doc = item.span.doc
    if item.span.start > 0 and doc[item.span.start - 1].lower_ == "since":
        return "past"
    if doc.text[item.cand.end:item.cand.end + 2] in ("'s", "’s"):
        return None  # "Friday's planned protests": the clause's tense need not be the day's
    verb = syn.governor(item.span.root)
    return syn.tense_of(verb) if verb is not None else None


def _expr(item: _Found, text: str) -> TimeExpr:
    """resolved candidate -> TimeExpr."""
    cand, point = item.cand, item.point
    return TimeExpr(
        start=cand.start, end=cand.end, text=text[cand.start:cand.end],
        value=point.iso() if point else None,
        precision=point.precision if point else None,
        relative=is_relative(cand),
    )


def _entity_times(doc: Doc, candidates: list[Candidate]) -> list[TimeExpr]:
    """spaCy DATE entities the grammar did not cover that name a month, weekday or year ->
    unresolved TimeExprs (value None)."""
    taken = [(c.start, c.end) for c in candidates]
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or not _ENTITY_TIME.search(ent.text):
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        out.append(TimeExpr(ent.start_char, ent.end_char, ent.text, None, None, False))
    return out


def _resolve_anchored(index: int, found: list[_Found], breaks: list[int]) -> Point | None:
    """anchored candidate -> its Point from an anchor, or None without one."""
    item = found[index]
    link = _event_link(item)
    if link is not None:
        anchor = _event_anchor(link, index, found, breaks)
    else:
        anchor = _previous_anchor(index, found, breaks)
    return _apply(item.cand, anchor) if anchor is not None else None


def _event_link(item: _Found) -> Token | None:
    """"four days after <event>" -> the "after" token when an event follows it, else None."""
    last = item.span[-1]
    if last.lower_ not in ("after", "before"):
        return None
    has_object = any(c.dep_ in ("pobj", "pcomp") for c in last.children)
    return last if has_object or last.dep_ == "mark" else None


def _paragraph(pos: int, breaks: list[int]) -> int:
    """char offset -> paragraph number (paragraphs are split by blank lines)."""
    return bisect.bisect_right(breaks, pos)


def _previous_anchor(index: int, found: list[_Found], breaks: list[int]) -> Point | None:
    """the latest resolved time before found[index] in its paragraph and no more than
    ANCHOR_SENTENCES sentences back, or None."""
    here = found[index]
    para = _paragraph(here.cand.start, breaks)
    sentences = list(here.span.doc.sents)
    first = sentences[max(0, _sentence_index(here.span, sentences) - ANCHOR_SENTENCES)]
    for item in reversed(found[:index]):
        if _paragraph(item.cand.start, breaks) != para or item.span.start < first.start:
            return None
        if item.point is not None:
            return item.point
    return None


def _sentence_index(span: Span, sentences: list[Span]) -> int:
    """span + the doc's sentences -> the index of the sentence holding the span's start."""
    starts = [sent.start for sent in sentences]
    return max(0, bisect.bisect_right(starts, span.start) - 1)


def _event_anchor(
    link: Token, index: int, found: list[_Found], breaks: list[int]
) -> Point | None:
    """"after"/"before" token -> a date for its event: a resolved time inside the event clause,
    else an earlier resolved time in the paragraph dating the same lemma; or None."""
    clause = link.head if link.dep_ == "mark" else link
    tokens = list(clause.subtree)
    inside = {t.i for t in tokens}
    lo, hi = link.idx + len(link), tokens[-1].idx + len(tokens[-1])
    for other in found:
        if other.point is not None and lo <= other.cand.start and other.cand.end <= hi:
            return other.point
    lemma = syn.event_lemma(link)
    if lemma is None:
        return None
    para = _paragraph(found[index].cand.start, breaks)
    for item in reversed(found[:index]):
        if _paragraph(item.cand.start, breaks) != para:
            break
        if item.point is None or item.span.root.i in inside:
            continue  # a time inside the event clause but before "after" is a misparse
        dated = syn.predicate_lemma(item.span.root)
        if dated and _same_event(dated, lemma):
            return item.point
    return None


def _same_event(a: str, b: str) -> bool:
    """two lemmas -> True when they name the same kind of event ("recapture" ~ "capture")."""
    return a.removeprefix("re") == b.removeprefix("re")


def _apply(cand: Candidate, anchor: Point) -> Point | None:
    """anchored candidate + anchor Point -> the Point it names, or None."""
    g = cand.groups
    if cand.kind == "offset":
        amount = count(g)
        if amount is None:
            return None
        sign = -1 if g["dir"].lower() in _BACKWARD else 1
        return cal.shift(anchor, sign * amount, unit_of(g))
    if cand.kind == "anchored_day":
        if "that" in g:
            return anchor if anchor.precision == "day" else None
        step = _DAY_STEPS[(g.get("which") or g.get("dir") or "").lower()]
        return cal.shift(anchor, step, "day")
    return _anchored_period(" ".join(g["rel"].lower().split()), g["unit"].lower(), anchor)


def _anchored_period(rel: str, unit: str, anchor: Point) -> Point | None:
    """("the previous" | "the following" | "the next" | "that", unit, anchor) -> Point | None."""
    if rel == "that":
        if unit == "year":
            return Point(anchor.year)
        if unit == "month":
            return Point(anchor.year, anchor.month) if anchor.month else None
        return cal.shift(anchor, 0, unit) if unit == "week" else None
    step = -1 if rel == "the previous" else 1
    return cal.shift(anchor, step, unit)


def as_of(
    sentence: Span, times: list[TimeExpr], published: Published
) -> tuple[str | None, str | None]:
    """sentence + the article's times + publication date -> (ISO value, precision) of when the
    sentence's main statement held.

    The time attached most directly to the main event wins (main verb, then a complement or
    conjoined clause, then an adverbial clause, then a phrase on a noun; times inside relative
    clauses, appositions and noun modifiers are skipped). If that time cannot be resolved the
    answer is (None, None) rather than a guess; with no time at all, the publication day.
    """
    doc = sentence.doc
    best: tuple[int, bool, int] | None = None
    chosen: TimeExpr | None = None
    for time in times:
        if time.start < sentence.start_char or time.end > sentence.end_char:
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        tier = syn.attachment_tier(span.root, sentence) if span is not None else None
        if tier is None or (time.value is None and tier == 3):
            continue
        key = (tier, time.value is None, time.start)
        if best is None or key < best:
            best, chosen = key, time
    if chosen is not None:
        return chosen.value, chosen.precision
    pub = publication_day(published)
    return (pub.isoformat(), "day") if pub is not None else (None, None)
