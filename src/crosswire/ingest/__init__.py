"""Readers: files, folders and globs -> Documents (one reader per format; files.py sniffs)."""
