"""The result of metadata extraction (``Metadata``) and an outside year range (``YearWindow``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Metadata:
    """What the text, URL and hints say about an article, with evidence per field."""

    headline: str | None = None
    outlet: str | None = None
    wire_credit: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)  # the byline's authors (bylines.author_names)
    dateline: str | None = None
    published: str | None = None
    published_confidence: str | None = None  # "stated" | "inferred" | None
    evidence: dict[str, str] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class YearWindow:
    """Years an article can plausibly be from, from outside its text (e.g. the stated dates of
    the articles ingested with it), and where that range came from, in words."""

    lo: int
    hi: int
    evidence: str
