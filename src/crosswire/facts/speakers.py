"""Speakers across articles: is "Trump" in one article "US President Donald Trump" in another?

A speaker is a name or a role as an article gives it ("Donald Trump", "the observatory",
"police", "U.N."). Three functions compare them without a parse:

- ``speaker_key(name)`` -> a normalised identity key: titles and determiners stripped
  ("US President Donald Trump" -> "donald trump"), middle initials and generational suffixes
  dropped ("Robert J. Pickell" -> "robert pickell"), an organisation keyed by its initials
  ("United Nations", "U.N." and "UN" -> "un");
- ``same_speaker(a, b)`` -> True or False when both are known, None when either is unknown.
  A name is the same speaker as a shorter form of it ("Trump" / "Donald Trump", "the
  observatory" / "Syrian Observatory for Human Rights", "police" / "Troy police"), but two full
  names that differ are two people even when the surname is shared ("Robert Buckley" / "Bill
  Buckley");
- ``canonical_names(names)`` -> every name of a story mapped to one display name, the fullest
  form of the person or body; a short form that fits two different full names stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from crosswire.facts.lexicon import ORG_WORDS, PERSON_TITLES

_TOKEN = re.compile(r"[^\s,;:()]+")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_FUNCTION_WORDS = frozenset({"of", "for", "and", "the", "on", "in", "at", "to", "&"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_FIRST_NAME_PREFIX = 3  # "Rob" / "Robert": a first name matches a longer one it begins
_TRANSLITERATION_MIN = 5  # "Yiannis" / "Giannis": one letter apart in names this long


@dataclass(frozen=True)
class _Name:
    """A speaker string taken apart: its words (lower case, no dots), whether it reads as a
    person's name, as an organisation, and its key."""

    words: tuple[str, ...]
    person: bool
    organisation: bool
    key: str
    display: str


def _clean(word: str) -> str:
    """'U.S.' -> 'us', "Trump's" -> 'trump' (dots, possessives and edge quotes removed)."""
    word = word.strip("\"'“”‘’")
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word.replace(".", "").lower()


_SPACED_INITIALS = re.compile(r"\b((?:[A-Z]\. ){1,3}[A-Z]\.)")


def _tokens(name: str) -> list[str]:
    """speaker string -> its tokens: spaced initials joined ("U. S." -> "U.S."), hyphenated
    words split ("SKY-TV" -> "SKY", "TV")."""
    name = _SPACED_INITIALS.sub(lambda m: m.group(1).replace(" ", ""), name)
    return [part for t in _TOKEN.findall(name) for part in t.split("-") if _clean(part)]


@lru_cache(maxsize=4096)
def _parse(name: str) -> _Name | None:
    """speaker string -> _Name, or None when nothing of a name is left."""
    raw = _tokens(name)
    while raw and _clean(raw[0]) in _DETERMINERS:
        raw = raw[1:]
    if not raw:
        return None
    person_tokens = _after_titles(raw)
    if person_tokens is not None:
        words = _person_words(person_tokens)
        return _Name(words, True, False, " ".join(words), " ".join(person_tokens))
    if _looks_like_person(raw):
        words = _person_words(raw)
        return _Name(words, True, False, " ".join(words), " ".join(raw))
    words = tuple(_clean(t) for t in raw)
    organisation = _is_acronym(raw) or any(w in ORG_WORDS for w in words)
    key = _initials(raw) if organisation else " ".join(words)
    return _Name(words, False, organisation, key, " ".join(raw))


def _after_titles(raw: Sequence[str]) -> list[str] | None:
    """tokens -> the personal name after the last title word ("Troy Police Chief Charles Craft"
    -> Charles Craft), or None when no title is followed by capitalised non-organisation
    words only."""
    last = max((i for i, t in enumerate(raw) if _clean(t) in PERSON_TITLES), default=-1)
    rest = list(raw[last + 1 :])
    if last < 0 or not rest:
        return None
    if all(t[:1].isupper() and _clean(t) not in ORG_WORDS for t in rest):
        return rest
    return None


def _looks_like_person(raw: Sequence[str]) -> bool:
    """Untitled tokens -> True for two to four capitalised words with no organisation word
    ("Donald Trump", "Robert J. Pickell")."""
    capitalised = all(t[:1].isupper() for t in raw)
    return capitalised and 2 <= len(raw) <= 4 and not any(_clean(t) in ORG_WORDS for t in raw)


def _person_words(tokens: Sequence[str]) -> tuple[str, ...]:
    """name tokens -> its words without middle initials and generational suffixes."""
    words = [_clean(t) for t in tokens]
    words = [w for w in words if w not in _SUFFIXES] or words
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    return tuple(words)


def _is_acronym(raw: Sequence[str]) -> bool:
    """tokens -> True for one upper-case abbreviation of 2-6 letters ("UN", "U.N.", "SDF")."""
    if len(raw) != 1:
        return False
    letters = raw[0].replace(".", "")
    return letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 6


def _initials(raw: Sequence[str]) -> str:
    """organisation tokens -> its initials ("United Nations" -> "un"), the acronym itself for
    one abbreviation, or its words when it has fewer than two capitalised content words."""
    if _is_acronym(raw):
        return _clean(raw[0])
    content = [t for t in raw if _clean(t) not in _FUNCTION_WORDS]
    if len(content) >= 2 and all(t[:1].isupper() for t in content):
        return "".join(_clean(t)[0] for t in content)
    return " ".join(_clean(t) for t in raw)


def speaker_key(name: str | None) -> str | None:
    """speaker as written -> its normalised identity key, or None for no name."""
    parsed = _parse(name.strip()) if name else None
    return parsed.key if parsed is not None else None


@lru_cache(maxsize=65536)
def same_speaker(a: str | None, b: str | None) -> bool | None:
    """Two speakers -> True when they can be the same person or body, False when they cannot,
    None when either is unknown (remembered per pair: a story repeats a few names often)."""
    pa = _parse(a.strip()) if a else None
    pb = _parse(b.strip()) if b else None
    if pa is None or pb is None:
        return None
    return _compatible(pa, pb)


def _compatible(a: _Name, b: _Name) -> bool:
    """Two parsed names -> can they be one speaker?"""
    if a.key == b.key:
        return True
    if a.person and b.person:
        return _same_person(a.words, b.words)
    short, long = sorted((a, b), key=lambda n: len(n.words))
    if _initials_match(short, long):
        return True
    return set(short.words) <= set(long.words)


def _initials_match(short: _Name, long: _Name) -> bool:
    """An abbreviation and a name -> True when the abbreviation is the name's initials."""
    return len(short.words) == 1 and long.organisation and short.key == long.key


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two personal names -> True when one is a shorter form of the other: same surname and,
    when both give first names, first names that agree ("Rob" fits "Robert")."""
    if len(a) == 1 or len(b) == 1:
        one, full = (a, b) if len(a) == 1 else (b, a)
        return one[0] in (full[0], full[-1])  # "Buckley" or "Charlie" / "Charlie Kafoury"
    return a[-1] == b[-1] and _first_names_agree(a[0], b[0])


def _first_names_agree(a: str, b: str) -> bool:
    """Two first names -> True when equal, when one begins the other ("Rob" / "Robert"), or
    when they are one transliteration apart ("Giannis" / "Yiannis", "Karolos" / "Carolos")."""
    short, long = sorted((a, b), key=len)
    if short == long or (len(short) >= _FIRST_NAME_PREFIX and long.startswith(short)):
        return True
    differ = sum(1 for x, y in zip(a, b, strict=False) if x != y)
    return len(a) == len(b) >= _TRANSLITERATION_MIN and differ == 1


def canonical_names(names: Sequence[str]) -> dict[str, str]:
    """every speaker name of a story -> its display name: the fullest compatible form, unless
    the name fits two fuller forms that are not the same speaker (then it stays as it is)."""
    parsed = {n: _parse(n.strip()) for n in dict.fromkeys(names) if n and n.strip()}
    known = {n: p for n, p in parsed.items() if p is not None}
    out: dict[str, str] = {}
    for name, mine in known.items():
        fuller = [p for p in known.values() if _fuller(p, mine) and _compatible(p, mine)]
        best = max(fuller, key=_fullness, default=None)
        if best is None or not all(_compatible(best, p) for p in fuller):
            out[name] = name  # fits two different fuller forms: not guessed
        elif best == mine and not mine.person:
            out[name] = name  # a role or body with no fuller form keeps its wording
        else:
            out[name] = best.display
    for name in parsed:
        out.setdefault(name, name)
    return out


def _fuller(candidate: _Name, mine: _Name) -> bool:
    """Is ``candidate`` at least as full a form as ``mine``?"""
    return _fullness(candidate) >= _fullness(mine)


def _fullness(name: _Name) -> tuple[int, int, int, str]:
    """name -> sort key of how full it is: a person's or an organisation's name beats a role;
    more words beat fewer; then the longer text; then alphabetical for a stable choice."""
    named = int(name.person or name.organisation)
    return named, len(name.words), len(name.display), name.display
