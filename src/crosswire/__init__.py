"""crosswire: cross-check news stories across outlets.

The Python API mirrors the CLI: :func:`ingest` stores articles, :func:`extract` cleans one file
without a store. See README.md.
"""

from __future__ import annotations

__version__ = "0.1.0"
