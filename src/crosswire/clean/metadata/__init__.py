"""Metadata of an article from its text lines, its URL and its container's hints.

Finds the headline, outlet, wire credit, byline, dateline and publication date, with the text
each value came from (or why it is null) in ``evidence``, and the indices of the lines that are
metadata rather than body (``consumed``). Line numbers in evidence are 1-based.

General methods only: a "Site - title" line is split where its other half repeats elsewhere
(or the site half looks like a brand or matches the URL); a labelled stamp ("Published at",
"Source: X | date") beats a bare date line under the headline, which beats nothing; a date
banner above the headline (weekday + date, "Last Update" furniture) is the page's date, not
the article's; a year missing from a dateline is inferred from the weekdays and years the text
names, and only when exactly one year fits.

Modules: ``model`` (the result and the outside year window), ``page`` (the working state,
line normalisation, date stamp lines), ``site`` ("Site - title" lines, URL domains),
``headline``, ``agencies`` (news agency names), ``bylines`` and ``datelines`` (reading one
line), ``credits`` (byline, dateline, credit lines and stamps; the wire credit), ``outlet``
(the ranking of who published the copy), ``published`` (stated dates and the year window)
and ``inferred`` (dates inferred from a dateline or from mentions).
"""

from __future__ import annotations

from crosswire.clean.metadata.agencies import WIRES
from crosswire.clean.metadata.credits import choose_wire_credit, find_credits
from crosswire.clean.metadata.headline import find_headline
from crosswire.clean.metadata.model import Metadata, YearWindow
from crosswire.clean.metadata.outlet import find_outlet
from crosswire.clean.metadata.page import Page, classify_stamps, clean_line, find_stamps
from crosswire.clean.metadata.published import find_published, year_window
from crosswire.clean.metadata.site import JUNK_TOKENS, registrable_domain
from crosswire.models import Hint

__all__ = [
    "JUNK_TOKENS",
    "WIRES",
    "Metadata",
    "YearWindow",
    "extract_metadata",
    "registrable_domain",
    "year_window",
]


def extract_metadata(
    lines: list[str],
    url: str | None = None,
    hints: dict[str, Hint] | None = None,
    window: YearWindow | None = None,
) -> Metadata:
    """lines of a page's text (raw, as scraped, or an HTML extraction's body) + URL + container
    hints (+ a plausible year range from outside the text) -> Metadata."""
    page = Page([clean_line(str(line)) for line in lines], url, dict(hints or {}), Metadata())
    page.stamps = find_stamps(page.texts)
    find_headline(page)
    classify_stamps(page)
    find_credits(page)
    find_outlet(page)
    choose_wire_credit(page)
    find_published(page, window)
    return page.meta
