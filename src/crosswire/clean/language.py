"""Offline language identification (py3langid) -> ISO 639-1 code, or None for too little text."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

_LETTER = re.compile(r"[^\W\d_]")
MIN_LETTERS = 20  # fewer letters than this is too little text to tell
MIN_CONFIDENCE = 0.5  # below this (normalised) probability, the answer is a guess: None
SAMPLE_CHARS = 1000  # the start of a long text is enough, and keeps this fast


@cache
def _identifier() -> LanguageIdentifier:
    """-> py3langid's model, restricted to languages with a two-letter ISO 639-1 code
    (loaded once, on first use)."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in identifier.labels if len(code) == 2])
    return identifier


@lru_cache(maxsize=4096)  # the clean stage may assemble an article twice (re-dating)
def detect_language(text: str) -> str | None:
    """text -> ISO 639-1 code ('en', 'fr', ...), or None when it has fewer than 20 letters or
    the model is unsure."""
    sample = (text or "")[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    return str(code) if confidence >= MIN_CONFIDENCE else None
