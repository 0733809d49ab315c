"""The records that flow through crosswire, in flow order.

A reader turns bytes into a :class:`Document`; the clean stage turns a Document into an
:class:`Article`. Later stages (stories, facts, narrate) add their own records here.
Every field of the JSON contract in DESIGN.md is a field of the dataclass of the same name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:  # the narrate modules import this one
    from crosswire.narrate.framing import SourceFraming
    from crosswire.narrate.summary import SummarySentence
    from crosswire.narrate.timeline import TimelineEntry


def content_hash(data: bytes) -> str:
    """bytes -> a stable hex digest used for idempotent ingest."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Hint:
    """A metadata value a container or markup states (a feed's title, an HTML date), with where
    it came from in words: the evidence kept for the Article field it feeds."""

    value: str
    evidence: str


@dataclass
class Document:
    """One record as read from a file, before any cleaning.

    ``content`` is the decoded text (plain text or HTML markup, per ``media``); ``hints`` holds
    what the container said about the record, keyed by Article field (``headline``,
    ``published``, ``outlet``, ``byline``): a feed entry's title, a JSON Lines field.
    ``source`` identifies the record: the absolute path, plus ``#id=...``, ``#url=...``, a
    feed entry's guid or link, or the record number for a record inside a file. Re-ingesting
    the same bytes from the same source changes nothing; other bytes are a revision.
    """

    id: str
    path: str
    source: str
    media: str  # "text" | "html"
    content: str
    format: str  # "text" | "html" | "jsonl" | "feed" | "warc"
    hash: str
    url: str | None = None
    encoding: str | None = None
    hints: dict[str, Hint] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Document -> plain dict (JSON-serialisable)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Document.to_dict() output -> Document."""
        hints = {k: Hint(**v) for k, v in (data.get("hints") or {}).items()}
        return cls(**{**data, "hints": hints})


class JsonRecord:
    """Mixin for contract records: dataclass <-> the JSON contract's object."""

    def to_dict(self) -> dict[str, Any]:
        """record -> the JSON contract's object."""
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """a JSON contract object -> record (unknown keys ignored, so newer fields are safe)."""
        names = cls.__dataclass_fields__.keys()  # type: ignore[attr-defined]
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Article(JsonRecord):
    """A cleaned article: the JSON contract's Article, field for field."""

    id: str
    path: str
    url: str | None
    outlet: str | None
    wire_credit: str | None
    headline: str | None
    published: str | None
    published_confidence: str | None  # "stated" | "inferred" | None
    evidence: dict[str, str]
    dateline: str | None
    byline: str | None
    body: str
    removed: list[str]
    language: str | None
    wire_group: str | None = None
    # added to the contract: the byline's authors, one each, in order (an organisation beside
    # personal names left out); [] in articles stored before the field (reprocess fills it)
    authors: list[str] = field(default_factory=list)


@dataclass
class Skip:
    """An item that could not be processed: which file (and record), and why, in words."""

    path: str
    reason: str
    record: str | None = None

    def message(self) -> str:
        """Skip -> one line for a person: 'path[#record]: reason'."""
        where = f"{self.path}#{self.record}" if self.record else self.path
        return f"{where}: {self.reason}"


@dataclass
class Story(JsonRecord):
    """A group of articles on one event: the JSON contract's Story, field for field."""

    id: str
    title: str
    articles: list[str]
    outlets: list[str]
    independent_sources: int
    first_published: str | None
    first_publisher: str | None
    last_published: str | None
    related: list[str] = field(default_factory=list)
    # added to the contract: why the source count may overstate independence (articles whose
    # publisher is unknown), and groups of article ids that are versions of one report
    independence: str | None = None
    versions: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Pin:
    """A user's decision about stories, kept across re-runs, in terms of article ids:
    ``merge`` (these articles belong together) or ``split`` (these articles leave their story
    and stand together, apart from ``others``)."""

    kind: str  # "merge" | "split"
    articles: tuple[str, ...]
    others: tuple[str, ...] = ()


@dataclass
class Citation(JsonRecord):
    """Where a statement comes from: character offsets into one article's current ``body``."""

    article: str
    start: int
    end: int


@dataclass
class Mention(JsonRecord):
    """One article's report of a fact: a quantity, a quote or a claim, with its citation.

    ``subject`` is what it is about (the thing counted, or the quote's speaker and gist);
    ``value`` a number or [low, high]; ``qualifier`` exact | about | more_than | at_least |
    less_than | at_most | up_to; ``speaker`` who is quoted; ``attributed_to`` the source the
    article names for it (not the outlet that printed it), None when the article states it on
    its own authority; ``as_of`` the ISO date it was true, at ``as_of_precision``
    (day | month | year); ``text`` the sentence (or quote) cited.
    """

    article: str
    outlet: str | None
    kind: str  # "quantity" | "quote" | "claim"
    text: str
    subject: str | None
    citation: Citation
    value: float | list[float] | None = None
    unit: str | None = None
    qualifier: str | None = None
    speaker: str | None = None
    attributed_to: str | None = None
    as_of: str | None = None
    as_of_precision: str | None = None
    # added to the contract: the figure as written and where (quantities), and the kind of
    # thing it measures (count, money, percentage, length, age, time, ...)
    phrase: str | None = None
    phrase_start: int | None = None
    dimension: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """a JSON object -> Mention (the citation rebuilt as a Citation)."""
        mention = super().from_dict(data)
        if isinstance(mention.citation, dict):
            mention.citation = Citation(**mention.citation)
        return mention


@dataclass
class DatedSentence(JsonRecord):
    """One body sentence with the date its main statement held: from a time expression in it
    (``stated`` True: "on Tuesday" resolved against the published date) or, when it names no
    time, the article's published day (``stated`` False); None when neither is known.
    ``forecast``: that time is when something is expected to happen (a future or modal verb
    governs it), so the sentence dates no event."""

    start: int
    end: int
    date: str | None
    precision: str | None
    stated: bool
    # added: the stated time is when something is expected ("may be cleared on Sunday"), not
    # when it happened; the main statement is negated; the source the sentence names
    forecast: bool = False
    negated: bool = False
    source: str | None = None
    core: str | None = None  # the main statement's core words (``facts/clause_core.py``)


@dataclass
class Reading(JsonRecord):
    """What the facts stage read in one article: its mentions, its dated sentences, and the
    short phrases it puts in quotation marks with no speaker (scare quotes: start, end, text)."""

    article: str
    mentions: list[Mention] = field(default_factory=list)
    sentences: list[DatedSentence] = field(default_factory=list)
    scare_quotes: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """a JSON object -> Reading with Mention and DatedSentence records."""
        reading = super().from_dict(data)
        reading.mentions = [Mention.from_dict(m) for m in data.get("mentions", [])]
        reading.sentences = [DatedSentence.from_dict(x) for x in data.get("sentences", [])]
        return reading


@dataclass
class Fact(JsonRecord):
    """One thing reported across a story's articles: every report, and a verdict.

    ``status``: corroborated (independent sources of different origins agree), consistent
    (several outlets agree but relay one origin), conflicting (incompatible values for the same
    thing at the same time), evolving (the value changes with ``as_of``), single-source;
    ``reason``: one sentence saying why.
    """

    id: str
    kind: str
    subject: str
    status: str
    reason: str
    reports: list[Mention]
    # added to the contract: the independent origins the status counted, and why
    # independence is uncertain when sources of unknown outlet are among the reports
    origins: list[str] = field(default_factory=list)
    independence: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """a JSON object -> Fact with Mention reports."""
        fact = super().from_dict(data)
        fact.reports = [Mention.from_dict(r) if isinstance(r, dict) else r for r in fact.reports]
        return fact


@dataclass
class StoryCard:
    """Everything shown for one story: the Story, its articles, and what the later stages
    made of them: facts, the timeline's entries, the summary's sentences, each source's
    framing (by source name) and the coverage by country and ownership. Typed records
    until written: :meth:`to_dict` is the JSON contract's card, :meth:`from_dict` reads a
    stored one back."""

    story: Story
    articles: list[Article]
    facts: list[Fact] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    framing: dict[str, SourceFraming] = field(default_factory=dict)
    coverage: dict[str, Any] = field(default_factory=dict)
    related_titles: dict[str, str] = field(default_factory=dict)  # related story id -> title

    def to_dict(self) -> dict[str, Any]:
        """-> the JSON contract's story card: the Story fields plus timeline, facts, summary
        and framing (and, added to the contract, the coverage by country and ownership and
        the related stories' titles)."""
        return {**self.story.to_dict(), "timeline": [e.to_dict() for e in self.timeline],
                "facts": [f.to_dict() for f in self.facts],
                "summary": [s.to_dict() for s in self.summary],
                "framing": {name: f.to_dict() for name, f in self.framing.items()},
                "coverage": self.coverage, "related_titles": self.related_titles}

    @classmethod
    def from_dict(cls, data: dict[str, Any], articles: Sequence[Article] = ()) -> StoryCard:
        """(a card as :meth:`to_dict` wrote it, the story's articles as stored) -> StoryCard
        (``to_dict(from_dict(x)) == x``)."""
        from crosswire.narrate.framing import SourceFraming
        from crosswire.narrate.summary import SummarySentence
        from crosswire.narrate.timeline import TimelineEntry

        return cls(Story.from_dict(data), list(articles),
                   [Fact.from_dict(f) for f in data.get("facts", [])],
                   [TimelineEntry.from_dict(e) for e in data.get("timeline", [])],
                   [SummarySentence.from_dict(s) for s in data.get("summary", [])],
                   {name: SourceFraming.from_dict(name, f)
                    for name, f in data.get("framing", {}).items()},
                   dict(data.get("coverage", {})), dict(data.get("related_titles", {})))
