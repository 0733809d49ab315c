"""One JSON Lines object -> the parts of a Document, each field checked for its type.

A field of the wrong type is never coerced into a string ("id": ["a", "b"] is not "a, b"):

- `id`: a string or an integer; else the record is skipped, the reason naming the field and
  the type it has;
- `text`, `body`, `html`: a string; else the record is skipped, likewise;
- `url`: a string; else left out, with a warning (the record is then keyed by its number);
- `headline`/`title`, `published`/`date`: a string; else left out, with a warning;
- `outlet`/`source`/`publisher`: a string, or an object with a string `name`; else left out;
- `byline`/`author`: a string, `{"name": ...}`, or a list of those (joined with "; ", so
  each stays one of the article's authors); else left out.

`null` and empty strings are as if the field were absent. Identity and body decide what the
record is, so a wrong type there loses the record with a reason; a metadata field of the wrong
type is only a missing hint (a numeric `published` is not guessed to be seconds or
milliseconds since 1970). :class:`Dropped` counts the fields left out, for one warning per
field and type at the end of the file.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from crosswire.models import Hint
from crosswire.readers.base import printable
from crosswire.readers.decode import clean_text

log = logging.getLogger(__name__)

# Document hint key -> the record fields that can give it, in order of preference.
HINT_FIELDS: dict[str, tuple[str, ...]] = {
    "headline": ("headline", "title"),
    "published": ("published", "date"),
    "outlet": ("outlet", "source", "publisher"),
    "byline": ("byline", "author"),
}
CONTENT_FIELDS: tuple[tuple[str, str], ...] = (("text", "text"), ("body", "text"), ("html", "html"))
# What each hint key accepts besides a string, in words for the warnings.
NAMED_OBJECT = ("outlet", "byline")
EXPECTED = {
    "headline": "a string",
    "published": "a string",
    "outlet": "a string or an object with a string 'name'",
    "byline": "a string, an object with a string 'name', or a list of those",
}


def json_type(value: Any) -> str:
    """A parsed JSON value -> its type in words ('a string', 'a list', 'true/false'...)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


def _absent(value: Any) -> bool:
    """-> whether a field value counts as absent: missing, null, or a blank string."""
    return value is None or (isinstance(value, str) and not value.strip())


def _line(value: str) -> str | None:
    """A string field -> its text cleaned to one stripped string, or None when blank."""
    text = clean_text(value).strip()
    return text or None


@dataclass
class Dropped:
    """Metadata fields left out of a file's records for their type: (field, type) -> count,
    and the first lines where it happened."""

    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    lines: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)

    def add(self, name: str, value: Any, expected: str, line: int) -> None:
        """Note that field ``name`` (holding ``value``) was left out of the record on ``line``."""
        key = (name, json_type(value), expected)
        self.counts[key] += 1
        self.lines.setdefault(key, [])
        if len(self.lines[key]) < 5:
            self.lines[key].append(line)

    def warn(self, path: str) -> None:
        """Log one warning per field and type left out of the file ``path``."""
        for (name, kind, expected), count in self.counts.items():
            where = ", ".join(map(str, self.lines[(name, kind, expected)]))
            more = ", ..." if count > len(self.lines[(name, kind, expected)]) else ""
            log.warning("%s: JSON Lines field '%s' must be %s, not %s: left out of %d "
                        "record(s) (line %s%s)", printable(path), name, expected, kind, count,
                        where, more)


def record_id(record: dict[str, Any]) -> str | None:
    """A JSON object -> its 'id' as text (an integer written out), or None when absent.

    Raises ValueError naming the field and the type when 'id' is of another type."""
    value = record.get("id")
    if _absent(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return _line(value)
    raise ValueError(f"field 'id' must be a string or an integer, not {json_type(value)}")


def record_content(record: dict[str, Any]) -> tuple[str, str] | None:
    """A JSON object -> (content, media) from its first text/body/html field that is not
    blank once control characters are removed, or None when it has none. Raises ValueError
    naming the field when one is of another type."""
    for name, _ in CONTENT_FIELDS:
        value = record.get(name)
        if not _absent(value) and not isinstance(value, str):
            raise ValueError(f"field '{name}' must be a string, not {json_type(value)}")
    for name, media in CONTENT_FIELDS:
        value = record.get(name)
        text = clean_text(value) if isinstance(value, str) else ""
        if text.strip():  # only NULs or control characters is no text either
            return text, media
    return None


def record_url(record: dict[str, Any], dropped: Dropped, line: int) -> str | None:
    """A JSON object -> its 'url' stripped, or None (absent, or of another type: noted)."""
    value = record.get("url")
    if _absent(value):
        return None
    if not isinstance(value, str):
        dropped.add("url", value, "a string", line)
        return None
    return value.strip()


def _name_of(value: Any) -> str | None:
    """A string, or an object with a string 'name' -> that text; None for anything else."""
    if isinstance(value, dict):
        value = value.get("name")
    return _line(value) if isinstance(value, str) else None


def _hint_value(key: str, value: Any) -> str | None:
    """(hint key, a field's value, not absent) -> its text, or None when the type does not
    fit the key (see the module docstring)."""
    if isinstance(value, str):
        return _line(value)
    if key in NAMED_OBJECT and isinstance(value, dict):
        return _name_of(value)
    if key == "byline" and isinstance(value, list):
        given = [item for item in value if not _absent(item)]  # null, blank: absent
        names = [_name_of(item) for item in given]
        if names and all(names):
            return "; ".join(n for n in names if n)
    return None


def record_hints(record: dict[str, Any], dropped: Dropped | None = None, line: int = 0
                 ) -> dict[str, Hint]:
    """A JSON object -> {hint key: Hint(value, "JSON Lines field '<field>'")}; a field of the
    wrong type is left out (and noted in ``dropped``), and the next field for the key tried."""
    hints: dict[str, Hint] = {}
    for key, names in HINT_FIELDS.items():
        for name in names:
            value = record.get(name)
            if _absent(value):
                continue
            text = _hint_value(key, value)
            if isinstance(value, str) and not text:
                continue  # only control characters: nothing to say
            if text:
                hints[key] = Hint(text, f"JSON Lines field '{name}'")
                break
            if dropped is not None:
                dropped.add(name, value, EXPECTED[key], line)
    return hints
