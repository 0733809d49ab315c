"""The publication date, from the strongest evidence: a labelled stamp or container hint, a
bare date line under the headline, a dateline, an inference from the text's mentions; and the
year window that the dates of articles ingested together give an undated one."""

from __future__ import annotations

import re

from crosswire.clean.dates import normalize_stamp
from crosswire.clean.metadata.inferred import from_dateline, from_mentions
from crosswire.clean.metadata.model import YearWindow
from crosswire.clean.metadata.page import Page, Stamp
from crosswire.models import Hint


def year_window(published: list[str | None], margin: int = 2) -> YearWindow | None:
    """stated publication dates of the articles ingested together -> the years an undated
    article among them plausibly falls in (their span widened by ``margin`` years), or None.
    Five consecutive years hold a given day-and-weekday at most once."""
    years = sorted(int(v[:4]) for v in published if v and re.match(r"\d{4}-", v))
    if not years:
        return None
    lo, hi = years[0] - margin, years[-1] + margin
    span = f"{years[0]}" if years[0] == years[-1] else f"{years[0]}-{years[-1]}"
    return YearWindow(lo, hi, f"{len(years)} articles ingested with it state dates in {span}")


def find_published(page: Page, window: YearWindow | None) -> None:
    """Publication date from the strongest evidence: labelled stamps and hints, then a bare
    date line under the headline, then a dateline (its year inferred if missing), then an
    inference from the dates and weekdays the text mentions; else null with the reason."""
    meta = page.meta
    banners = [s for s in page.stamps if s.kind == "banner"]
    note = "".join(
        f'; ignored banner "{s.text}" (line {s.index + 1}: a date above the headline with '
        "weekday/update furniture is the page's date, not the article's)" for s in banners
    )
    note += "".join(
        f'; ignored update stamp "{s.text}" (line {s.index + 1}: an update time, not the '
        "publication)" for s in page.stamps if s.kind == "update"
    )
    for step in (_from_stamps_and_hint, from_dateline, from_mentions):
        found = step(page, window, banners)
        if found:
            meta.published, meta.published_confidence, why = found
            meta.evidence["published"] = why + note
            return
    reasons = page.notes or ["the text states no publication date and no container hint gives one"]
    meta.evidence["published"] = "null: " + "; ".join(reasons) + note


def _from_stamps_and_hint(
    page: Page, window: YearWindow | None, banners: list[Stamp]
) -> tuple[str, str, str] | None:
    """labelled/bare stamps and the container hint -> (ISO, 'stated', evidence) or None."""
    rank = {"source": 0, "publication": 0, "dateline": 0, "bare": 1}
    stamps = sorted((s for s in page.stamps if s.kind in rank and s.value()),
                    key=lambda s: (rank[s.kind], s.index))
    if page.headline_index is not None:  # a bare date far below the headline is not a stamp
        stamps = [s for s in stamps if s.kind != "bare" or s.index - page.headline_index <= 4]
    hint = page.hints.get("published")
    hinted = normalize_stamp(hint.value) if hint else None
    if hint and not hinted:
        page.notes.append(f"container hint {hint.value!r} is not a date")
    best = stamps[0] if stamps else None
    if hint and hinted and (best is None or rank[best.kind] > 0 or _agree(hinted, best)):
        return _merge_hint(hinted, hint, best)
    if best is None:
        return None
    value = best.value()
    assert value is not None
    why = f'"{best.text}" (line {best.index + 1}, {best.kind} stamp)'
    if hint:
        why += f"; container hint {hint.value!r} ({hint.evidence}) disagrees and is not used"
    return value, "stated", why


def _agree(hinted: str, stamp: Stamp) -> bool:
    """(hint ISO value, stamp) -> whether both name the same day."""
    return hinted[:10] == (stamp.value() or "")[:10]


def _merge_hint(hinted: str, hint: Hint, stamp: Stamp | None) -> tuple[str, str, str]:
    """hint value (+ an agreeing or weaker stamp) -> (the more precise ISO, 'stated', evidence)."""
    why = f"container hint {hint.value!r} ({hint.evidence})"
    if stamp is None:
        return hinted, "stated", why
    value = stamp.value() or hinted
    if _agree(hinted, stamp):
        best = value if len(value) > len(hinted) else hinted
        return best, "stated", f'{why}; agrees with "{stamp.text}" (line {stamp.index + 1})'
    return hinted, "stated", f'{why}; text {stamp.kind} stamp "{stamp.text}" not used'
