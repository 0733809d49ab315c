"""Attribution: to whom a sentence's content is attributed, as distinct from the outlet.

"The Syrian Observatory for Human Rights said ..." -> "Syrian Observatory for Human Rights";
"according to the UN" -> "UN"; "X told Reuters" -> X (Reuters, the outlet it was told to, is
``told_to``); "the observatory said", "he said", "the statement said", "Gaskin said" -> the
source as written, ``resolved`` to the person or body the article names ("Syrian Observatory for
Human Rights", "Dave Gaskin"); "officials said" -> anonymous. A sentence that names no source,
or only one the article does not make known (an unresolved "he", a statement nobody is said to
have issued), gets None: nothing is guessed.

Pure functions over one spaCy parse; the speech-verb and speaker machinery is shared with
:mod:`crosswire.facts.quotes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from crosswire.facts.quotes import (
    Mention,
    MentionKind,
    Quote,
    QuoteAnalysis,
    Resolver,
    SpeechEvent,
    analyse,
    doc_text,
    mention_of,
    person_surnames,
    quote_regions,
    speech_events,
)


@dataclass(frozen=True)
class Attribution:
    """The source of a sentence: ``source`` as written at ``start``/``end`` in ``doc.text``,
    ``resolved`` to a full name when the source is a pronoun or a role noun that refers back to
    an earlier named source, and ``told_to`` the outlet or audience of "told X"."""

    source: str
    resolved: str | None
    kind: MentionKind
    told_to: str | None
    start: int
    end: int

    @property
    def who(self) -> str:
        """The best name for the source: the resolved name when there is one."""
        return self.resolved or self.source

    @property
    def speaker(self) -> str:
        """The canonical name of the source within the article (as ``Quote.speaker``)."""
        return self.who

    @property
    def speaker_written(self) -> str:
        """The source as the sentence writes it (as ``Quote.speaker_written``)."""
        return self.source


def attribution(sentence: Span, quotes: list[Quote] | None = None) -> Attribution | None:
    """(sentence, the doc's quotes or None) -> the sentence's Attribution, or None when it states
    no source. Pronouns and role nouns resolve against the speakers of ``quotes`` before the
    sentence (or, without quotes, against the speech verbs before it); a sentence that lies
    inside a direct quote takes that quote's speaker when ``quotes`` are given."""
    doc = sentence.doc
    surnames = person_surnames(doc)
    regions = quote_regions(doc_text(doc))
    events = speech_events(doc, regions, Resolver(doc, surnames=surnames), tokens=sentence)
    resolver = Resolver(doc, surnames=surnames)
    if any(_needs_context(e) for e in events):
        if quotes is None:
            speech_events(doc, regions, resolver, tokens=doc[: sentence.start])
        else:
            _seed(doc, quotes, sentence.start_char, resolver)
        events = speech_events(doc, regions, resolver, tokens=sentence)
    return _from_events(events) or _from_quotes(sentence, quotes or [], surnames)


def attributions(doc: Doc, found: QuoteAnalysis | None = None) -> list[Attribution | None]:
    """Doc (+ its quote analysis, when already made) -> one Attribution (or None) per sentence,
    in order, with document context: pronouns ("It added that", "he said") and role nouns
    ("the observatory") resolve to earlier sources, and sentences inside a multi-sentence
    quote take its speaker."""
    found = found if found is not None else analyse(doc)
    surnames = person_surnames(doc)
    out: list[Attribution | None] = []
    pending = list(found.events)
    for sent in doc.sents:
        mine = [e for e in pending if e.trigger.i < sent.end]
        pending = pending[len(mine) :]
        out.append(_from_events(mine) or _from_quotes(sent, found.quotes, surnames))
    return out


def _needs_context(event: SpeechEvent) -> bool:
    """Speech event -> True when its source is a pronoun or an unnamed noun phrase, which only
    earlier sources can resolve."""
    written = event.written
    return written is not None and (written.pronoun is not None or not written.named)


def _seed(doc: Doc, quotes: Sequence[Quote], before: int, resolver: Resolver) -> None:
    """Speakers of quotes found before an offset -> the resolver's history, in text order."""
    earlier = [q for q in quotes if q.speaker_start is not None and q.speaker_end is not None]
    earlier = [q for q in earlier if q.start < before and q.speaker_end <= before]  # type: ignore[operator]
    for q in sorted(earlier, key=lambda q: q.speaker_start or 0):
        mention = _mention_at(doc, q.speaker_start or 0, q.speaker_end or 0, resolver.surnames)
        resolver.add(mention)


def _mention_at(doc: Doc, start: int, end: int, surnames: frozenset[str]) -> Mention | None:
    """Char offsets of a speaker mention -> the Mention parsed there, or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return mention_of(span.root, surnames)


def _from_events(events: Sequence[SpeechEvent]) -> Attribution | None:
    """Speech events of one sentence -> the Attribution of the one nearest the parse root
    whose speaker is known, or None."""
    usable = [e for e in events if e.written is not None and e.speaker is not None]
    if not usable:
        return None
    main = min(usable, key=lambda e: (_depth(e), e.trigger.i))
    written, target = main.written, main.speaker
    assert written is not None and target is not None
    resolved = target.text if target.text != written.text else None
    kind = target.kind if written.pronoun is not None else written.kind
    return Attribution(written.text, resolved, kind, main.told_to, written.start, written.end)


def _depth(event: SpeechEvent) -> int:
    """Speech event -> how deep its verb sits under the sentence root."""
    return sum(1 for _ in event.trigger.ancestors)


def _from_quotes(
    sentence: Span, quotes: Sequence[Quote], surnames: frozenset[str]
) -> Attribution | None:
    """Sentence lying in a direct quote -> an Attribution to that quote's speaker, or None."""
    best: Quote | None = None
    best_overlap = 0
    for q in quotes:
        if q.kind != "direct" or q.speaker is None or q.speaker_start is None:
            continue
        overlap = min(q.end, sentence.end_char) - max(q.start, sentence.start_char)
        if overlap > best_overlap:
            best, best_overlap = q, overlap
    if best is None or best.speaker is None or best.speaker_start is None:
        return None
    end = best.speaker_end if best.speaker_end is not None else best.speaker_start
    kind: MentionKind | None = best.speaker_kind
    if kind is None:
        mention = _mention_at(sentence.doc, best.speaker_start, end, surnames)
        kind = mention.kind if mention is not None else "person"
    written = best.speaker_written or best.speaker
    resolved = best.speaker if best.speaker != written else None
    return Attribution(written, resolved, kind, None, best.speaker_start, end)
