"""What a quantity counts or measures, from the dependency parse.

``assign_count_noun(candidate, index)``: a unitless number that counts a noun takes that noun
(with its modifiers) as unit ('7 games' -> 'game'); ``counted_of(candidate, index)`` -> a short
description of what is counted or measured, for alignment ('3,250 people were killed' ->
'people killed', '85% of the city' -> 'city').
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from crosswire.facts.quantity_candidates import NOUN_TAGS, Candidate, DocIndex, per_unit
from crosswire.facts.quantity_ranges import RANGE_LOW_END
from crosswire.facts.units import unit_table

_FUNCTION_WORDS = frozenset({"and", "or", "of", "the", "a", "an", ","})
_NOT_COUNT_MARKERS = frozenset({"last", "next", "this", "that", "the", "a", "an", "these",
                                "those", "each", "every", "per", "its", "their", "his", "her"})


def _noun_after(cand: Candidate, index: DocIndex) -> Token | None:
    """The noun the number counts ('3,250 people', 'dozens of people', 'one of the X')."""
    last = index.token_at(cand.num_end - 1)
    if last is None:
        return None
    head = last
    while head.dep_ == "conj" and head.head.tag_ == "CD" and head.head.i < head.i:
        head = head.head  # 'between 10 and 20 people': 20 hangs on 10
    while head.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "advmod") \
            and head.head.i > head.i and head.head.i - last.i <= 5:
        head = head.head
        if head.tag_ in NOUN_TAGS:
            break
    hyphenated = index.text[cand.num_end:cand.num_end + 1] in ("-", "‑")  # 'six-cylinder'
    while not hyphenated and head.dep_ == "compound" and head.head.i > head.i \
            and head.tag_ in ("NN", "NNS") \
            and head.head.tag_ in ("NN", "NNS") and all(
                t.dep_ == "compound" and t.tag_ in ("NN", "NNS")
                for t in head.doc[head.i + 1:head.head.i]):
        head = head.head  # 'the 11 member trade agreement' counts agreements
    if head.i != last.i and head.tag_ in NOUN_TAGS and _plain_count_noun(last, head):
        return head
    if last.lower_ in ("one", "two", "three", "four", "five") or cand.kind == "magnitude":
        return _of_object(index, cand)
    return None


def _plain_count_noun(last: Token, noun: Token) -> bool:
    """Is ``noun`` counted by the number ending at ``last``?  Not when a determiner or
    'last'/'next' stands between ('2.1 last year') or the noun carries digits ('10W')."""
    between = last.doc[last.i + 1:noun.i]
    if any(t.is_punct and t.tag_ != "HYPH" for t in between):
        return False
    if any(t.lower_ in _NOT_COUNT_MARKERS for t in between):
        return False
    return not any(ch.isdigit() for ch in noun.text) and noun.text[:1] not in "-–"


def _of_object(index: DocIndex, cand: Candidate) -> Token | None:
    """'dozens of people' / 'two of the victims' -> the noun after 'of'."""
    match = re.match(r"\s+of\s+", index.text[cand.num_end:cand.num_end + 8])
    if match is None:
        return None
    first = index.token_at(cand.num_end + match.end())
    while first is not None and first.dep_ in ("det", "amod", "compound", "nummod", "advmod",
                                               "nmod", "punct", "poss", "case") \
            and first.head.i > first.i:
        first = first.head
    return first if first is not None and first.tag_ in ("NNS", "NNPS") else None


def _count_unit(noun: Token, first: int) -> str | None:
    """counted noun, index of the first token after the number -> unit name: the noun's
    modifiers as written plus its lemma ('first-team players' -> 'first-team player');
    a noun that is a table unit gets its table name ('years' -> 'year')."""
    table = unit_table()
    lemma = noun.lemma_
    if noun.tag_ == "NNPS" and re.search(r"[^s]s$", lemma):
        lemma = lemma[:-1]  # 'World Cups' -> 'World Cup'
    name = table.name_of(noun.text, False) or table.name_of(lemma, False)
    if name is not None:
        return name
    if noun.tag_ == "NNP" or noun.lower_ in ("%",):
        return None
    numbers = [t.i for t in noun.doc[first:noun.i] if t.tag_ == "CD"]
    first = max(numbers) + 1 if numbers else first
    modifiers = [t for t in noun.doc[first:noun.i]
                 if t.lower_ not in _FUNCTION_WORDS and t.dep_ not in ("det", "advmod", "prep")
                 and not (t.is_punct and t.tag_ != "HYPH") and t.lower_ not in ("most", "more")
                 and t.tag_ != "CD"]
    words = [(t.lemma_ if t.tag_ in ("JJS", "JJR") else t.text) for t in modifiers]
    phrase = " ".join([*words, lemma]).replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    return phrase.strip(" -–") or None


_NOT_KIND_WORDS = frozenset({
    "another", "other", "further", "additional", "extra", "estimated", "mere", "whopping",
    "staggering", "total", "combined", "approximate", "some", "only", "just", "about", "nearly",
    "almost", "roughly", "around", "least", "most", "more", "less", "fewer", "first", "last",
    "next", "past", "previous", "final", "remaining", "coming", "same", "such", "many", "few",
    "several", "all", "both", "each", "every", "whole", "entire", "full", "likely", "possible",
})


def _modifiers_before(noun: Token, number: Token | None) -> list[str]:
    """counted noun, the number's first token -> the words that say what kind of thing is
    counted written before the number ('the top three seeds' -> ['top'], 'a record 32 goals'
    -> ['record']); words of amount or position ('another', 'first', 'estimated') are not."""
    if number is None:
        return []
    words: list[str] = []
    i = number.i - 1
    while i >= 0:
        token = noun.doc[i]
        if token.head.i != noun.i or token.dep_ not in ("amod", "compound") \
                or token.pos_ not in ("ADJ", "NOUN") or token.lower_ in _NOT_KIND_WORDS:
            break
        words.insert(0, token.lemma_ if token.tag_ in ("JJS", "JJR") else token.lower_)
        i -= 1
    return words


def assign_count_noun(cand: Candidate, index: DocIndex) -> None:
    """A unitless number that counts a noun gets that noun as unit ('7 games' -> 'game'),
    and 'per X' after it ('three thousand tests per day' -> 'test per day')."""
    if cand.table_unit or RANGE_LOW_END.match(index.text, cand.num_end):
        return
    noun = _noun_after(cand, index)
    last = index.token_at(cand.num_end - 1)
    if noun is None or noun.idx < cand.num_end or last is None:
        return
    if noun.tag_ == "NNP" and noun.lower_ not in ("people",):
        cand.noun = noun
        return
    first = last.i + 1
    of = re.match(r"\s+of\s+", index.text[cand.num_end:noun.idx + 1])
    if of is not None:
        after_of = index.token_at(cand.num_end + of.end())
        first = after_of.i if after_of is not None else noun.i
    unit = _count_unit(noun, first)
    if unit is None:
        return
    if not unit_table().name_of(unit, False):
        unit = " ".join([*_modifiers_before(noun, index.token_at(cand.num_start)), unit])
    cand.noun, cand.unit = noun, unit
    numbers = [t.i for t in noun.doc[first:noun.i] if t.tag_ == "CD"]
    first = max(numbers) + 1 if numbers else first
    cand.surface_unit = noun.doc[min(first, noun.i):noun.i + 1].text
    per = per_unit(index.text, noun.idx + len(noun.text), unit, index)
    if per is not None:
        cand.unit = per[0]


def _chunk(token: Token, after: int = 0) -> str:
    """noun token -> the noun with the compound words written right before it, lower-cased
    ('crude contract', 'concert-goers'); nothing at or before char ``after`` is taken."""
    doc = token.doc
    first = token.i
    while first > 0 and doc[first - 1].idx >= after:
        left = doc[first - 1]
        inside = first <= left.head.i <= token.i
        if inside and (left.dep_ == "compound" or left.tag_ == "HYPH"
                       or (left.dep_ == "amod" and "-" in left.text)):
            first -= 1
        else:
            break
    words = [t.text if t.pos_ == "PROPN" else t.lower_ for t in doc[first:token.i + 1]]
    return " ".join(words).replace(" - ", "-").strip(" -")


_PART_WORDS = frozenset({"dozens", "hundreds", "thousands", "millions", "billions", "tens",
                         "number", "total", "some", "many", "most", "all", "none", "half",
                         "third", "quarter", "majority", "minority", "percent", "%", "share"})
_LIGHT_VERBS = frozenset({"have", "be", "include", "contain"})


def _clause_role(noun: Token) -> Token:
    """a counted noun -> the token that fills its clause role: the noun itself, or for
    'dozens of civilians were killed' the number phrase 'dozens' the noun hangs from."""
    node = noun
    for _ in range(2):
        if node.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return node
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ == "of" \
                and (node.head.head.tag_ == "CD" or node.head.head.lower_ in _PART_WORDS):
            node = node.head.head
            continue
        break
    return node if node.dep_ in ("nsubj", "nsubjpass", "dobj") else noun


_PLACE_PREPOSITIONS = frozenset({"in", "at", "across", "through", "throughout", "outside",
                                 "near", "into", "around", "on"})
_COMPLEMENTS = ("dobj", "oprd")


def _place(*heads: Token) -> list[str]:
    """the counted noun and its verb -> ['in Athens'] when either names where it happened
    (a preposition whose object is a place entity), else []."""
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in _PLACE_PREPOSITIONS:
                continue
            place = next((c for c in prep.children if c.dep_ == "pobj"
                          and c.ent_type_ in ("GPE", "LOC", "FAC")), None)
            if place is not None:
                return [f"{prep.lower_} {_chunk(place)}"]
    return []


def _counted_for_noun(noun: Token, after: int) -> str:
    """'3,250 people were killed' -> 'people killed'; '1,500 civilians reached safety' ->
    'civilians reached safety'; '1,130 civilians' -> 'civilians'; 'killed 130 people' ->
    'people killed'; 'took two guards hostage' -> 'guards took hostage'; '20,000 people
    marched in Athens' -> 'people marched in Athens'."""
    base = _chunk(noun, after)
    counted = noun
    noun = _clause_role(noun)
    verb = noun.head
    if verb.lemma_.lower() in _LIGHT_VERBS:
        return " ".join([base, *_place(counted)])  # 'has 125 seats' says nothing more
    if noun.dep_ in ("nsubj", "nsubjpass") and verb.pos_ == "VERB":
        objs = [_chunk(c) for c in verb.children if c.dep_ in _COMPLEMENTS][:1]
        return " ".join([base, verb.lower_, *objs, *_place(counted, verb)])
    if noun.dep_ == "dobj" and verb.pos_ == "VERB":
        rest = [_chunk(c) for c in verb.children if c.dep_ == "oprd"][:1]
        return " ".join([base, verb.lower_, *rest, *_place(counted, verb)])
    return " ".join([base, *_place(counted)])


_AGE_UNITS = frozenset({"year of age", "month of age", "week of age", "day of age"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "they", "it", "who"})


def _name_or_noun(token: Token) -> str | None:
    """a person's token -> their name as written ('Arcade Joseph Comeaux', the proper nouns
    ending at it), the noun ('man'), or None for a pronoun."""
    if token.lower_ in _PERSON_PRONOUNS or token.pos_ == "PRON":
        return None
    while token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i:
        token = token.head  # 'Englishman Robert Buckley': the name the title stands before
    if token.pos_ != "PROPN":
        return _chunk(token)
    first = token.i
    while first > 0 and token.i - first < 3 and token.doc[first - 1].pos_ == "PROPN":
        first -= 1
    return token.doc[first:token.i + 1].text


_WHEN = frozenset({"DATE", "TIME"})


def _modifier_age(cand: Candidate, text: str) -> bool:
    """-> True for an age written as a modifier ('32-year-old'): it describes the noun after
    it, not a name before it ('On Saturday, 32-year-old Robert Buckley')."""
    return "-" in text[cand.num_end:cand.end]


def _whose_age(cand: Candidate, index: DocIndex) -> str | None:
    """an age -> whose it is: the name it stands in apposition to ('Comeaux, 49,'), the noun
    '-year-old' modifies ('a 38-year-old man' -> 'man'), or the subject that is that old
    ('Smith is 49 years old', 'he will be 35': None for a pronoun)."""
    text = index.text
    if text[cand.start - 2:cand.start] == ", " and not _modifier_age(cand, text):
        prev = index.token_before(cand.start - 2)
        if prev is not None and prev.pos_ == "PROPN" and prev.ent_type_ not in _WHEN:
            return _name_or_noun(prev)
    last = index.token_at(cand.end - 1)
    if last is None:
        return None
    node = last
    while node.dep_ in ("amod", "compound", "npadvmod", "nummod", "punct") \
            and node.head.i > node.i and node.head.pos_ not in ("NOUN", "PROPN"):
        node = node.head
    if node.dep_ in ("amod", "compound", "nummod") and node.head.pos_ in ("NOUN", "PROPN"):
        noun = node.head
        if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
            noun = noun.head  # 'Robert Buckley, 32-year-old Englishman,': Buckley's age
        return _name_or_noun(noun)
    if node.dep_ in ("acomp", "attr", "oprd", "dobj", "npadvmod") \
            and node.head.pos_ in ("AUX", "VERB"):
        subject = next((c for c in node.head.children if c.dep_ == "nsubj"), None)
        return _name_or_noun(subject) if subject is not None else None
    return None


def _counted_for_measure(token: Token, cand: Candidate) -> str | None:
    """What a measure is of: '85% of the city' -> 'city'; 'a 6kW electric motor' ->
    'electric motor'; 'shares slid 0.8%' -> 'shares'; 'a fine of $5m' -> 'fine'."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.idx >= cand.end - 1:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _chunk(objects[0])
    head = token
    while head.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod", "npadvmod") \
            and head.head.i > head.i and head.head.idx >= cand.end:
        if head.head.pos_ in ("NOUN", "PROPN"):
            return _chunk(head.head, cand.end)
        head = head.head
    return _counted_from_context(token, cand)


_TALLY_WORDS = frozenset({"number", "total", "toll", "count", "figure", "tally"})


def _tally_of(noun: Token) -> str:
    """'the number of dead' -> 'dead'; any other noun -> its chunk."""
    if noun.lower_ in _TALLY_WORDS:
        for prep in noun.children:
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if prep.lower_ == "of" and objects:
                return _chunk(objects[0])
    return _chunk(noun)


def _counted_from_context(token: Token, cand: Candidate) -> str | None:
    """A measure in a clause: the subject or object of its verb, the noun its 'of'/'at'
    attaches to, or the verb it is the subject of ('90 percent had been freed' -> 'freed')."""
    node = token
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            governor = node.head.head
            if governor.pos_ in ("NOUN", "PROPN") and governor.lower_ not in ("total",):
                return _chunk(governor)
            obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
            subj = next((c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            chosen = obj if obj is not None and obj.pos_ == "NOUN" else subj
            if governor.pos_ == "VERB" and chosen is not None and chosen.pos_ == "NOUN":
                return _tally_of(chosen)
            node = governor
            continue
        if node.dep_ in ("dobj", "npadvmod", "attr", "advmod", "acomp", "oprd") \
                and node.head.pos_ in ("VERB", "AUX"):
            verb = node.head
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i != node.i), None)
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            chosen = obj if obj is not None and obj.pos_ == "NOUN" else subj
            if chosen is not None and chosen.pos_ in ("NOUN", "PROPN"):
                return _chunk(chosen)
            return None
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.pos_ == "VERB":
            return node.head.lower_
        break
    return None


def counted_of(cand: Candidate, index: DocIndex) -> str | None:
    """candidate -> the short description of what it counts or measures, or None
    (never a phrase holding digits: that would be another quantity); for an age, whose."""
    if cand.unit in _AGE_UNITS:
        return _whose_age(cand, index)
    if cand.noun is not None and not cand.table_unit:
        return _counted_for_noun(cand.noun, cand.num_end)
    anchor = index.token_at(max(cand.num_start, cand.end - 1))
    if anchor is None:
        return None
    if anchor.pos_ == "PUNCT" and anchor.i > 0:
        anchor = anchor.doc[anchor.i - 1]
    counted = _counted_for_measure(anchor, cand)
    return None if counted is None or any(ch.isdigit() for ch in counted) else counted

