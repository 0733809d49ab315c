"""Every package crosswire's code imports is a declared dependency (core or an extra), not
one that only arrives through another's: a plain `pip install crosswire` has what it runs."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "crosswire"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[([^\]]*)\])?")


def imported_top_names() -> set[str]:
    """-> the top-level names of every module the package imports, stdlib and itself left
    out."""
    names: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"crosswire"}


def declared() -> set[str]:
    """-> normalised names of the distributions crosswire requires, extras included (and the
    extras a requirement asks of another: dask[distributed])."""
    out = set()
    for requirement in metadata.requires("crosswire") or []:
        match = NAME.match(requirement.strip())
        if match:
            out.add(normal(match.group(0).split("[")[0]))
            out.update(normal(e) for e in (match.group(1) or "").split(",") if e.strip())
    return out


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().strip()


def test_every_imported_package_is_declared() -> None:
    providers = metadata.packages_distributions()
    wanted = declared()
    undeclared = {name: providers.get(name, ["(not installed)"])
                  for name in sorted(imported_top_names())
                  if not any(normal(d) in wanted for d in providers.get(name, []))}
    assert undeclared == {}
