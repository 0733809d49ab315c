"""State the runner keeps between runs in files (the stories stage's online state, the
collection's term counts), signed so that nothing is loaded that the database's own users
could not have written.

The files live in the ``state_dir`` setting (never beside the database, so a database handed
over carries none), named by a digest of the database's path or URL. Each is
``HMAC-SHA256(key, body) + body``, the key being the database's secret
(``Store.state_key``): a file planted in ``state_dir`` by someone who cannot read the
database does not verify and is ignored (the run replays), never unpickled. Files are
private (0600), and so is the folder when crosswire makes it (0700). Its state files nobody
wrote for :data:`UNUSED_DAYS` (their database gone or idle: keeping them only saves one
replay) and partial files of writers that died are removed whenever a state is saved, so the
folder does not grow forever; nothing else in it is touched.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import pickle
import re
import time
from pathlib import Path
from typing import Any

from crosswire.config import Settings
from crosswire.store import Store

log = logging.getLogger(__name__)
DIGEST = hashlib.sha256().digest_size
UNUSED_DAYS = 30
OURS = re.compile(r"(?:stories|terms)-[0-9a-f]{24}\.pickle(\.\d+\.partial)?")


def state_file(store: Store, settings: Settings, kind: str) -> Path | None:
    """(store, settings, what is kept) -> its file in ``state_dir``, named by a digest of the
    database's path or URL; None for a database in memory."""
    if store.path in ("", ":memory:"):
        return None
    where = store.path if "://" in store.path else str(Path(store.path).expanduser().resolve())
    name = hashlib.sha1(where.encode("utf-8")).hexdigest()[:24]
    return Path(settings.state_dir).expanduser() / f"{kind}-{name}.pickle"


def load_signed(path: Path | None, key: bytes) -> Any:
    """(a state file, the database's key) -> the object it holds, or None when there is no
    file or its signature does not verify (logged: it was not written for this database)."""
    if path is None:
        return None
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("state file %s unreadable (%s): replaying instead", path, exc)
        return None
    signature, body = blob[:DIGEST], blob[DIGEST:]
    if not hmac.compare_digest(signature, hmac.new(key, body, hashlib.sha256).digest()):
        log.warning("state file %s is not signed by this database: ignored", path)
        return None
    try:
        return pickle.loads(body)  # signed with this database's secret
    except Exception as exc:  # written by another version: only a lost shortcut
        log.info("state file %s not readable by this version (%r): replaying", path, exc)
        return None


def save_signed(path: Path | None, key: bytes, value: Any) -> None:
    """(a state file, the database's key, an object) -> written whole and signed (a private
    temporary file renamed over the old one)."""
    if path is None:
        return
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(hmac.new(key, body, hashlib.sha256).digest())
        out.write(body)
    os.replace(partial, path)
    prune(path.parent)


def prune(folder: Path, now: float | None = None) -> list[Path]:
    """the state folder -> crosswire's state files untouched for UNUSED_DAYS and its partial
    files older than an hour removed (nothing else in the folder is touched); -> those
    removed."""
    now = time.time() if now is None else now
    removed = []
    for path in folder.iterdir():
        kind = OURS.fullmatch(path.name)
        try:
            age = now - path.stat().st_mtime
        except FileNotFoundError:  # pruned by another process meanwhile
            continue
        if kind and age > (3600 if kind.group(1) else UNUSED_DAYS * 86400):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
