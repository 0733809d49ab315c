"""Where a report's content comes from: its origin.

A report attributed to someone ("police said", a quote's speaker) comes from that source,
whichever outlet prints it; a report stated on an outlet's own authority comes from the
outlet (one source: see ``stories/sources.py``). Exceptions: a sentence that
reproduces another report's sentence nearly word for word relays that report's origin (a
paragraph lifted from the wire, a press release printed as sent); a source that names where
it got the figure in one of its reports relays that origin in the others too. Origins are what independence is
counted in: two outlets relaying the same ministry are one origin.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crosswire.facts.subjects import terms
from crosswire.models import Mention
from crosswire.stories.sources import Sources

COPY_OVERLAP = 0.5  # share of the shorter sentence's word 4-grams found in the other
_WORD = re.compile(r"\w+")


def attribution_key(name: str | None) -> str | None:
    """a source as written -> a key that two spellings of it share ('the Syrian Observatory
    of Human Rights' / 'Syrian Observatory for Human Rights'), or None."""
    if not name:
        return None
    try:
        from crosswire.facts.speakers import speaker_key
    except ImportError:  # pragma: no cover - before the speakers module exists
        speaker_key = None
    if speaker_key is not None:
        key = speaker_key(name)
        if key:
            return key
    return " ".join(sorted(terms(name))) or name.casefold()


def copied(a: str, b: str) -> bool:
    """two sentences -> does one reproduce the other nearly word for word?"""
    one, two = _grams(a), _grams(b)
    if not one or not two:
        return False
    return len(one & two) / min(len(one), len(two)) >= COPY_OVERLAP


def _grams(text: str, n: int = 4) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < n:
        return {" ".join(words)} if len(words) >= 3 else set()
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def origins(reports: Sequence[Mention], sources: Sources) -> dict[str, str]:
    """reports of one fact + who is independent -> {origin key: name}: the distinct sources
    the reports come from, copied sentences relaying the report they copy."""
    keys = [_own_origin(r, sources) for r in reports]
    said_by_source: dict[str, tuple[str, str]] = {}
    for report, key in zip(reports, keys, strict=True):
        if key[0].startswith("said:"):
            said_by_source.setdefault(sources.of(report.article), key)
    # a source that names where it got the figure in one report relays that origin in all
    keys = [said_by_source.get(sources.of(r.article), k) if k[0].startswith("source:") else k
            for r, k in zip(reports, keys, strict=True)]
    parent = list(range(len(reports)))
    for i in range(len(reports)):
        for j in range(i):
            if copied(reports[i].text, reports[j].text):
                _union(parent, i, j)
    found: dict[str, str] = {}
    for i in range(len(reports)):
        root = _root(parent, i)
        attributed = next((keys[k] for k in range(len(reports))
                           if _root(parent, k) == root and keys[k][0].startswith("said:")), None)
        key, name = attributed or keys[root]
        found.setdefault(key, name)
    return found


def _own_origin(report: Mention, sources: Sources) -> tuple[str, str]:
    """a report -> (origin key, name) before copies are considered."""
    key = attribution_key(report.attributed_to)
    if key is not None and report.attributed_to:
        return f"said:{key}", report.attributed_to
    source = sources.of(report.article)
    return f"source:{source}", sources.name_of(report.article)


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], a: int, b: int) -> None:
    ra, rb = _root(parent, a), _root(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)
