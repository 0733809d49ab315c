"""Clean stage: Document -> Article.

Plain text goes through the line classifier (boilerplate.py); HTML through trafilatura
(html.py). Both then go through the metadata package, which finds the headline, outlet, dates and
credits and names the lines that are metadata rather than body.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from crosswire.clean.boilerplate import LineModel, classify_lines, repeated_lines
from crosswire.clean.html import PageText, extract_page
from crosswire.clean.language import detect_language
from crosswire.clean.metadata import Metadata, YearWindow, extract_metadata, year_window
from crosswire.clean.metadata.page import squash
from crosswire.config import Settings
from crosswire.models import Article, Document, Hint

LOG = logging.getLogger(__name__)


def collection_repeats(docs: Sequence[Document], settings: Settings) -> frozenset[str]:
    """documents of one batch -> lines repeated across enough of their plain texts."""
    texts = [d.content for d in docs if d.media == "text"]
    return repeated_lines(texts, min_docs=settings.repeat_min_docs)


@dataclass(frozen=True)
class Lines:
    """A document's text as lines, which of them are body, and the hints for its metadata:
    the expensive part of cleaning (extraction, line classification), done once."""

    lines: list[str]
    keep: list[bool]
    hints: dict[str, Hint]
    whole: bool = False  # a record's text taken as its body: no line of it leaves the body
    set_aside: tuple[str, ...] = ()  # HTML comments, captions, teasers: removed, never read
    note: str | None = None  # how the body was found, when not the usual way (evidence)


def body_lines(
    doc: Document,
    settings: Settings,
    repeated: frozenset[str] = frozenset(),
    model: LineModel | None = None,
) -> Lines:
    """Document (+ lines repeated in its collection, + a line model other than the shipped
    one, for evaluation) -> its Lines."""
    if doc.media == "html":
        page = extract_page(doc.content, doc.url, settings.max_html_elements)
        hints = {**page.hints, **doc.hints}  # the container's word beats the page's
        if page.as_text is not None:
            return _oversized_page(page, page.as_text, hints, settings, repeated, model)
        lines = "\n\n".join(page.body).split("\n")
        return Lines(lines, [bool(line.strip()) for line in lines], hints,
                     set_aside=tuple(page.set_aside))
    hints, lines = doc.hints, doc.content.split("\n")
    if _needs_line_classifier(doc, settings):
        keep = classify_lines(lines, repeated, settings.boilerplate_threshold, model).keep
        return Lines(lines, keep, hints)
    # already a body: a record's text field
    return Lines(lines, [bool(line.strip()) for line in lines], hints, doc.media == "text")


def _oversized_page(
    page: PageText, text: str, hints: dict[str, Hint], settings: Settings,
    repeated: frozenset[str], model: LineModel | None,
) -> Lines:
    """an HTML page too large for the main-text extractor + its visible text -> Lines from
    the plain-text line classifier, with a note saying so."""
    lines = list(_single_blank_lines(text))
    keep = classify_lines(lines, repeated, settings.boilerplate_threshold, model).keep
    note = (f"the page has {page.elements:,} HTML elements, more than max_html_elements "
            f"({settings.max_html_elements:,}): its visible text went through the plain-text "
            "line classifier instead of the main-text extractor")
    LOG.warning("%s", note)
    return Lines(lines, keep, hints, note=note)


def _single_blank_lines(text: str) -> Iterator[str]:
    """text -> its lines, whitespace-collapsed, with no two blank lines in a row."""
    blank = True
    for line in text.split("\n"):
        line = squash(line)
        if line or not blank:
            yield line
        blank = not line


def assemble(doc: Document, lines: Lines, window: YearWindow | None = None) -> Article:
    """Document + its Lines (+ the years its collection's stated dates span) -> Article."""
    meta = extract_metadata(lines.lines, doc.url, lines.hints, window)
    if lines.note:
        meta.evidence["body"] = lines.note
    if lines.whole:
        _keep_record_text_whole(meta, lines.hints)
    body, removed = _split(lines.lines, lines.keep, meta)
    return _article(doc, meta, body, removed + [" ".join(t.split()) for t in lines.set_aside])


def clean_document(
    doc: Document,
    settings: Settings,
    repeated: frozenset[str] = frozenset(),
    model: LineModel | None = None,
    window: YearWindow | None = None,
) -> Article:
    """Document (+ collection evidence, + a line model for evaluation) -> Article, in one go."""
    return assemble(doc, body_lines(doc, settings, repeated, model), window)


def _keep_record_text_whole(meta: Metadata, hints: dict[str, Hint]) -> None:
    """A record's text is its body as given: no line leaves it, and without a headline field
    its first sentence is not taken for a headline."""
    meta.consumed.clear()
    if "headline" not in hints:
        meta.headline = None
        meta.evidence["headline"] = (
            "null: the record has no headline or title field, and its text is kept whole "
            "as the body"
        )


def _needs_line_classifier(doc: Document, settings: Settings) -> bool:
    """-> True for scraped plain text; False for HTML (trafilatura did the work) and for a
    JSON Lines record's text when settings.trust_record_text says it is a body already."""
    if doc.media != "text":
        return False
    return not (doc.format == "jsonl" and settings.trust_record_text)


def collection_window(articles: Sequence[Article]) -> YearWindow | None:
    """articles cleaned together -> the years their stated publication dates span (widened),
    the outside evidence a yearless dateline needs, or None."""
    return year_window([a.published for a in articles if a.published_confidence == "stated"])


def _split(lines: list[str], keep: list[bool], meta: Metadata) -> tuple[str, list[str]]:
    """lines + verdicts + metadata lines -> (body with blank-line paragraphs, removed lines)."""
    body, removed = [], []
    for i, line in enumerate(lines):
        text = squash(line)  # the line itself when already single-spaced: no copy
        if not text:
            continue
        if keep[i] and i not in meta.consumed:
            body.append(text)
        else:
            removed.append(text)
    return "\n\n".join(body), removed


def _article(doc: Document, meta: Metadata, body: str, removed: list[str]) -> Article:
    return Article(
        id=doc.id,
        path=doc.path,
        url=doc.url,
        outlet=meta.outlet,
        wire_credit=meta.wire_credit,
        headline=meta.headline,
        published=meta.published,
        published_confidence=meta.published_confidence,
        evidence=meta.evidence,
        dateline=meta.dateline,
        byline=meta.byline,
        authors=meta.authors,
        body=body,
        removed=removed,
        language=detect_language(body),
    )


__all__ = [
    "Lines", "assemble", "body_lines", "clean_document", "collection_repeats",
    "collection_window",
]
