"""Readers: files, folders and globs -> Documents (one reader per format; files.py sniffs).

``read_paths(paths, settings)`` is the entry point: it yields a :class:`~crosswire.models.Document`
per record and a :class:`~crosswire.models.Skip` per bad item, and never raises for bad content.
"""

from crosswire.readers.files import expand_paths, read_file, read_paths, sniff_format

__all__ = ["expand_paths", "read_file", "read_paths", "sniff_format"]
