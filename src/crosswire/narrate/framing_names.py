"""Competing names: which of several names for the same thing each source uses.

Two kinds of concept. Listed ones come from the editable table ``data/names.json`` (general
news vocabulary: "IS" / "ISIS" / "ISIL" / "Islamic State" / "Daesh"; "liberation" / "capture" /
"fall"), each variant with the surface forms that count as using it. Found ones come from the
story's own text where that is reliable: a name and its alias given together ("Syrian
Democratic Forces (SDF)" when the letters are the name's initials; "ISIS [Islamic State]", an
editor's gloss in square brackets). Spellings that differ by a letter ("Raqqa" / "Raqa") are
not joined: across a collection they are as often two people ("Philip" / "Phillip").
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).resolve().parent.parent / "data" / "names.json"
CAPS_LINE = 0.6  # a line with more than this share of capitals is a shouted headline
_TOKEN = re.compile(r"[\w’'.-]+")
_BRACKET = re.compile(r"([\[(])\s*([A-Z][\w’'-]*(?:\s+[A-Za-z][\w’'-]*){0,6})\s*[\])]")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_QUOTED = re.compile(r"“[^“”\n]{1,600}”|\"[^\"\n]{1,600}\"|(?<![\w’'])‘[^‘’\n]{1,600}’(?![\w’'])")
_JOINERS = frozenset({"of", "the", "and", "for", "al", "el", "de", "on"})


@dataclass(frozen=True)
class Concept:
    """One thing with competing names: variant -> the surface forms that count as it.
    ``found`` marks a concept found in the story's text (its forms match case-sensitively)."""

    name: str
    variants: dict[str, tuple[str, ...]]
    found: bool = False
    _exact: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _folded: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    pattern: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        for variant, forms in self.variants.items():
            for form in forms:
                if self._case_sensitive(form):
                    self._exact.setdefault(form, variant)
                else:
                    self._folded.setdefault(form.casefold(), variant)
        object.__setattr__(self, "pattern", self._compile())

    def _case_sensitive(self, form: str) -> bool:
        """-> must this form match in its own case (an acronym, or any found name)?"""
        return self.found or (form.upper() == form and any(c.isalpha() for c in form))

    def _compile(self) -> re.Pattern[str]:
        """-> one regex over every form, longest first, matching whole words only
        (case-insensitive forms scoped with (?i:...))."""
        forms = sorted({f for fs in self.variants.values() for f in fs},
                       key=lambda f: (-len(f), f))
        parts = [re.escape(f) if self._case_sensitive(f) else f"(?i:{re.escape(f)})"
                 for f in forms]
        return re.compile(r"(?<![\w’'])(?:" + "|".join(parts) + r")(?![\w’'])")

    def variant_of(self, surface: str) -> str | None:
        """a matched surface form -> its variant (None: a case-sensitive form in another case)."""
        return self._exact.get(surface) or self._folded.get(surface.casefold())

    def counts(self, text: str) -> Counter[str]:
        """text -> how often each variant is used in it (acronyms in shouted lines skipped)."""
        out: Counter[str] = Counter()
        folded = text.casefold()
        if not any(f in folded for f in self._folded) and not any(f in text for f in self._exact):
            return out  # a cheap test first: most concepts are absent from most texts
        for match in self.pattern.finditer(text):
            variant = self.variant_of(match.group())
            if variant and not (variant == match.group().upper() and _shouted(text, match.start())):
                out[variant] += 1
        return out


def _shouted(text: str, at: int) -> bool:
    """(text, offset) -> is the line holding the offset mostly capitals (a headline in caps)?"""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    letters = [c for c in text[start:end if end >= 0 else len(text)] if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > CAPS_LINE * len(letters)


def own_words(text: str) -> str:
    """text -> the same text with every quoted span blanked out (offsets kept): what the outlet
    says in its own voice, not what it quotes or holds at arm's length in scare quotes."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def load_concepts(path: Path | str | None = None) -> list[Concept]:
    """the names table (default: packaged ``data/names.json``) -> its Concepts, in order."""
    return list(_load(str(path or TABLE_PATH)))


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[Concept, ...]:
    """a table file -> its Concepts."""
    with open(path, encoding="utf-8") as handle:
        rows = json.load(handle)["concepts"]
    return tuple(Concept(r["concept"], {v: tuple(f) for v, f in r["variants"].items()})
                 for r in rows)


def initials(words: Sequence[str]) -> str:
    """name words -> the initials of its capitalised words ('Syrian Democratic Forces' -> 'SDF')."""
    return "".join(w[0] for w in words if w[:1].isupper())


def _glossed(before: str, bracket: str, inner: str) -> tuple[str, str] | None:
    """(text before a bracket, the bracket, the name inside) -> (name, alias) when the pair is a
    name and its alias: initials in round brackets either way round, any name in square ones."""
    words = _TOKEN.findall(before.rsplit("\n", 1)[-1])[-8:]
    words = [w.rstrip(".") for w in words]
    inner_words = inner.split()
    for size in range(1, len(words) + 1):
        left = words[-size:]
        if not left[0][:1].isupper() or any(
                not w[:1].isupper() and w not in _JOINERS for w in left):
            return None
        name = " ".join(left)
        if bracket == "[" and len(inner_words) >= 1:
            if _ACRONYM.fullmatch(name) or size == len(words) or not words[-size - 1][:1].isupper():
                return (name, inner)
        elif _ACRONYM.fullmatch(inner) and initials(left) == inner:
            return (name, inner)
        elif _ACRONYM.fullmatch(name) and initials(inner_words) == name:
            return (inner, name)
    return None


def bracket_pairs(text: str) -> list[tuple[str, str]]:
    """text -> (name, alias) pairs it states: 'Syrian Democratic Forces (SDF)',
    'ISIS [Islamic State]'."""
    pairs = []
    for match in _BRACKET.finditer(text):
        pair = _glossed(text[max(0, match.start() - 120):match.start()], match.group(1),
                        match.group(2))
        if pair and pair[0] != pair[1]:
            pairs.append(pair)
    return pairs


def found_concepts(texts: Sequence[str], listed: Sequence[Concept]) -> list[Concept]:
    """a story's texts + the listed concepts -> concepts found in the texts (name groups joined
    from the alias pairs), leaving out any group a listed concept already covers."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    pairs = [p for t in texts for p in bracket_pairs(t)]
    for a, b in pairs:
        parent[root(a)] = root(b)
    groups: dict[str, set[str]] = {}
    for name in parent:
        groups.setdefault(root(name), set()).add(name)
    out = []
    for names in groups.values():
        if any(_covered(n, listed) for n in names):
            continue
        ordered = sorted(names, key=lambda n: (-len(n), n))  # a tie goes to the full name
        out.append(Concept(ordered[0], {n: (n,) for n in ordered}, found=True))
    return sorted(out, key=lambda c: c.name)


def _covered(name: str, listed: Sequence[Concept]) -> bool:
    """-> is this name a whole form of some listed concept?"""
    return any(c.pattern.fullmatch(name) and c.variant_of(name) for c in listed)


@dataclass
class NameUse:
    """How a source names one concept: the variant it uses most, and its count of each."""

    term: str
    counts: dict[str, int]


def name_uses(texts: Mapping[str, Sequence[str]],
              concepts: Sequence[Concept]) -> dict[str, dict[str, NameUse]]:
    """{source: its texts} + concepts -> {source: {concept: NameUse}}: the variant each source
    uses most (ties go to the variant listed first). A listed concept is reported wherever a
    source names it; a found one only when two sources prefer different variants (only then
    do the names compete). Only a source's own words count: quoted spans are left out (see
    :func:`own_words`)."""
    chosen: dict[str, dict[str, NameUse]] = {s: {} for s in texts}
    own = {s: [own_words(t) for t in ts] for s, ts in texts.items()}
    for concept in concepts:
        order = {v: i for i, v in enumerate(concept.variants)}
        picks: dict[str, NameUse] = {}
        for source, source_texts in own.items():
            counts: Counter[str] = Counter()
            for text in source_texts:
                counts.update(concept.counts(text))
            if counts:
                ranked = sorted(counts, key=lambda v: (-counts[v], order[v]))
                picks[source] = NameUse(ranked[0], {v: counts[v] for v in ranked})
        if concept.found and len({p.term for p in picks.values()}) < 2:
            continue
        for source, use in picks.items():
            chosen[source][concept.name] = use
    return chosen


def names_used(texts: Mapping[str, Sequence[str]],
               concepts: Sequence[Concept]) -> dict[str, dict[str, str]]:
    """{source: its texts} + concepts -> {source: {concept: the variant it uses most}}, as
    :func:`name_uses` decides."""
    uses = name_uses(texts, concepts)
    return {s: {c: u.term for c, u in by_concept.items()} for s, by_concept in uses.items()}
