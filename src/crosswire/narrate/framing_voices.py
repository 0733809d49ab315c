"""Voices: who a source quotes or cites, and how often.

A voice is the speaker of a quote or the source a mention is attributed to. It counts once per
sentence it speaks in (a quote and the claim around it are one citation, not two). Names are
made one across the whole story: a proper name that is the ending of exactly one longer name
("Trump" of "Donald Trump") becomes that name; forms that differ only in case or a leading
article ("the UN", "UN") are one voice.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from crosswire.models import Reading

_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVES = frozenset({"its", "his", "her", "their", "our", "my", "your"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})


@dataclass
class Voice:
    """One voice of a source: its name, the sentences it speaks in, and its share of all the
    source's voiced sentences (0..1)."""

    name: str
    count: int
    share: float

    def to_dict(self) -> dict[str, object]:
        """-> {name, count, share}."""
        return {"name": self.name, "count": self.count, "share": self.share}


def clean_name(name: str) -> str | None:
    """a raw speaker or attribution -> the name tidied (spaces, a trailing possessive), or None
    when it is empty or a bare pronoun."""
    text = re.sub(r"\s+", " ", name).strip(" ,.:;\"“”‘’'")
    text = re.sub(r"['’]s$", "", text)
    return text if text and text.casefold() not in _PRONOUNS else None


def _key(name: str) -> tuple[str, ...]:
    """name -> its case-folded words, less a leading article before a proper name ("the UN"
    is "UN"; "the spokesman" and "a spokesman" stay apart: they may be two people)."""
    words = name.casefold().split()
    strip = len(words) > 1 and words[0] in _DETERMINERS and _proper(name)
    return tuple(words[1:] if strip else words)


def _proper(name: str) -> bool:
    """-> does the name (past a leading article) start with a capital: a proper name?"""
    words = name.split()
    first = words[1] if len(words) > 1 and words[0].casefold() in _DETERMINERS else words[0]
    return first[:1].isupper() and first.casefold() not in _POSSESSIVES


def canonical_names(counts: Counter[str]) -> dict[str, str]:
    """{name: uses} -> {name: the one name it stands for}. Forms with the same key take the most
    used form (ties: the shortest, then alphabetical); a proper name whose key ends exactly one
    chain of longer proper names takes the longest of them."""
    by_key: dict[tuple[str, ...], list[str]] = {}
    for name in counts:
        by_key.setdefault(_key(name), []).append(name)
    shown = {k: min(v, key=lambda n: (-counts[n], len(n), n)) for k, v in by_key.items()}
    proper = [k for k, n in shown.items() if _proper(n)]
    target = {k: k for k in shown}
    for key in proper:
        longer = sorted((k for k in proper if len(k) > len(key) and k[-len(key):] == key),
                        key=lambda k: (-len(k), k))
        if longer and all(k == longer[0][-len(k):] for k in longer):
            target[key] = longer[0]
    return {name: shown[target[k]] for k, names in by_key.items() for name in names}


def voiced_sentences(reading: Reading) -> set[tuple[str, int]]:
    """Reading -> {(voice name, sentence start)}: every speaker and attribution of its mentions,
    once per sentence."""
    starts = [s.start for s in reading.sentences]
    out: set[tuple[str, int]] = set()
    for mention in reading.mentions:
        at = mention.citation.start
        i = bisect.bisect_right(starts, at) - 1
        sentence = starts[i] if i >= 0 else at
        for raw in (mention.speaker, mention.attributed_to):
            name = clean_name(raw) if raw else None
            if name:
                out.add((name, sentence))
    return out


def voices(readings_by_source: Mapping[str, Sequence[Reading]]) -> dict[str, list[Voice]]:
    """{source: its articles' Readings} -> {source: its Voices, most heard first (ties by name)},
    names made one across all the sources."""
    voiced = {s: [(r.article, name, at) for r in rs for name, at in voiced_sentences(r)]
              for s, rs in readings_by_source.items()}
    names = canonical_names(Counter(name for vs in voiced.values() for _, name, _ in vs))
    out: dict[str, list[Voice]] = {}
    for source, items in voiced.items():
        counts = Counter(name for name in _distinct((a, names[n], at) for a, n, at in items))
        total = sum(counts.values())
        out[source] = [Voice(n, c, round(c / total, 3))
                       for n, c in sorted(counts.items(), key=lambda nc: (-nc[1], nc[0]))]
    return out


def _distinct(items: Iterable[tuple[str, str, int]]) -> list[str]:
    """(article, canonical name, sentence) triples -> the name of each distinct triple."""
    return [name for _, name, _ in set(items)]
