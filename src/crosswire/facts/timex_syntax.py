"""What the spaCy parse tells the time resolver: tense, attachment, and names that look like dates.

Input is always a parsed ``Doc`` (tagger, parser, NER); nothing here loads a model.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from crosswire.facts.timex_calendar import Tense

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "’ll"})
# Modals that put the event after the moment of speaking ("may be cleared on Sunday").
FORWARD_MODALS = frozenset({"may", "might", "can", "should", "must", "ought"})
# Modals that may look back or forward ("could not confirm on Tuesday", "would visit in May").
OPEN_MODALS = frozenset({"would", "could", "'d", "’d"})
# Predicates whose "to" complement is still to happen: "plans to visit", "is expected to".
FUTURE_HEADS = frozenset({
    "plan", "expect", "schedule", "set", "due", "intend", "aim", "hope", "prepare", "vow",
    "pledge", "promise", "threaten", "seek", "want", "be", "go", "likely", "poise", "agree",
    "decide", "announce",
})
# A present-tense reporting verb in news reports the past ("Mattis says Tuesday").
REPORTING = frozenset({
    "say", "tell", "announce", "report", "add", "state", "claim", "confirm", "warn", "deny",
    "insist", "write", "note", "argue", "declare", "accuse", "admit", "reveal", "explain",
})
CLAUSE_LINKS = frozenset({"ccomp", "xcomp", "conj", "parataxis"})
SIDE_CLAUSES = frozenset({"relcl", "acl", "appos"})
NOUN_MODIFIER = frozenset({"compound", "nmod", "amod", "nummod", "poss"})
NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "FAC", "EVENT", "GPE", "PRODUCT", "LAW"})
# Words that make a weekday the name of a feast or an event ("Good Friday", "Super Tuesday").
FEAST_WORDS = frozenset({
    "good", "black", "easter", "palm", "ash", "super", "cyber", "bloody", "holy", "maundy",
    "shrove", "orthodox", "whit", "low", "giving",
})
TIME_WORDS = frozenset({"morning", "afternoon", "evening", "night", "noon", "midnight"})


def governor(token: Token) -> Token | None:
    """token -> the verb (or copula) the token's phrase hangs from, or None in a verbless text."""
    seen = 0
    while token.pos_ not in ("VERB", "AUX") and seen < 12:
        if token.head.i == token.i:
            return None
        token = token.head
        seen += 1
    return token if token.pos_ in ("VERB", "AUX") else None


def _aux_words(verb: Token) -> list[Token]:
    """verb -> its auxiliaries, left to right."""
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]


def _morph_tense(token: Token) -> str | None:
    """token -> "Past" | "Pres" from finite morphology, else None."""
    if token.tag_ == "VBD":
        return "Past"
    if token.tag_ in ("VBZ", "VBP"):
        return "Pres"
    return None


def tense_of(verb: Token, depth: int = 0) -> Tense:
    """governing verb -> "past" | "future" | "present" | None (unknown: conditional, bare form)."""
    auxes = _aux_words(verb)
    words = {a.lower_ for a in auxes}
    if words & FUTURE_AUX:
        return "future"
    modal = words & FORWARD_MODALS
    if words & OPEN_MODALS or modal:
        has_have = any(a.lemma_ == "have" for a in auxes)
        return "past" if has_have else (None if words & OPEN_MODALS else "future")
    if any(a.lower_ == "to" for a in auxes) and verb.tag_ == "VB":
        return _infinitive_tense(verb, depth)
    if any(a.lemma_ == "have" for a in auxes):
        return "past"  # perfect: "have captured", "have been battling"
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and _morph_tense(a) == "Pres" for a in auxes):
        return "future"  # "are gathering on Monday": a dated present progressive is planned
    finite = next((_morph_tense(a) for a in auxes if _morph_tense(a)), None) or _morph_tense(verb)
    if finite == "Past":
        return "past"
    if finite == "Pres":
        return "past" if verb.lemma_ in REPORTING and not auxes else "present"
    if verb.tag_ in ("VBG", "VBN") and verb.dep_ != "ROOT" and depth < 4:
        head = governor(verb.head)
        return tense_of(head, depth + 1) if head is not None else None
    return None


def _infinitive_tense(verb: Token, depth: int) -> Tense:
    """"to"-infinitive -> future under a present "plans/is to/is expected", else the head's."""
    head = verb.head
    if head is verb or depth >= 4 or head.pos_ not in ("VERB", "AUX", "ADJ"):
        return None
    outer = tense_of(head, depth + 1) if head.pos_ != "ADJ" else _copula_tense(head)
    if head.lemma_ in FUTURE_HEADS:
        return "future" if outer in ("present", "future") else None
    return outer


def _copula_tense(adjective: Token) -> Tense:
    """"likely" / "due" under a copula -> the copula's tense."""
    cop = adjective.head
    if cop.pos_ != "AUX":
        return None
    return "past" if _morph_tense(cop) == "Past" else "present"


def in_name(tokens: Span) -> bool:
    """tokens of a candidate -> True when they belong to a name ("The Sunday Times",
    "Bloody Sunday", "Theresa May"), judged by NER labels and compounds."""
    first = tokens[0]
    if first.i > 0 and first.nbor(-1).lower_ in FEAST_WORDS and first.nbor(-1).text[0].isupper():
        return True
    for token in tokens:
        if token.ent_type_ in NAME_LABELS:
            return True
        if any(c.dep_ == "compound" and c.tag_ == "NNP" and c.i < token.i
               and c.ent_type_ not in ("DATE", "TIME") for c in token.children):
            return True
    last = tokens[-1]
    head = last.head
    return (last.dep_ == "compound" and head.i > last.i and head.tag_ in ("NNP", "NNPS")
            and head.lower_ not in TIME_WORDS)


def is_modal_may(tokens: Span) -> bool:
    """tokens -> True when the "May" or "March" in them is a verb ("may", "marched")."""
    return any(t.lower_ in ("may", "march") and t.tag_ in ("MD", "VB", "VBP", "VBZ")
               for t in tokens)


def attachment_tier(root: Token, sentence: Span) -> int | None:
    """time phrase root -> how directly it dates the sentence's main event, or None.

    0: modifies the main verb; 1: a verb in a complement or conjoined clause; 2: an adverbial
    clause ("since capturing it in 2014"); 3: a prepositional phrase on a noun. None: part of
    a relative clause, an apposition, or a noun's own modifier ("the November 13 attacks").
    """
    if root.dep_ in NOUN_MODIFIER and root.head.pos_ in ("NOUN", "PROPN"):
        return None
    tier = 0
    prep_head = root.head if root.dep_ == "pobj" else None
    if prep_head is not None and prep_head.head.pos_ in ("NOUN", "PROPN"):
        tier = 3
    token = root
    while token.i != sentence.root.i and token.head.i != token.i:
        if token.dep_ in SIDE_CLAUSES:
            return None
        if token.dep_ == "advcl":
            tier = max(tier, 2)
        elif token.dep_ in CLAUSE_LINKS and token.pos_ in ("VERB", "AUX"):
            tier = max(tier, 1)
        token = token.head
    return tier


def event_lemma(link: Token) -> str | None:
    """"after"/"before" token -> the lemma naming the event it points at, or None.

    "after the city fell" -> "fall"; "after the fall of Raqqa" -> "fall"; "before the vote"
    -> "vote". Used to find an earlier dated mention of the same event.
    """
    for child in link.children:
        if child.dep_ in ("pobj", "pcomp"):
            return child.lemma_.lower()
    if link.dep_ == "mark" and link.head.pos_ in ("VERB", "AUX"):
        return link.head.lemma_.lower()
    return None


def predicate_lemma(root: Token) -> str | None:
    """time phrase root -> the lemma of the verb or event noun it dates, or None."""
    head = root.head.head if root.dep_ == "pobj" else root.head
    if head.i == root.i:
        return None
    if head.pos_ in ("VERB", "AUX", "NOUN"):
        return head.lemma_.lower()
    verb = governor(head)
    return verb.lemma_.lower() if verb is not None else None
