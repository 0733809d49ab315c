"""The unit table (``units.json``) and matchers for units written after a number and
currencies written before it.

``unit_after(text, pos)`` -> the unit that starts at ``pos`` (after optional space or hyphen);
``currency_before(text, pos)`` -> the currency symbol or code that ends at ``pos``;
``dimension_of(unit)`` -> the kind of thing a unit measures ("money", "length", "count", ...).
Normalised names follow NewsQuant: "percentage", "kilometre", "dollar", "pound sterling".
Beyond the hand-made entries the table holds quantulum3's unit lexicon (see its ``_comment``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("units.json")

TIME_UNITS = frozenset(
    {"second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade", "century"}
)


@dataclass(frozen=True)
class UnitMatch:
    """A unit found in the text: normalised ``name`` and the surface span [start, end)."""

    name: str
    start: int
    end: int
    currency: bool = False


def _alternation(forms: list[str]) -> str:
    """surface forms -> regex alternation, longest first, spaces matching any whitespace."""
    ordered = sorted(set(forms), key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)


def _named_regex(table: dict[str, list[str]], flags: int, tail: str) -> re.Pattern[str]:
    """{name: forms} -> one regex whose match text maps back to the name via lookup."""
    forms = [f for group in table.values() for f in group]
    return re.compile(rf"(?:{_alternation(forms)}){tail}", flags)


class UnitTable:
    """The loaded unit table with compiled matchers (build once, via ``unit_table()``)."""

    def __init__(self, data: dict[str, dict[str, list[str]]], dimensions: dict[str, str]) -> None:
        self.insensitive = {**data["units"], **data["currency_suffix"]}
        self.currency_names = set(data["currency_suffix"]) | set(data["currency_prefix"])
        self.symbols = data["symbols"]
        self.glued = data["glued"]
        self.prefixes = data["currency_prefix"]
        self.dimensions: dict[str, str] = dimensions
        self._lookup_i = {f.lower(): n for n, fs in self.insensitive.items() for f in fs}
        self._lookup_s = {f: n for n, fs in {**self.symbols, **self.glued}.items() for f in fs}
        self._prefix_lookup = {f: n for n, fs in self.prefixes.items() for f in fs}
        end = r"(?![A-Za-z0-9])"
        self.unit_i = _named_regex(self.insensitive, re.IGNORECASE, end)
        self.unit_s = _named_regex(self.symbols, 0, r"(?![A-Za-z0-9]|[-‑]\d)")  # not 'F-150
        self.unit_g = _named_regex(self.glued, 0, end)
        prefix_forms = [f for fs in self.prefixes.values() for f in fs]
        self.prefix_re = re.compile(rf"(?:{_alternation(prefix_forms)})\s?$")

    def name_of(self, surface: str, case_sensitive: bool) -> str | None:
        """surface form -> normalised unit name, or None."""
        if case_sensitive:
            return self._lookup_s.get(surface)
        return self._lookup_i.get(re.sub(r"\s+", " ", surface.lower()))

    def prefix_name(self, surface: str) -> str | None:
        """currency prefix as written ('US$', '£') -> normalised currency name, or None."""
        return self._prefix_lookup.get(surface.strip())


    def dimension(self, name: str) -> str | None:
        """normalised unit name -> its dimension, or None when the table does not know it."""
        return self.dimensions.get(name)


@lru_cache(maxsize=1)
def unit_table() -> UnitTable:
    """() -> the unit table, loaded once per process."""
    with TABLE_PATH.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return UnitTable(data, data.pop("dimensions"))


_GAP = re.compile(r"[ \t]?-?[ \t]?")


def unit_after(text: str, pos: int, allow_gap: bool = True) -> UnitMatch | None:
    """text, position after a number -> the unit written there (longest form wins), or None.

    A space or hyphen may separate number and unit ("5-mpg", "6.1-inch"); symbols written
    against the number only ("5G") need no gap.
    """
    table = unit_table()
    gap = _GAP.match(text, pos) if allow_gap else None
    start = gap.end() if gap else pos
    best: UnitMatch | None = None
    for regex, sensitive in ((table.unit_s, True), (table.unit_i, False)):
        found = regex.match(text, start)
        if found and (best is None or found.end() > best.end):
            name = table.name_of(found.group(0), sensitive)
            if name is not None:
                best = UnitMatch(name, start, found.end(), name in table.currency_names)
    if best is None and start == pos:
        glued = table.unit_g.match(text, pos)
        if glued:
            name = table.name_of(glued.group(0), True)
            if name is not None:
                best = UnitMatch(name, pos, glued.end())
    return best


def currency_before(text: str, pos: int) -> UnitMatch | None:
    """text, position where a number starts -> the currency prefix that ends there, or None.

    Letter codes ("USD", "RM") must not be the tail of a longer word.
    """
    table = unit_table()
    window_start = max(0, pos - 8)
    found = table.prefix_re.search(text, window_start, pos)
    if found is None:
        return None
    surface = found.group(0).strip()
    begin = found.start()
    if surface[0].isalpha() and begin > 0 and text[begin - 1].isalpha():
        return None
    name = table.prefix_name(surface)
    return None if name is None else UnitMatch(name, begin, pos, True)


def dimension_of(unit: str | None) -> str:
    """normalised unit -> what kind of thing it measures: a table unit's dimension ("money",
    "length", "percentage", "age", "time", "speed", ...); "rate" for another 'X per Y'; "count"
    for no unit or a counted noun ("people", "guard": compare those by what they count)."""
    if unit is None:
        return "count"
    table = unit_table()
    known = table.dimension(unit)
    if known is not None:
        return known
    if " per " in unit:
        return "rate"
    return "count"
