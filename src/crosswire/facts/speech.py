"""Speech events: the verbs that attribute words to someone ("said", "told", "according to",
"put the toll at"), who their subject is, and the clause they report.

``speech_events(doc, regions, resolver)`` walks the tokens outside quotes and returns one
``SpeechEvent`` per speech verb, its speaker as written (``mention_of`` its subject, when that
subject can speak at all) and as resolved by the article's ``Resolver`` (pronouns, role nouns,
documents, bare surnames -> the person or body they stand for).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.attrs import LOWER, POS
from spacy.parts_of_speech import VERB
from spacy.tokens import Doc, Token

from crosswire.facts.lexicon import (
    AUDIENCE_NOUNS,
    DOCUMENT_NOUNS,
    PREDICATE_LEMMAS,
    SPEECH_LEMMAS,
    TOLL_NOUNS,
    WEAK_LEMMAS,
)
from crosswire.facts.quote_marks import DOUBLE_MARKS, QuoteSpans, Region, doc_text
from crosswire.facts.referents import Resolver
from crosswire.facts.speaker_mentions import (
    Mention,
    agent_noun,
    child,
    is_agent,
    line_range,
    mention_of,
    np_text,
    same_line,
)

_REL_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_DASHES = frozenset({"-", "--", "—", "–"})
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep", "acl"})


@dataclass
class SpeechEvent:
    """One speech verb (or "according to") outside quotes, with its speaker as written and as
    resolved (pronouns and document nouns replaced by their referent)."""

    trigger: Token
    written: Mention | None
    speaker: Mention | None
    told_to: str | None = None
    complement: tuple[int, int] | None = None


def is_trigger(tok: Token) -> bool:
    """Token -> True when it is a speech verb ("said", "told", "according to", "put the toll")."""
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children)
    if tok.pos_ != "VERB" or tok.dep_ in ("amod", "compound", "nmod"):
        return False  # "the self-declared caliphate", "so-called"
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_LEMMAS:
        return lemma not in WEAK_LEMMAS or _weak_is_speech(tok)
    if lemma == "read":
        subj = child(tok, "nsubj")
        return subj is not None and subj.lemma_.lower() in DOCUMENT_NOUNS
    if lemma == "put":
        obj = child(tok, "dobj")
        return obj is not None and obj.lemma_.lower() in TOLL_NOUNS
    return False


def _weak_is_speech(tok: Token) -> bool:
    """'added 500 troops', 'the campaign concludes' are not speech; 'he added', 'added that ...',
    'called it "a disaster"' are: a clause, a predicate, or a speaker-like subject."""
    deps = {c.dep_ for c in tok.children}
    if deps & {"ccomp", "parataxis", "oprd"}:
        return True
    if "dobj" in deps and tok.lemma_.lower() not in PREDICATE_LEMMAS:
        return False
    subj = child(tok, "nsubj")
    if subj is None:
        return tok.dep_ in ("advcl", "conj", "xcomp")
    return subj.pos_ in ("PRON", "PROPN") or agent_noun(subj)


def subject_token(trigger: Token, depth: int = 0) -> Token | None:
    """speech verb -> the token naming who speaks (climbing from "saying"/"adding" to the main
    verb's subject; "X quoted Y as saying" -> Y; "according to X" -> X), or None."""
    if depth > 4:
        return None
    lemma = trigger.lemma_.lower()
    if trigger.lower_ == "according":
        to = next((c for c in trigger.children if c.lower_ == "to"), None)
        return child(to, "pobj") if to is not None else None
    if lemma == "quote" and trigger.pos_ == "VERB":
        return child(trigger, "dobj", "nsubjpass")
    subj = _subject_child(trigger)
    if subj is not None:
        return _unwrap_subject(trigger, subj) if same_line(subj, trigger) else None
    agent = child(trigger, "agent")
    if agent is not None:
        return child(agent, "pobj")
    if child(trigger, "nsubjpass") is not None or trigger.dep_ not in _CLIMB_DEPS:
        return None
    head = trigger.head
    while head.dep_ == "ccomp" and head.head.i != head.i and is_trigger(head.head):
        head = head.head  # "said X, adding that" parsed with "adding" under X: speaker of said
    if trigger.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        if head.lemma_.lower() in DOCUMENT_NOUNS:
            return _document_owner(head)
        if head.pos_ == "PROPN" or agent_noun(head) or head.head.i == head.i:
            return head
        return subject_token(head.head, depth + 1)  # "X downplayed the unrest, saying that"
    return subject_token(head, depth + 1) if head.i != trigger.i else None


def _subject_child(verb: Token) -> Token | None:
    """verb -> its subject: the nsubj child nearest the verb, leaving out one cut off from it
    by a dateline's dash ("CAIRO | Sat Nov 12 ... CAIRO (Reuters) - Arab League said")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and not _before_dash(c, verb)]
    return min(subjects, key=lambda c: abs(c.i - verb.i), default=None)


def _before_dash(tok: Token, verb: Token) -> bool:
    """(token, later verb) -> True when a free-standing dash ("-", "--", "—") lies between them,
    as after a dateline."""
    if tok.i > verb.i:
        return False
    between = tok.doc[tok.i + 1 : verb.i]
    return any(t.text in _DASHES and t.whitespace_ and t.i > 0 and t.doc[t.i - 1].whitespace_
               for t in between)


def _unwrap_subject(verb: Token, subj: Token) -> Token:
    """Subject -> the speaker it stands for: a relative pronoun's antecedent, a document's
    owner ("Trump's statement said" -> Trump)."""
    if subj.lower_ in _REL_PRONOUNS and verb.dep_ == "relcl":
        return verb.head
    if subj.lemma_.lower() in DOCUMENT_NOUNS:
        owner = child(subj, "poss")
        if owner is not None:
            return owner
    return subj


def _document_owner(noun: Token) -> Token:
    """'a statement saying' -> who issued the statement (its verb's subject), else the noun."""
    owner = child(noun, "poss")
    if owner is not None:
        return owner
    verb = noun.head
    subj = child(verb, "nsubj") if verb.pos_ in ("VERB", "AUX") else None
    return subj if subj is not None else noun


def told_to(trigger: Token) -> str | None:
    """"told Reuters" -> "Reuters": the outlet or audience a tell-verb names, or None."""
    if trigger.lemma_.lower() != "tell":
        return None
    for c in trigger.children:
        near = c.dep_ in ("dative", "dobj") and 0 < c.i - trigger.i <= 3
        if near and (c.pos_ == "PROPN" or c.lemma_.lower() in AUDIENCE_NOUNS):
            return np_text(c, with_preps=False)
    return None


def speech_events(
    doc: Doc, regions: Sequence[Region], resolver: Resolver, tokens: Iterable[Token] | None = None
) -> list[SpeechEvent]:
    """(doc, quote regions, resolver) -> the speech events outside quotes, in order, speakers
    resolved against (and added to) the resolver's history."""
    inside = QuoteSpans(regions)
    out = []
    for tok in _candidates(doc) if tokens is None else tokens:
        if inside.at(tok.idx) is None and is_trigger(tok):
            out.append(_event(tok, resolver, inside))
    return out


def _candidates(doc: Doc) -> list[Token]:
    """Doc -> the tokens that may be speech triggers (verbs and "according"), read from the
    parse's arrays so that the other tokens are never built."""
    pos, lower = doc.to_array([POS, LOWER]).T
    according = doc.vocab.strings["according"]
    return [doc[int(i)] for i in np.flatnonzero((pos == VERB) | (lower == according))]


def _event(tok: Token, resolver: Resolver, inside: QuoteSpans) -> SpeechEvent:
    """speech verb -> SpeechEvent with its written and resolved speaker and its complement; a
    subject that cannot speak (a date, a headline, a thing) or lies in a quote gives none."""
    subj = subject_token(tok)
    written = None
    if subj is not None and inside.at(subj.idx) is None:
        mention = mention_of(subj, resolver.surnames)
        written = mention if is_agent(subj, mention) else None
    speaker = resolver.speaker_of(subj, written) if subj is not None and written else None
    resolver.add(speaker, written.start if written is not None else None)
    return SpeechEvent(tok, written, speaker, told_to(tok), _complement(tok, inside))


def _complement(tok: Token, inside: QuoteSpans) -> tuple[int, int] | None:
    """speech verb -> (start, end) of the reported clause it introduces, unless that clause is
    (mostly) a direct quote; "according to X" -> the rest of its clause."""
    if tok.lower_ == "according":
        return _according_rest(tok)
    comp = child(tok, "ccomp")
    if comp is None:
        return None
    words = [t for t in comp.subtree if not t.is_punct and not t.is_space]
    if not words or (words[0].dep_ == "mark" and len(words) == 1):
        return None
    if words[0].dep_ == "mark" and words[0].lower_ in ("that", "whether", "if"):
        words = words[1:]
    lo, hi = line_range(tok)
    words = [t for t in words if lo <= t.i <= hi]
    if not words:
        return None
    quoted = sum(1 for t in words if inside.at(t.idx) is not None)
    if quoted * 10 >= len(words) * 6:
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return start, _close_quote(doc_text(tok.doc), start, end)


def _close_quote(text: str, start: int, end: int) -> int:
    """Clause offsets -> end moved past a closing quote mark when the clause opened a quote it
    does not close (said the city had been "liberated")."""
    marks = sum(text.count(m, start, end) for m in DOUBLE_MARKS)
    if marks % 2 == 1 and end < len(text) and text[end] in DOUBLE_MARKS:
        return end + 1
    return end


def _according_rest(tok: Token) -> tuple[int, int] | None:
    """'according to X' -> its clause without the according phrase, when the phrase stands at
    the clause's edge."""
    clause = [t for t in tok.head.subtree if not t.is_punct and not t.is_space]
    lo, hi = line_range(tok)
    clause = [t for t in clause if lo <= t.i <= hi]
    phrase = {t.i for t in tok.subtree}
    rest = [t for t in clause if t.i not in phrase]
    if not rest:
        return None
    before = [t for t in rest if t.i < tok.i]
    after = [t for t in rest if t.i > tok.i]
    if before and after and len(before) > 2 and len(after) > 2:
        return None
    return rest[0].idx, rest[-1].idx + len(rest[-1].text)
