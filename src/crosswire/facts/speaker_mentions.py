"""Speaker mentions: the phrase a speech verb's subject names, as a source.

``mention_of(token)`` turns a subject token into a ``Mention``: a pronoun ("he", "it",
"they"), a name (the PROPN run joined with its entity, titles stripped: "US President Donald
Trump" -> "Donald Trump"), or a noun phrase as written ("a French military spokesman"), with
its kind (person, organisation, role, anonymous), whether it is human or plural, and its
``context`` (the phrase with its titles and appositions) for matching later role nouns.
``is_agent(mention)`` tells whether it can speak at all: a date, a headline line or a thing
("the violence") cannot.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

import numpy as np
from spacy.attrs import IS_SPACE, LOWER
from spacy.tokens import Doc, Span, Token

from crosswire.facts.lexicon import (
    ANONYMOUS_HEADS,
    AUDIENCE_NOUNS,
    CALENDAR_WORDS,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    NOT_AGENT_NOUNS,
    ORG_WORDS,
    PERSON_ROLES,
    TITLE_ALIASES,
    TITLE_WORDS,
    wordset,
)

MentionKind = Literal["person", "organisation", "role", "anonymous"]
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
ORG_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
_ANON_DETS = wordset("a an some several two three four many other one")
_AGENT_HEADS = PERSON_ROLES | GROUP_NOUNS | ANONYMOUS_HEADS | ORG_WORDS | AUDIENCE_NOUNS
_AGENT_SUFFIXES = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "eer", "eers")
_NOT_NAME_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY",
                              "PERCENT"})
_HEADLINE_MIN_WORDS = 3
_HEADLINE_CAPITALISED = 0.8
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT"})


@dataclass(frozen=True)
class Mention:
    """A source as written: ``text`` at ``start``/``end``, its kind, whether it names a human or
    a plural, and ``context`` (the whole noun phrase with titles and appositions) for matching
    later role nouns ("the observatory") against it."""

    text: str
    start: int
    end: int
    kind: MentionKind
    human: bool
    plural: bool
    named: bool
    context: str
    pronoun: str | None = None
    head: str = ""


def child(tok: Token, *deps: str) -> Token | None:
    """(token, deps) -> its first child with one of those dependency labels."""
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def mention_of(tok: Token, surnames: frozenset[str] = frozenset()) -> Mention:
    """subject token -> a Mention: a pronoun, a name (PROPN run or entity, titles stripped), or
    a noun phrase as written ("a French military spokesman")."""
    if tok.pos_ == "PRON" or tok.lower_ in PERSON_PRONOUNS | ORG_PRONOUNS | PLURAL_PRONOUNS:
        return _pronoun_mention(tok)
    name_tok = tok
    if tok.pos_ != "PROPN" or tok.lower_.rstrip(".") in TITLE_WORDS or tok.is_lower:
        appos = child(tok, "appos")
        if appos is not None and appos.pos_ == "PROPN":
            name_tok = appos
        else:
            name_tok = _name_before(tok) or tok
    context = context_text(tok)
    if name_tok.i != tok.i and name_tok.head.i != tok.i:
        context = f"{name_tok.text}, {context}"
    if name_tok.pos_ == "PROPN" and not name_tok.is_lower:
        return name_mention(name_tok, context, surnames)
    return _role_mention(tok, context)


def _name_before(tok: Token) -> Token | None:
    """Role noun -> the name right before it in "NAME, the role, said" when the parser hung the
    name elsewhere (a sibling of the role under the verb), or None."""
    doc = tok.doc
    left = tok.left_edge.i
    if left < 2 or doc[left - 1].text != ",":
        return None
    cand = doc[left - 2]
    return cand if cand.pos_ == "PROPN" and cand.head.i in (tok.i, tok.head.i) else None


def _pronoun_mention(tok: Token) -> Mention:
    """pronoun token -> an unresolved pronoun Mention."""
    word = tok.lower_
    human = word in PERSON_PRONOUNS
    kind: MentionKind = "person" if human else "organisation"
    if word in PLURAL_PRONOUNS:
        kind = "role"
    end = tok.idx + len(tok.text)
    return Mention(tok.text, tok.idx, end, kind, human, word in PLURAL_PRONOUNS, False, tok.text,
                   pronoun=word)


def name_mention(tok: Token, context: str, surnames: frozenset[str]) -> Mention:
    """PROPN head -> a named Mention, kind decided from NER, titles and organisation words."""
    first, last = _name_bounds(tok)
    doc = tok.doc
    after = _name_after_title(doc, first, last)
    if after is not None:
        (first, last), context = after, f"{context} {doc[after[0] : after[1] + 1].text}"
    first, titled = _strip_titles(doc, first, last)
    span = doc[first : last + 1]
    kind = _name_kind(tok, span, titled or after is not None or _has_role(tok), surnames)
    human = kind == "person"
    plural = tok.tag_ == "NNPS" and kind != "organisation"  # "Syrian Democratic Forces": one body
    return Mention(span.text, span.start_char, span.end_char, kind, human, plural, True, context)


def _name_after_title(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """A name of title words only cut off by the tagger at an abbreviation's full stop ("Lt" |
    "." | "Gerry Scherlinck") -> (first, last) of the name after the stop, or None."""
    if not all(t.lower_ in TITLE_WORDS for t in doc[first : last + 1]):
        return None
    start = last + 2
    if start >= len(doc) or doc[last + 1].text != "." or doc[start].pos_ != "PROPN":
        return None
    end = start
    while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
        end += 1
    return start, end


def _name_bounds(tok: Token) -> tuple[int, int]:
    """PROPN -> (first, last) token index of its name: the PROPN run joined with its entity."""
    doc = tok.doc
    first = last = tok.i
    while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].head.i in (
        tok.i, first, *range(first, tok.i + 1)
    ):
        first -= 1
    ent = entity_of(tok)
    if ent is not None:
        first, last = min(first, ent.start), max(last, ent.end - 1)
    while first < last and (doc[first].pos_ in ("DET", "PUNCT") or doc[first].is_lower):
        first += 1
    while last > first and (doc[last].pos_ in ("DET", "PUNCT", "PART") or doc[last].is_lower):
        last -= 1
    owner = doc[first - 2] if first >= 2 and doc[first - 1].tag_ == "POS" else None
    if owner is not None and owner.pos_ == "PROPN" and owner.head.i == tok.i:
        first = owner.i
    return first, last


def entity_of(tok: Token) -> Span | None:
    """Token -> the name-like entity containing it, or None (read from the token's IOB tags,
    not by scanning ``doc.ents``)."""
    if not tok.ent_iob_ or tok.ent_iob_ == "O" or tok.ent_type_ not in _NAME_LABELS:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


def _strip_titles(doc: Doc, first: int, last: int) -> tuple[int, bool]:
    """Name tokens -> (new first index past leading titles, whether any title was stripped).
    Only done when a capitalised name of at least two tokens remains."""
    cut = first
    for i in range(first, last):
        if doc[i].lower_.rstrip(".") in TITLE_WORDS:
            cut = i + 1
    if cut > first and last - cut >= 1 and not _has_org_word(doc[cut : last + 1]):
        return cut, True
    return first, False


def _has_org_word(span: Span) -> bool:
    """Span -> True when one of its words marks an organisation ("Ministry", "Forces")."""
    return any(t.lower_ in ORG_WORDS for t in span)


def _has_role(tok: Token) -> bool:
    """PROPN -> True when a person-role noun stands in compound or apposition with it."""
    near = [c for c in tok.children if c.dep_ in ("compound", "appos")]
    return any(c.lemma_.lower() in PERSON_ROLES for c in near)


def _name_kind(tok: Token, span: Span, person_cue: bool, surnames: frozenset[str]) -> MentionKind:
    """Named span -> "person" or "organisation" (NER is only one of the cues: it is often wrong
    on news names in the small model)."""
    if _has_org_word(span) and not person_cue:
        return "organisation"
    if person_cue or span[-1].text in surnames:
        return "person"
    ent = entity_of(tok)
    if ent is not None:
        return "person" if ent.label_ == "PERSON" else "organisation"
    return "person" if len(span) >= 2 and all(t.is_title for t in span) else "organisation"


def _role_mention(tok: Token, context: str) -> Mention:
    """common-noun head -> a role or anonymous Mention, text as written."""
    text, start, end = _np_bounds(tok, with_preps=True)
    lemma = tok.lemma_.lower()
    plural = tok.tag_ in ("NNS", "NNPS")
    role = TITLE_ALIASES.get(lemma, lemma).split()[-1]
    human = role in PERSON_ROLES or lemma in ANONYMOUS_HEADS
    kind: MentionKind = "anonymous" if _is_anonymous(tok) else "role"
    if kind == "role" and lemma in ORG_WORDS and any(c.pos_ == "PROPN" for c in tok.lefts):
        kind = "organisation"  # "the Syrian Kurdish YPG militia"
    return Mention(text, start, end, kind, human, plural, False, context, head=lemma)


def _is_anonymous(tok: Token) -> bool:
    """Common-noun head -> True for unnamed sources: "officials", "a US official", "sources"."""
    if tok.lemma_.lower() not in ANONYMOUS_HEADS:
        return False
    if any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in tok.children):
        return False
    det = child(tok, "det", "nummod")
    if det is None:
        return child(tok, "poss") is None
    return det.lower_ in _ANON_DETS or "anonymity" in tok.sent.text.lower()


def _np_bounds(tok: Token, with_preps: bool) -> tuple[str, int, int]:
    """Noun head -> (text, start, end) of its phrase: modifiers on the left, "of/for/at/from/in"
    phrases on the right, without relative clauses or appositions."""
    lo, hi = line_range(tok)
    idx = sorted(i for i in _np_tokens(tok, with_preps, 0) if lo <= i <= hi)
    doc = tok.doc
    first, last = idx[0], idx[-1]
    while last > first and doc[last].is_punct:
        last -= 1
    span = doc[first : last + 1]
    return span.text, span.start_char, span.end_char


def np_text(tok: Token, with_preps: bool) -> str:
    """Noun head -> its phrase text (see _np_bounds)."""
    return _np_bounds(tok, with_preps)[0]


_LEFT_DEPS = frozenset({"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "case",
                        "advmod", "punct"})
_NP_PREPS = frozenset({"of", "for", "at", "from", "in", "with"})


def _np_tokens(tok: Token, with_preps: bool, depth: int) -> set[int]:
    """Noun head -> indices of the tokens of its phrase (recursive through prep objects)."""
    out = {tok.i}
    for c in tok.lefts:
        if c.dep_ in _LEFT_DEPS and not (c.dep_ == "punct" and c.i == tok.left_edge.i):
            out.update(t.i for t in c.subtree)
    if not with_preps or depth > 2:
        return out
    for c in tok.rights:
        obj = child(c, "pobj") if c.dep_ == "prep" and c.lower_ in _NP_PREPS else None
        if obj is not None:
            out.add(c.i)
            out.update(_np_tokens(obj, True, depth + 1))
    return out


def context_text(tok: Token) -> str:
    """Subject head -> its phrase plus appositions ("Talal Silo, the spokesman of the SDF")."""
    parts = [np_text(tok, with_preps=True)]
    parts += [np_text(c, with_preps=True) for c in tok.children if c.dep_ == "appos"]
    return ", ".join(parts)


_ENTITIES: tuple[Doc | None, tuple[Span, ...]] = (None, ())
_SURNAMES: tuple[Doc | None, frozenset[str]] = (None, frozenset())


def doc_entities(doc: Doc) -> tuple[Span, ...]:
    """Doc -> doc.ents, kept for the last Doc seen (spaCy rebuilds them on every access)."""
    global _ENTITIES
    if _ENTITIES[0] is not doc:
        _ENTITIES = (doc, tuple(doc.ents))
    return _ENTITIES[1]


def person_surnames(doc: Doc) -> frozenset[str]:
    """Doc -> last words of person names in it (PERSON entities and titled names), so that a
    later bare surname the tagger mislabels ("Mattis" as GPE) still counts as a person (kept
    for the last Doc seen)."""
    global _SURNAMES
    if _SURNAMES[0] is not doc:
        _SURNAMES = (doc, _person_surnames(doc))
    return _SURNAMES[1]


def _person_surnames(doc: Doc) -> frozenset[str]:
    """Doc -> last words of its person names (see person_surnames)."""
    names = {e[-1].text for e in doc_entities(doc) if e.label_ == "PERSON" and len(e) >= 2}
    for tok in tokens_with_lower(doc, TITLE_WORDS | {f"{w}." for w in TITLE_WORDS}):
        if tok.pos_ != "PROPN":
            continue
        head = tok.head
        if head.pos_ == "PROPN" and 0 < head.i - tok.i <= 3 and not (
                head.lower_ in TITLE_WORDS or head.lower_ in PERSON_ROLES):
            names.add(head.text)
    return frozenset(n for n in names if n[:1].isupper())


def tokens_with_lower(doc: Doc, words: frozenset[str] | set[str]) -> list[Token]:
    """(Doc, lower-case words) -> its tokens whose lower-case text is one of them, found in
    the parse's arrays without building the other tokens."""
    hashes = np.array([doc.vocab.strings.add(w) for w in words], dtype=np.uint64)
    found = np.flatnonzero(np.isin(doc.to_array(LOWER), hashes))
    return [doc[int(i)] for i in found]


def same_line(a: Token, b: Token) -> bool:
    """Two tokens -> True when no line break separates them (parses run across paragraphs)."""
    breaks = _line_breaks(a.doc)
    lo, hi = sorted((a.i, b.i))
    return bisect.bisect_left(breaks, lo) == bisect.bisect_left(breaks, hi)


def line_range(tok: Token) -> tuple[int, int]:
    """Token -> [first, last] token indices of the line it sits on."""
    breaks = _line_breaks(tok.doc)
    k = bisect.bisect_left(breaks, tok.i)
    lo = breaks[k - 1] + 1 if k > 0 else 0
    hi = breaks[k] - 1 if k < len(breaks) else len(tok.doc) - 1
    if k < len(breaks) and breaks[k] == tok.i:  # the break itself: the line it ends
        hi = tok.i
    return lo, hi


_BREAKS: tuple[Doc | None, list[int]] = (None, [])


def _line_breaks(doc: Doc) -> list[int]:
    """Doc -> indices of its white-space tokens holding a line break (kept for the last Doc)."""
    global _BREAKS
    if _BREAKS[0] is not doc:
        spaces = np.flatnonzero(doc.to_array(IS_SPACE))
        _BREAKS = (doc, [int(i) for i in spaces if "\n" in doc[int(i)].text])
    return _BREAKS[1]


# --------------------------------------------------------------------------- agents


def is_agent(tok: Token, mention: Mention) -> bool:
    """(subject token, its mention) -> True when it can be a speaker: a pronoun, a name that is
    not a date, a time or a headline's words, a noun for a person, a body or a document;
    False for "Sat Nov", "Workers' Riot Deaths 'Murder" (a headline line), "His use of tanks",
    "the violence"."""
    if mention.pronoun is not None:
        return True
    if "\n" in mention.text.strip() or not any(c.isalpha() for c in mention.text):
        return False
    if mention.named:
        return _name_is_agent(tok, mention)
    return agent_noun(tok)


def agent_noun(tok: Token) -> bool:
    """common-noun head -> True when it names people, a body or a document ("officials",
    "police", "protesters", "the statement"), not a thing or an event ("the violence")."""
    lemma = tok.lemma_.lower()
    if lemma in NOT_AGENT_NOUNS:
        return False
    if lemma in _AGENT_HEADS or lemma in DOCUMENT_NOUNS or tok.lower_ in _AGENT_HEADS:
        return True
    if tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    return lemma.endswith(_AGENT_SUFFIXES) and len(lemma) > 4


def _name_is_agent(tok: Token, mention: Mention) -> bool:
    """named mention -> False when its words are a date or a time, or a headline line's words
    that the article never uses again."""
    doc = tok.doc
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    tokens = list(span) if span is not None else [tok]
    words = [t for t in tokens if t.is_alpha]
    if not words or all(t.lower_.rstrip(".") in CALENDAR_WORDS for t in words):
        return False
    if any(t.ent_type_ in _NOT_NAME_LABELS for t in tokens):
        return False
    if tok.pos_ != "PROPN" and not agent_noun(tok):
        return False
    return not (_on_headline(tok) and not _used_again(doc, tokens))


def _on_headline(tok: Token) -> bool:
    """Token -> True when its line reads as a headline: three or more words, nearly all
    capitalised, no closing full stop."""
    lo, hi = line_range(tok)
    line = tok.doc[lo : hi + 1]
    words = [t for t in line if t.is_alpha and len(t.text) > 3]
    if len(words) < _HEADLINE_MIN_WORDS or line.text.rstrip().endswith((".", '."', ".”")):
        return False
    capitalised = sum(1 for t in words if t.text[0].isupper())
    return capitalised >= _HEADLINE_CAPITALISED * len(words)


def _used_again(doc: Doc, tokens: list[Token]) -> bool:
    """name tokens on a headline -> True when the article names the same (its last word) on
    another line."""
    last = tokens[-1].text
    lo, hi = line_range(tokens[-1])
    return any(t.text == last and not lo <= t.i <= hi for t in doc)
