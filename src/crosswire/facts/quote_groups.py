"""Quotes (and reported statements) across a story -> groups of the same words by one speaker.

Two reports join when their speakers agree and their words overlap:
- speakers: when both are known they must be the same person or body (``speakers.py``:
  "Trump" / "Donald Trump", "UN" / "United Nations"); a group never holds two different
  known speakers, so an unknown speaker cannot chain two people's words together;
- words: most of the shorter one's content words (60 %) occur in the other; when a speaker
  is unknown the overlap must hold both ways (half of the longer one's words too), so a
  short fragment does not pull in a long quote it happens to share words with;
- figures: two reports that both state figures share at least one ("Twelve people were
  killed" and "Forty people were killed" are two statements, however alike their words).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from crosswire.facts.numbers import find_numbers
from crosswire.facts.speakers import same_speaker
from crosswire.facts.subjects import terms
from crosswire.models import Mention

SHORTER_SHARE = 0.6  # of the shorter quote's content words found in the other
LONGER_SHARE = 0.5  # of the longer one's, when a speaker is unknown


def words_match(a: frozenset[str], b: frozenset[str], speakers_known: bool) -> bool:
    """content words of two reports (+ whether both speakers are known and agree) -> are they
    the same words?"""
    if not a or not b:
        return False
    shared = len(a & b)
    shorter, longer = sorted((len(a), len(b)))
    if shared < SHORTER_SHARE * shorter:
        return False
    return speakers_known or shared >= LONGER_SHARE * longer


def figures(text: str) -> frozenset[object]:
    """a report's words -> the figures they state (digits or number words; a vague
    magnitude as its range), as comparable values."""
    return frozenset(tuple(n.value) if isinstance(n.value, list) else n.value
                     for n in find_numbers(text))


def figures_agree(a: frozenset[object], b: frozenset[object]) -> bool:
    """the figures of two reports -> may they be one statement (one states none, or they
    share one)?"""
    return not a or not b or bool(a & b)


def group_quotes(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """quote (or reported statement) mentions -> groups of the same words by one speaker (a
    mention joins the group it shares most words with, among those it may join)."""
    groups: list[list[tuple[Mention, frozenset[str]]]] = []
    shortest: list[int] = []  # per group, its shortest member's number of words
    by_word: dict[str, list[int]] = {}
    for mention in mentions:
        words = terms(mention.text)
        shared = Counter(i for w in words for i in by_word.get(w, ()))
        best, best_score = None, 0
        # a match shares at least this share of the shorter one's words with the group
        for i in sorted(i for i, n in shared.items()
                        if n >= SHORTER_SHARE * min(len(words), shortest[i])):
            score = _fit(mention, words, groups[i])
            if score > best_score:
                best, best_score = i, score
        if best is None:
            groups.append([])
            shortest.append(len(words))
            best = len(groups) - 1
        groups[best].append((mention, words))
        shortest[best] = min(shortest[best], len(words))
        for word in words:
            if not by_word.get(word) or by_word[word][-1] != best:
                by_word.setdefault(word, []).append(best)
    return [[m for m, _ in group] for group in groups]


def _fit(mention: Mention, words: frozenset[str],
         group: Sequence[tuple[Mention, frozenset[str]]]) -> int:
    """a report + a group -> how many of the group's members it matches (0 when it may not
    join: another known speaker is in the group)."""
    if any(same_speaker(mention.speaker, m.speaker) is False for m, _ in group):
        return 0
    stated = figures(mention.text)
    if any(not figures_agree(stated, figures(m.text)) for m, _ in group):
        return 0
    return sum(words_match(words, other, same_speaker(mention.speaker, m.speaker) is True)
               for m, other in group)


def speaker_of(group: Sequence[Mention]) -> str | None:
    """a group -> its speaker as shown: the fullest of its most common known speakers."""
    names = Counter(m.speaker for m in group if m.speaker)
    if not names:
        return None
    top = max(names.values())
    return max((n for n, c in names.items() if c == top), key=lambda n: (len(n), n))
