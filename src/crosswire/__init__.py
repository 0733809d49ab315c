"""crosswire: cross-check news stories across outlets.

The Python API mirrors the CLI (see README.md)::

    import crosswire
    counts = crosswire.ingest(["samples/raqqa"], db="crosswire.db")
    article = crosswire.extract("samples/raqqa/002_29db2200959aca4a.txt")[0]
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {"ingest", "extract", "reprocess", "get_article", "delete", "open_store"}


def __getattr__(name: str) -> Any:
    """Load the API lazily, so that `crosswire --version` stays fast."""
    if name in _API:
        from crosswire import api, store

        return getattr(api, name, None) or getattr(store, name)
    raise AttributeError(name)
