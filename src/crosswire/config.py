"""Every setting in one table: name, default, help.

The table is the :class:`Settings` dataclass: each field carries its default and its help text.
Values come from the defaults, then environment variables named ``CROSSWIRE_<NAME>``, then
keyword overrides given by the caller (the CLI's flags).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """The settings table. ``crosswire settings`` prints it."""

    db: str = _setting("crosswire.db", "Store: a SQLite file path.")
    max_bytes: int = _setting(20_000_000, "Inputs larger than this many bytes are skipped.")
    batch_size: int = _setting(200, "Records written to the store per transaction.")
    repeat_min_docs: int = _setting(
        3, "A line seen in at least this many documents of a batch is page furniture evidence."
    )
    boilerplate_threshold: float = _setting(
        0.5, "Cleaner: a line whose body probability is below this is removed as boilerplate."
    )
    trust_record_text: bool = _setting(
        True, "A JSON Lines record's text/body field is taken as the article body as it is; "
        "false runs it through the boilerplate line classifier like scraped text."
    )
    report: str = _setting("crosswire-report.html", "Where `crosswire run` writes its report.")


def settings_table() -> list[tuple[str, Any, str]]:
    """-> [(name, default, help)] for every setting, in table order."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(Settings)]


def _coerce(value: str, like: Any) -> Any:
    """Environment string -> the type of the default."""
    if isinstance(like, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return type(like)(value)


def load_settings(**overrides: Any) -> Settings:
    """defaults + CROSSWIRE_* environment + non-None overrides -> Settings."""
    values: dict[str, Any] = {}
    for f in fields(Settings):
        env = os.environ.get(f"CROSSWIRE_{f.name.upper()}")
        if env is not None:
            values[f.name] = _coerce(env, f.default)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
