"""The README's commands are the CLI's: every `crosswire COMMAND` it shows exists, and every
command the CLI has is shown (docs checked by tests)."""

from __future__ import annotations

import re
from pathlib import Path

from crosswire.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
SHOWN = re.compile(r"^(?:\.venv/bin/)?crosswire ([a-z][a-z-]*)(?=\s|$)", re.MULTILINE)


def test_every_command_the_readme_shows_exists_and_every_command_is_shown() -> None:
    blocks = BLOCK.findall(README.read_text(encoding="utf-8"))
    shown = {name for block in blocks for name in SHOWN.findall(block)}
    assert shown - set(cli.commands) == set()
    assert set(cli.commands) - shown == set()
