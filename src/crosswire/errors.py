"""The few exceptions crosswire raises on purpose; cli.py and web turn them into messages.

Exit codes follow DESIGN.md: 0 done, 1 done with items skipped under --strict,
2 usage error, 3 nothing could be processed.
"""

from __future__ import annotations


class CrosswireError(Exception):
    """Base class: an error a user can act on. ``exit_code`` is what the CLI exits with."""

    exit_code = 3
    after_output = False  # True: stdout already holds the result; the message goes to stderr

    def __init__(self, message: str, after_output: bool | None = None) -> None:
        super().__init__(message)
        if after_output is not None:
            self.after_output = after_output


class UsageError(CrosswireError):
    """The command was asked something that cannot be done (bad id, bad date, bad flag)."""

    exit_code = 2


class NotFound(UsageError):
    """A named article, story or file does not exist."""


class ReadError(CrosswireError):
    """One input item cannot be read (binary, empty, too large, undecodable, malformed).

    Readers raise it for a whole file; the ingest loop turns it into a per-item skip.
    """


class NothingProcessed(CrosswireError):
    """Every input item was skipped."""

    exit_code = 3


class SkippedUnderStrict(CrosswireError):
    """Some items were skipped and --strict was given. The work is done and its result already
    printed, so the message goes to stderr even under --json."""

    exit_code = 1
    after_output = True
