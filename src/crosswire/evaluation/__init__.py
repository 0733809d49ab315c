"""Scoring crosswire against the evaluation sets in ../shared/eval (formats in its README)."""
