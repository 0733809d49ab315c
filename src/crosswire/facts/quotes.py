"""Quotes in news text: who said which words, as opposed to the outlet that printed them.

``analyse(doc)`` returns direct quotes (the words between quote marks, attached to a speech
verb such as "said", "told", "according to") and reported speech ("X said the city had fallen":
the reported clause), each with its speaker twice: ``speaker`` the canonical name of the person
or body within the article (pronouns, role nouns, documents and bare surnames resolved: "he",
"the president", "Trump" -> "Donald Trump") and ``speaker_written`` the words the sentence
uses. A speaker the article does not make known is None. ``scare_quotes`` are short quoted
phrases with no speech verb attached (the "liberation" of the city): framing, not quotes.

The pieces live beside this module: quote marks (``quote_marks``), speech verbs and their
subjects (``speech``), speaker mentions (``speaker_mentions``), within-article resolution
(``referents``); across articles, ``speakers``. Everything is a pure function over one spaCy
parse; no model is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from crosswire.facts.quote_marks import (
    QuoteSpans,
    Region,
    doc_text,
    quote_regions,
    region_stop,
)
from crosswire.facts.referents import Resolver
from crosswire.facts.speaker_mentions import Mention, MentionKind, mention_of, person_surnames
from crosswire.facts.speech import SpeechEvent, speech_events, subject_token

__all__ = [
    "Mention",
    "MentionKind",
    "Quote",
    "QuoteAnalysis",
    "Resolver",
    "ScareQuote",
    "SpeechEvent",
    "analyse",
    "doc_text",
    "find_quotes",
    "find_scare_quotes",
    "mention_of",
    "person_surnames",
    "quote_regions",
    "speech_events",
]

QuoteKind = Literal["direct", "reported"]
# Dependency of the quote's attachment to a speech verb: the quote is what is said.
_COMPLEMENT_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "obj", "attr", "oprd", "parataxis", "prep", "dep", "npadvmod",
     "dative", "pcomp"}
)
_SENTENCE_END = frozenset({".", "!", "?", ";"})
_SCARE_MAX_WORDS = 4
_AFTER_WINDOW = 14
_BEFORE_WINDOW = 6


@dataclass(frozen=True)
class Quote:
    """Words attributed to a speaker: ``start``/``end`` index ``doc.text`` (quote marks
    excluded for direct quotes); ``speaker`` is the canonical name of who said them within the
    article and ``speaker_written`` the words the sentence names them by ("he", "the sheriff",
    "Gaskin"); ``speaker_start``/``speaker_end`` locate the mention the canonical name was taken
    from (an earlier one for pronouns and role nouns); the sentence span is for the citation."""

    start: int
    end: int
    text: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    kind: QuoteKind
    sentence_start: int
    sentence_end: int
    speaker_written: str | None = None
    speaker_kind: MentionKind | None = None
@dataclass(frozen=True)
class ScareQuote:
    """A short quoted phrase with no speech verb attached (framing, not a quote)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class QuoteAnalysis:
    """Everything find_quotes and find_scare_quotes report, plus the speech events (for
    attribution), from one pass over a Doc."""

    quotes: list[Quote]
    scare_quotes: list[ScareQuote]
    events: list[SpeechEvent]
    regions: list[Region]


def analyse(doc: Doc) -> QuoteAnalysis:
    """Doc -> direct and reported quotes, scare quotes and speech events, in text order."""
    regions = quote_regions(doc_text(doc))
    inside = QuoteSpans(regions)
    resolver = Resolver(doc, surnames=person_surnames(doc), quoted=inside)
    events = speech_events(doc, regions, resolver)
    spans = [_content_span(doc, r) for r in regions]
    attached = [_attach(doc, r, s, events, inside) for r, s in zip(regions, spans, strict=True)]
    direct, scare = _classify(doc, regions, spans, attached)
    reported = [_reported(doc, e) for e in events if e.complement and e.speaker is not None]
    quotes = sorted(direct + reported, key=lambda q: (q.start, q.kind))
    return QuoteAnalysis(quotes, scare, events, regions)


def find_quotes(doc: Doc) -> list[Quote]:
    """Doc -> direct and reported quotes with their speakers, in text order."""
    return analyse(doc).quotes


def find_scare_quotes(doc: Doc) -> list[ScareQuote]:
    """Doc -> short quoted phrases (1-4 words) with no speech verb attached."""
    return analyse(doc).scare_quotes


def _content_span(doc: Doc, region: Region) -> Span | None:
    """Region -> the tokens of its content (expanded to token edges), or None if empty."""
    span = doc.char_span(region.start, region.end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _token_at(doc: Doc, offset: int) -> Token | None:
    """char offset -> the token covering it, or None."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _attach(
    doc: Doc, region: Region, span: Span | None, events: Sequence[SpeechEvent], inside: QuoteSpans
) -> SpeechEvent | None:
    """Quote region -> the speech event it belongs to: a verb right after it ("...," he said),
    right before it (said: "..."), or governing it in the parse; None when no verb attaches."""
    if span is None:
        return None
    by_trigger = {e.trigger.i: e for e in events}
    return (
        _after(doc, region, span, by_trigger, inside)
        or _before(doc, region, by_trigger, inside)
        or _governing(span, by_trigger, events)
    )


def _stops(tok: Token, inside: QuoteSpans) -> bool:
    """Token -> True when a scan for the attribution must stop at it."""
    return tok.is_space or "\n" in tok.text or tok.text in _SENTENCE_END or (
        inside.at(tok.idx) is not None
    )


def _after(
    doc: Doc, region: Region, span: Span, by_trigger: dict[int, SpeechEvent], inside: QuoteSpans
) -> SpeechEvent | None:
    """'"...," he said' -> the event of the first speech verb after the closing mark."""
    if region.close_mark is None:
        return None
    close = _token_at(doc, region.close_mark)
    if close is None or close.i + 1 >= len(doc):
        return None
    nxt = doc[close.i + 1]
    if doc_text(doc)[region.end - 1] == "." and nxt.is_title and nxt.pos_ != "PROPN":
        return None
    for j in range(close.i + 1, min(len(doc), close.i + 1 + _AFTER_WINDOW)):
        tok = doc[j]
        if j in by_trigger:
            return by_trigger[j] if _clean_gap(doc[close.i + 1 : j], doc[j]) else None
        if _stops(tok, inside) and tok.i != close.i:
            return None
    return None


def _clean_gap(gap: Span, trigger: Token) -> bool:
    """Tokens between a quote and its verb -> True when they are only the verb's subject phrase
    (with its appositions and relative clauses), punctuation and adverbs of the verb."""
    subj = subject_token(trigger)
    allowed = {t.i for t in subj.subtree} if subj is not None else set()
    return all(
        t.is_punct or t.i in allowed or (t.head.i == trigger.i and t.dep_ != "nsubjpass")
        for t in gap
    )


def _before(
    doc: Doc, region: Region, by_trigger: dict[int, SpeechEvent], inside: QuoteSpans
) -> SpeechEvent | None:
    """'X said: "..."' -> the event of a speech verb just before the opening mark, with only
    punctuation, "that", adverbs or a prepositional phrase between."""
    opening = _token_at(doc, region.open_mark)
    if opening is None:
        return None
    for j in range(opening.i - 1, max(-1, opening.i - 1 - _BEFORE_WINDOW), -1):
        tok = doc[j]
        if j in by_trigger:
            gap = doc[j + 1 : opening.i]
            ok = all(t.pos_ not in ("VERB", "AUX") and not t.dep_.startswith("nsubj") for t in gap)
            return by_trigger[j] if ok else None
        if _stops(tok, inside) and tok.text != ":":
            return None
    return None


def _governing(
    span: Span, by_trigger: dict[int, SpeechEvent], events: Sequence[SpeechEvent]
) -> SpeechEvent | None:
    """Quote tokens -> the event whose verb governs them as a complement (said the city had been
    "liberated"), or whose verb hangs off a quoted word ("according to X" inside a clause)."""
    idxs = range(span.start, span.end)
    for tok in span:
        if tok.head.i in idxs and tok.head.i != tok.i:
            continue
        found = _climb_to_trigger(tok, idxs, by_trigger)
        if found is not None:
            return found
    sent = span[0].sent
    for ev in events:
        trig = ev.trigger
        if trig.head.i in idxs and trig.i not in idxs and sent.start <= trig.i < sent.end:
            return ev
    return None


def _climb_to_trigger(
    tok: Token, idxs: range, by_trigger: dict[int, SpeechEvent]
) -> SpeechEvent | None:
    """Token -> the first speech verb up its head chain, if reached through a complement."""
    cur = tok
    for _ in range(14):
        nxt = cur.head
        if nxt.i == cur.i:
            return None
        if nxt.i in by_trigger and nxt.i not in idxs:
            return by_trigger[nxt.i] if cur.dep_ in _COMPLEMENT_DEPS else None
        cur = nxt
    return None


def _words(span: Span) -> int:
    """Span -> number of word tokens (no punctuation or spaces)."""
    return sum(1 for t in span if not t.is_punct and not t.is_space)


def _classify(
    doc: Doc,
    regions: Sequence[Region],
    spans: Sequence[Span | None],
    attached: Sequence[SpeechEvent | None],
) -> tuple[list[Quote], list[ScareQuote]]:
    """Regions with their events -> (direct quotes, scare quotes). Unattached long quotes take
    the speaker of an attached quote in the same sentence, of the quote they directly follow, or
    (when left open at a paragraph end) of the quote that continues them."""
    events = list(attached)
    for k in range(len(regions)):
        if events[k] is None and spans[k] is not None:
            events[k] = _borrowed(doc, k, regions, spans, events)
    quotes: list[Quote] = []
    scare: list[ScareQuote] = []
    for region, span, ev in zip(regions, spans, events, strict=True):
        if span is None:
            continue
        text = doc_text(doc)[region.start : region.end]
        if ev is None and _words(span) <= _SCARE_MAX_WORDS:
            scare.append(ScareQuote(region.start, region.end, text))
        elif ev is not None or _sentence_like(text):
            quotes.append(_direct(region, span, text, ev))
    return quotes, scare


def _borrowed(
    doc: Doc,
    k: int,
    regions: Sequence[Region],
    spans: Sequence[Span | None],
    events: Sequence[SpeechEvent | None],
) -> SpeechEvent | None:
    """Unattached long quote k -> the event of a neighbouring quote by the same speaker."""
    span = spans[k]
    if span is None or _words(span) <= _SCARE_MAX_WORDS:
        return None
    sent = span[0].sent
    for j, other in enumerate(spans):
        if j != k and other is not None and events[j] is not None and other[0].sent == sent:
            return events[j]
    if k > 0 and events[k - 1] is not None and spans[k - 1] is not None:
        prev_end = max(_stop_of(regions[k - 1]), spans[k - 1][-1].sent.end_char)  # type: ignore[index]
        if not doc_text(doc)[prev_end : regions[k].open_mark].strip():
            return events[k - 1]
    nxt = k + 1
    left_open = regions[k].close_mark is None and nxt < len(regions)
    if left_open and not doc_text(doc)[regions[k].end : regions[nxt].open_mark].strip():
        return events[nxt]
    return None


def _stop_of(region: Region) -> int:
    """Region -> offset just past it."""
    return region_stop(region)


def _sentence_like(text: str) -> bool:
    """Quoted text -> True when it reads as a full sentence (capital start, final stop)."""
    return bool(text) and text[0].isupper() and text.rstrip("'\"’”)")[-1:] in ".!?"


def _direct(region: Region, span: Span, text: str, ev: SpeechEvent | None) -> Quote:
    """Region with its event -> a direct Quote."""
    sents = [span[0].sent, span[-1].sent]
    if ev is not None:
        sents.append(ev.trigger.sent)
    who = ev.speaker if ev is not None else None
    written = ev.written if ev is not None and who is not None else None
    return Quote(
        region.start, region.end, text,
        who.text if who else None, who.start if who else None, who.end if who else None,
        "direct", min(s.start_char for s in sents), max(s.end_char for s in sents),
        written.text if written else None, who.kind if who else None,
    )


def _reported(doc: Doc, ev: SpeechEvent) -> Quote:
    """Speech event with a complement clause -> a reported Quote."""
    assert ev.complement is not None and ev.speaker is not None
    start, end = ev.complement
    first, last = _token_at(doc, start), _token_at(doc, end - 1)
    sents = [ev.trigger.sent] + [t.sent for t in (first, last) if t is not None]
    who = ev.speaker
    written = ev.written.text if ev.written is not None else None
    return Quote(
        start, end, doc_text(doc)[start:end], who.text, who.start, who.end, "reported",
        min(s.start_char for s in sents), max(s.end_char for s in sents), written, who.kind,
    )
