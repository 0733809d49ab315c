"""The core of a sentence's main statement: who did what to whom, when, without the asides.

"The SDF troops, an alliance of Kurds, Arabs, and Assyrians led by the Kurdish YPG, have
fully captured Raqqa on Tuesday, after eliminating the militants" -> "SDF troops captured
Raqqa Tuesday". The main verb is the root (or, when the root is a reporting verb, the clause
it reports); the core keeps its subject, objects, complements, prepositional objects and
negation with their compound words, and leaves out appositions, relative and adverbial
clauses and the rest of long noun phrases. Claims across articles are compared by their
cores (``claims.py``), so the asides one outlet adds do not hide that two sentences state one
event.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from crosswire.facts.lexicon import SPEECH_LEMMAS

_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "acomp", "oprd", "agent",
                        "dative", "neg", "prt", "xcomp", "npadvmod"})
_MODIFIERS = frozenset({"compound", "amod", "nummod", "poss"})
_NAMED = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "EVENT"})


def clause_core(sentence: Span) -> str:
    """a parsed sentence -> the words of its main statement's core, in text order."""
    verb = _main_verb(sentence.root)
    kept: set[int] = {verb.i}
    for child in verb.children:
        if child.dep_ in ("prep", "agent"):
            kept |= {i for c in child.children if c.dep_ == "pobj" for i in _phrase(c)}
        elif child.dep_ in _ARGUMENTS:
            kept |= _phrase(child)
    words = [t for t in sentence
             if t.i in kept and ((not t.is_punct and not t.is_stop) or t.dep_ == "neg")]
    return " ".join(t.text for t in words)


def _main_verb(root: Token) -> Token:
    """a sentence root -> the verb of its main statement: the reported clause's verb when the
    root is a reporting verb ("police said the fire was started by ...")."""
    if root.lemma_.lower() in SPEECH_LEMMAS:
        reported = next((c for c in root.children if c.dep_ == "ccomp"), None)
        if reported is not None:
            return reported
    return root


def _phrase(head: Token) -> set[int]:
    """a noun (or complement) -> its index with its compound words, adjectives, numbers,
    possessors and "of" complement heads, but no clauses or appositions."""
    kept = {head.i}
    for child in head.children:
        if child.dep_ in _MODIFIERS:
            kept |= {t.i for t in child.subtree if t.dep_ in _MODIFIERS or t.i == child.i}
        elif child.dep_ == "prep":  # "liberation of Raqqa", "liberation ... on Tuesday"
            kept |= {c.i for c in child.children if c.dep_ == "pobj"
                     and (child.lower_ == "of" or c.ent_type_ in _NAMED)}
    return kept
