"""Reported values as intervals: when do two outlets' numbers agree?

"more than 3,200" is (3200, inf), "as many as 3,250" is (-inf, 3250], "around 500" is
500 ± 5 % ("about" allows a few percent), an exact figure is itself with a small tolerance
for rounding in print, and a round figure also allows what rounds to it ("3,500" holds
3,482; at most 5 %). Reports agree when their intervals share a point.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

ABOUT = 0.05  # "about", "around", "nearly": within 5 %
EXACT = 0.005  # exact figures: within 0.5 % (rounding in print), so 3,200 and 3,250 differ
ROUND_MAX = 0.05  # a round figure allows what rounds to it, at most this share either way
INF = float("inf")

Interval = tuple[float, float]


def interval(value: float | Sequence[float], qualifier: str | None) -> Interval:
    """a reported value (a number or [low, high]) + its qualifier -> the interval it allows."""
    if isinstance(value, (int, float)):
        low = high = float(value)
    else:
        low, high = sorted(float(v) for v in value)
    q = qualifier or "exact"
    if q == "about":
        return low - abs(low) * ABOUT, high + abs(high) * ABOUT
    if q in ("more_than", "at_least"):
        return low, INF
    if q in ("less_than", "at_most", "up_to"):
        return -INF, high
    return low - _slack(low), high + _slack(high)


def _slack(value: float) -> float:
    """an exact figure -> how far a report of it may lie: rounding in print, or for a round
    figure of 100 or more half its rounding step (3,500 -> 50; 20,000 -> 500), at most 5 %."""
    size = abs(value)
    slack = size * EXACT
    if size >= 100 and value == int(value):
        step = 1
        while int(size) % (step * 10) == 0:
            step *= 10
        slack = max(slack, min(step * 0.49, size * ROUND_MAX)) if step > 1 else slack
    return slack


def agree(intervals: Sequence[Interval]) -> bool:
    """intervals -> do they all share at least one point?"""
    if not intervals:
        return True
    return max(low for low, _ in intervals) <= min(high for _, high in intervals)


def describe(value: float | Sequence[float] | None, qualifier: str | None,
             unit: str | None = None) -> str:
    """a value, qualifier and unit -> how a person would write it ('more than 3,200 people')."""
    if value is None:
        return "no value"
    if isinstance(value, (int, float)):
        number = _number(float(value))
    else:
        number = "–".join(_number(float(v)) for v in value)
    words = {"about": "about ", "more_than": "more than ", "at_least": "at least ",
             "less_than": "less than ", "at_most": "at most ", "up_to": "up to "}
    text = words.get(qualifier or "exact", "") + number
    if unit == "percentage":
        return text + "%"
    return f"{text} {unit}" if unit else text


def _number(x: float) -> str:
    """12500.0 -> '12,500'; 2.5 -> '2.5'."""
    return f"{int(x):,}" if x == int(x) else f"{x:,.2f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=1)
def _measures() -> frozenset[str]:
    from crosswire.facts.units import unit_table

    table = unit_table()
    return frozenset(n.lower() for part in (table.insensitive, table.symbols, table.glued,
                                            table.prefixes) for n in part)


def is_measure(unit: str | None) -> bool:
    """a unit name -> is it a unit of measure or money (not a counted noun)?"""
    return bool(unit) and str(unit).lower() in _measures()


@cache
def unit_scale(unit: str | None) -> tuple[str, float] | None:
    """a unit name ('foot', 'kilometre per hour', 'pound-mass') -> (its dimension, the factor
    to that dimension's base unit) from pint's unit registry; None for counts, money,
    percentages, offset scales (temperatures) and names pint does not know."""
    if not unit or not is_measure(unit):
        return None
    name = unit.lower().replace(" per ", " / ").replace("pound-mass", "pound")
    registry = _registry()
    if registry is None:
        return None
    try:
        quantity = registry.Quantity(1.0, name)
        if not quantity._is_multiplicative:  # degrees Celsius/Fahrenheit: not a plain scale
            return None
        base = quantity.to_base_units()
    except Exception:  # pint raises many kinds for names it cannot read: no scale
        return None
    dimension = str(base.dimensionality)
    return (dimension, float(base.magnitude)) if dimension != "dimensionless" else None


@lru_cache(maxsize=1)
def _registry() -> Any:
    """-> pint's default unit registry (loaded once, on first use)."""
    try:
        import pint
    except ImportError:  # pragma: no cover - pint is a dependency
        return None
    return pint.UnitRegistry()


def base_interval(value: float | Sequence[float], qualifier: str | None,
                  unit: str | None) -> tuple[str | None, Interval]:
    """a reported value, qualifier and unit -> (its dimension when the unit converts, the
    interval in that dimension's base unit; else None and the interval as written)."""
    span = interval(value, qualifier)
    scale = unit_scale(unit)
    if scale is None:
        return None, span
    return scale[0], (span[0] * scale[1], span[1] * scale[1])
