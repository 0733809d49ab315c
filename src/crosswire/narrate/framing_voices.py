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
from typing import Any

from crosswire.models import Reading

_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVES = frozenset({"its", "his", "her", "their", "our", "my", "your"})
_TITLES = frozenset({
    "dr", "mr", "mrs", "ms", "prof", "professor", "sir", "dame", "lord", "lady", "president",
    "vice", "prime", "minister", "secretary", "director", "general", "gen", "col", "colonel",
    "lt", "sgt", "capt", "captain", "maj", "major", "brig", "adm", "admiral", "sen", "senator",
    "rep", "gov", "governor", "mayor", "king", "queen", "prince", "princess", "chancellor",
    "chief", "commissioner", "ambassador", "judge", "justice", "sheikh", "pope", "cardinal",
    "rev", "father", "spokesman", "spokeswoman", "spokesperson", "ceo", "chairman", "chair"})
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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Voice:
        """:meth:`to_dict` output -> Voice."""
        return cls(data["name"], data["count"], data["share"])


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


def _qualifier(word: str) -> bool:
    """-> is this word a title or a possessive before a name ('Dr', 'President', "CDC's"),
    not a given name?"""
    return word.rstrip(".") in _TITLES or word.endswith(("'s", "’s"))


def _extensions(key: tuple[str, ...], by_last: dict[str, list[tuple[str, ...]]]
                ) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """a proper name's key -> (longer names ending with it whose next word is a given name,
    those whose next word is a title or possessive)."""
    longer = [k for k in by_last.get(key[-1], ()) if len(k) > len(key) and k[-len(key):] == key]
    given = [k for k in longer if not _qualifier(k[-len(key) - 1])]
    return given, [k for k in longer if _qualifier(k[-len(key) - 1])]


def canonical_names(counts: Counter[str]) -> dict[str, str]:
    """{name: uses} -> {name: the one name it stands for}. Forms with the same key take the most
    used form (ties: the shortest, then alphabetical). A proper name joins the longer proper
    names that end with it when they all go on with the same given name ("Trump" -> "Donald
    Trump", not when "Eric Trump" is there too), step by step; a longer name that only adds a
    title or a possessive ("Dr Fukuda", "CDC's Besser") joins wherever its shorter name goes.
    A joined group is shown by its shortest full name ("Donald Trump", not "President Donald
    Trump")."""
    by_key: dict[tuple[str, ...], list[str]] = {}
    for name in counts:
        by_key.setdefault(_key(name), []).append(name)
    shown = {k: min(v, key=lambda n: (-counts[n], len(n), n)) for k, v in by_key.items()}
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for k, n in shown.items():
        if k and _proper(n):
            by_last.setdefault(k[-1], []).append(k)
    target = {k: k for k in shown}
    for key in sorted(shown, key=lambda k: (-len(k), k)):
        if not key or not _proper(shown[key]):
            continue
        given, titled = _extensions(key, by_last)
        if len({k[-len(key) - 1] for k in given}) == 1:
            target[key] = target[min(given, key=lambda k: (len(k), k))]
        if len({k[-len(key) - 1] for k in given}) <= 1:
            for k in titled:
                if target[k] == k:
                    target[k] = target[key]
    return _labelled(target, shown, by_key)


def _labelled(target: dict[tuple[str, ...], tuple[str, ...]], shown: dict[tuple[str, ...], str],
              by_key: dict[tuple[str, ...], list[str]]) -> dict[str, str]:
    """(key -> the key it joins, the form shown per key, key -> its forms) -> {form: the label
    of its group: its shortest member of two words or more with no title in front}."""
    members: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key in target:
        end = target[key]
        while target[end] != end:
            end = target[end]
        members.setdefault(end, []).append(key)
    label = {}
    for ks in members.values():
        best = min(ks, key=lambda k: (len(k) < 2, bool(k) and _qualifier(k[0]), len(k), k))
        label.update({k: best for k in ks})
    return {name: shown[label[k]] for k, names in by_key.items() for name in names}


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
