"""Every package crosswire's code imports is a declared dependency (core or an extra), not
one that only arrives through another's: a plain `pip install crosswire` has what it runs."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
from pathlib import Path

from crosswire.doctor import required_packages

SOURCE = Path(__file__).resolve().parent.parent / "src" / "crosswire"


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


def normal(name: str) -> str:
    """a distribution name -> its normalised form (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower().strip()


def test_every_imported_package_is_declared() -> None:
    providers = metadata.packages_distributions()
    wanted = {normal(n) for n in required_packages(with_extras=True)}
    undeclared = {name: providers.get(name, ["(not installed)"])
                  for name in sorted(imported_top_names())
                  if not any(normal(d) in wanted for d in providers.get(name, []))}
    assert undeclared == {}
