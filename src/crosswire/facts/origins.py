"""Where a report's content comes from: its origin.

A report attributed to someone ("police said", a quote's speaker) comes from that source,
whichever outlet prints it; a report stated on an outlet's own authority comes from the
outlet (one source: see ``stories/sources.py``). Exceptions: a sentence that
reproduces another report's sentence nearly word for word relays that report's origin (a
paragraph lifted from the wire, a press release printed as sent); a source that names where
it got the figure in one of its reports relays that origin in the others too. Origins are
what independence is counted in: two outlets relaying the same ministry are one origin.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crosswire.facts.speakers import canonical_names, speaker_key
from crosswire.models import Mention
from crosswire.stories.dedupe import containment, join, root_of
from crosswire.stories.sources import Sources

COPY_OVERLAP = 0.5  # share of the shorter sentence's word 4-grams found in the other
_WORD = re.compile(r"\w+")


def attribution_keys(names: Sequence[str]) -> dict[str, str]:
    """sources as written in one fact's reports -> {name: key}, two spellings of one person
    or body sharing a key ("Trump" / "US President Donald Trump"; "UN" / "United Nations")."""
    canonical = canonical_names(list(dict.fromkeys(names)))
    return {n: speaker_key(canonical.get(n, n)) or canonical.get(n, n).casefold()
            for n in names}


def copied(a: str, b: str) -> bool:
    """two sentences -> does one reproduce the other nearly word for word?"""
    return containment(_grams(a), _grams(b)) >= COPY_OVERLAP


def _grams(text: str, n: int = 4) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < n:
        return {" ".join(words)} if len(words) >= 3 else set()
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def origins(reports: Sequence[Mention], sources: Sources) -> dict[str, str]:
    """reports of one fact + who is independent -> {origin key: name}: the distinct sources
    the reports come from, copied sentences relaying the report they copy."""
    said = attribution_keys([r.attributed_to for r in reports if r.attributed_to])
    keys = [_own_origin(r, sources, said) for r in reports]
    said_by_source: dict[str, tuple[str, str]] = {}
    for report, own in zip(reports, keys, strict=True):
        if own[0].startswith("said:"):
            said_by_source.setdefault(sources.of(report.article), own)
    # a source that names where it got the figure in one report relays that origin in all
    keys = [said_by_source.get(sources.of(r.article), k) if k[0].startswith("source:") else k
            for r, k in zip(reports, keys, strict=True)]
    order = {i: i for i in range(len(reports))}
    parent = dict(order)
    grams = [_grams(r.text) for r in reports]
    for i in range(len(reports)):
        for j in range(i):
            if containment(grams[i], grams[j]) >= COPY_OVERLAP:
                join(parent, order, i, j)
    roots = [root_of(parent, i) for i in range(len(reports))]
    attributed: dict[int, tuple[str, str]] = {}
    for root, own in zip(roots, keys, strict=True):
        if own[0].startswith("said:"):
            attributed.setdefault(root, own)
    found: dict[str, str] = {}
    for root in roots:
        key, name = attributed.get(root) or keys[root]
        found.setdefault(key, name)
    return found


def _own_origin(report: Mention, sources: Sources,
                said: dict[str, str]) -> tuple[str, str]:
    """a report (+ the keys of the fact's attributed sources) -> (origin key, name) before
    copies are considered."""
    if report.attributed_to:
        return f"said:{said[report.attributed_to]}", report.attributed_to
    source = sources.of(report.article)
    return f"source:{source}", sources.name_of(report.article)
