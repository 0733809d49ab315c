"""The headline: from a container hint, a repeated line, a 'Site - title' line, or the first
title-like line; every copy of it is consumed."""

from __future__ import annotations

from collections import Counter
from itertools import islice

from crosswire.clean.dates import find_dates, find_times
from crosswire.clean.metadata.page import DATELINE, Page, norm, words_of
from crosswire.clean.metadata.site import brandlike, site_split, strip_junk, strip_site_affix
from crosswire.models import Hint


def _title_like(text: str) -> bool:
    """line -> whether it could be a headline: 2-30 words, mostly letters, no date stamp."""
    words = words_of(text)
    if not 2 <= len(words) <= 30 or len(text) > 250:
        return False
    letters = sum(c.isalpha() for c in text)
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    if (find_dates(text) or find_times(text)) and len(words) <= 8:
        return False
    return not text.endswith((":", ",", "»")) and not DATELINE.match(text)


def find_headline(page: Page) -> None:
    """Choose the headline (hint, repeated line, 'Site - title' line, or first title-like line);
    consume every copy of it and the 'Site - title' line."""
    stamp_lines = {s.index for s in page.stamps}
    top = list(islice((i for i, t in enumerate(page.texts) if t and i not in stamp_lines), 12))
    hint = page.hints.get("headline")
    choice = _headline_from_hint(page, hint) if hint and hint.value.strip() else None
    choice = choice or _headline_from_text(page, top)
    if choice is None:
        page.meta.evidence["headline"] = "no title-like line before the body and no container hint"
        return
    index, headline, why = choice
    page.meta.headline, page.meta.evidence["headline"] = headline, why
    page.headline_index = index
    _consume_copies(page, headline)


def _headline_from_hint(page: Page, hint: Hint) -> tuple[int | None, str, str]:
    """container hint -> (line index of its first copy or None, headline, evidence)."""
    value = " ".join(hint.value.split())
    outlet = page.hints.get("outlet")
    bare = strip_site_affix(value, outlet.value) if outlet else None
    if outlet and bare:  # "Title | Site" where the page names Site as its outlet
        page.site = (outlet.value, f"site part of the headline hint {hint.value!r}")
        lines = [i for i, t in enumerate(page.texts) if t and norm(t) == norm(bare)]
        evidence = f"container hint: {hint.evidence}, without the site name {outlet.value!r}"
        return (lines[0] if lines else None), bare, evidence
    split = site_split(value)
    key = norm(value)
    lines = [i for i, t in enumerate(page.texts) if t and norm(t) == key]
    named = outlet is not None and norm(outlet.value) == norm(split[0]) if split else False
    if split and not lines and (
        named or brandlike(split[0], page.url)
        or any(norm(t) == norm(split[1]) for t in page.texts)
    ):
        value = split[1]  # the hint is "Site - title": keep the title
        page.site = (split[0], f"site part of the headline hint {hint.value!r}")
        lines = [i for i, t in enumerate(page.texts) if norm(t) == norm(value)]
    return (lines[0] if lines else None), value, f"container hint: {hint.evidence}"


def _headline_from_text(page: Page, top: list[int]) -> tuple[int, str, str] | None:
    """indices of the top lines -> (index, headline, evidence) from the text, or None."""
    texts = page.texts
    for i in top:
        split = site_split(texts[i])
        if not split:
            continue
        site, title = split
        copies = [j for j in top if j != i and norm(texts[j]) == norm(title)]
        if copies or brandlike(strip_junk(site)[0], page.url):
            page.site = (site, f'site part of line {i + 1}: "{texts[i]}"')
            where = f", repeated alone on line {copies[0] + 1}" if copies else ""
            return (copies[0] if copies else i), title, \
                f'title part of line {i + 1} "{texts[i]}"{where}'
    counts = Counter(norm(texts[i]) for i in top)
    for i in top:
        if counts[norm(texts[i])] > 1 and _title_like(texts[i]):
            return i, texts[i], f'line {i + 1}, repeated {counts[norm(texts[i])]} times at the top'
    for i in top:
        if _title_like(texts[i]) and not texts[i].endswith("."):
            return i, texts[i], f"first title-like line (line {i + 1})"
        if len(words_of(texts[i])) > 30:
            break  # reached the body
    return None


def _consume_copies(page: Page, headline: str) -> None:
    """Mark every line that repeats the headline, alone or as 'Site - headline', consumed."""
    key = norm(headline)
    for i, text in enumerate(page.texts):
        if not text:
            continue
        split = site_split(text)
        if split and norm(split[1]) == key and page.site is None:
            page.site = (split[0], f'site part of line {i + 1}: "{text}"')
        if norm(text) == key or (split and norm(split[1]) == key):
            page.meta.consumed.add(i)
