"""Quotes in news text: who said which words, as opposed to the outlet that printed them.

``find_quotes(doc)`` returns direct quotes (the words between quote marks, attached to a speech
verb such as "said", "told", "according to") and reported speech ("X said the city had fallen":
the reported clause). Speakers are names or roles as written; pronoun speakers ("he said",
"it added") are resolved to the most recent fitting speaker. ``find_scare_quotes(doc)`` returns
short quoted phrases with no speech verb attached (the "liberation" of the city), which are
framing, not quotes.

Everything here is a pure function over one spaCy parse (tags, dependencies, entities); no model
is loaded. The lower-level pieces (speech triggers, speaker mentions, pronoun resolution) are
shared with :mod:`crosswire.facts.attribution`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Span, Token

QuoteKind = Literal["direct", "reported"]
MentionKind = Literal["person", "organisation", "role", "anonymous"]



def _wordset(words: str) -> frozenset[str]:
    """'a b c' -> frozenset({'a', 'b', 'c'}) (keeps the word lists below readable)."""
    return frozenset(words.split())


# Lemmas of verbs that attribute words or claims to their subject.
SPEECH_LEMMAS = _wordset(
    """say tell add state declare announce write tweet warn insist claim report note explain
    stress emphasize emphasise predict urge ask reply respond answer confirm deny acknowledge
    admit concede argue suggest assert maintain contend allege comment observe remark recall
    reiterate repeat conclude caution complain disclose reveal promise vow pledge threaten
    estimate decry condemn criticize criticise praise hail accuse blame describe call label dub
    brand quote testify proclaim"""
)
# Speech lemmas that are also common non-speech verbs ("the campaign concludes", "added 500
# troops"): they count only with a clause or a speaker-like subject.
_WEAK_LEMMAS = _wordset(
    "add call describe note report promise answer conclude observe recall repeat"
)
DOCUMENT_NOUNS = _wordset(
    "statement report letter communique communiqué tweet post message release note memo "
    "declaration announcement"
)
_TOLL_NOUNS = _wordset("toll number figure count tally estimate")
_AUDIENCE_NOUNS = _wordset("reporter reporters journalist journalists press newspaper agency")
# Nouns naming people by their function: a mention headed by one is a human speaker.
PERSON_ROLES = _wordset(
    """spokesman spokeswoman spokesperson official officer minister secretary president premier
    chief head member expert analyst commander general colonel leader director adviser advisor
    envoy ambassador diplomat source activist resident witness aide governor mayor senator
    lawmaker researcher professor journalist reporter correspondent chairman chairwoman chair
    representative negotiator monitor man woman person people doctor medic worker fighter
    soldier militant rebel insider citizen civilian survivor victim investigator prosecutor
    judge lawyer king queen prince emir sheikh cleric pope"""
)
# Heads of unnamed sources ("officials said", "a source close to ...").
ANONYMOUS_HEADS = _wordset("official source diplomat insider aide person people individual officer")
# Title words stripped from the front of a person's name ("US President Donald Trump").
TITLE_WORDS = _wordset(
    """president vice secretary minister prime foreign defense defence state general gen major
    maj colonel col lieutenant lt captain capt commander sergeant sgt admiral adm dr mr mrs ms
    sir senator sen rep representative governor gov mayor king queen prince sheikh emir judge
    spokesman spokeswoman chief deputy ambassador us u.s. uk former professor prof"""
)
ORG_WORDS = _wordset(
    """forces force ministry council observatory army group agency organization organisation
    committee coalition times news party department office government union alliance front
    militia police navy command commission court bank company corporation institute
    university network press post guardian tribune service services watch movement
    brigade brigades battalion unit authority administration parliament assembly senate
    congress foundation fund association federation"""
)
_ANON_DETS = _wordset("a an some several two three four many other one")
_REL_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_ORG_PRONOUNS = frozenset({"it", "its"})
_PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT"})
# Dependency of the quote's attachment to a speech verb: the quote is what is said.
_COMPLEMENT_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "obj", "attr", "oprd", "parataxis", "prep", "dep", "npadvmod",
     "dative", "pcomp"}
)
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep", "acl"})
_SENTENCE_END = frozenset({".", "!", "?", ";"})
_DOUBLE_MARKS = "\"“”„«»"
_SINGLE_OPEN = "'‘"
_SINGLE_CLOSE = "'’"
_SCARE_MAX_WORDS = 4
_AFTER_WINDOW = 14
_BEFORE_WINDOW = 6


@dataclass(frozen=True)
class Quote:
    """Words attributed to a speaker: ``start``/``end`` index ``doc.text`` (quote marks
    excluded for direct quotes); ``speaker_start``/``speaker_end`` locate the mention the speaker
    was taken from (an earlier one for pronouns); the sentence span is for the citation."""

    start: int
    end: int
    text: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    kind: QuoteKind
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True)
class ScareQuote:
    """A short quoted phrase with no speech verb attached (framing, not a quote)."""

    start: int
    end: int
    text: str


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


@dataclass(frozen=True)
class Region:
    """Quoted text found by the mark scanner: content offsets and mark offsets."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    single: bool


@dataclass
class SpeechEvent:
    """One speech verb (or "according to") outside quotes, with its speaker as written and as
    resolved (pronouns and document nouns replaced by their referent)."""

    trigger: Token
    written: Mention | None
    speaker: Mention | None
    told_to: str | None = None
    complement: tuple[int, int] | None = None


@dataclass
class Resolver:
    """Recency list of resolved sources, for pronouns ("he", "it", "they")."""

    doc: Doc
    history: list[Mention] = field(default_factory=list)
    surnames: frozenset[str] = frozenset()

    def add(self, mention: Mention | None) -> None:
        """Mention -> remembered as the most recent source (pronoun mentions are skipped)."""
        if mention is not None and mention.pronoun is None:
            self.history.append(mention)

    def resolve(self, mention: Mention) -> Mention | None:
        """pronoun mention -> the most recent fitting source before it, or None."""
        word = mention.pronoun
        if word is None:
            return mention
        for past in reversed(self.history):
            if past.start < mention.start and _pronoun_fits(word, past):
                return past
        if word in _PERSON_PRONOUNS:
            return _last_person_name(self.doc, mention.start, self.surnames)
        return None


def _pronoun_fits(word: str, past: Mention) -> bool:
    """(pronoun, earlier source) -> True when the pronoun can refer to that source."""
    if word in _PERSON_PRONOUNS:
        return past.human and not past.plural
    if word in _ORG_PRONOUNS:
        return not past.human and not past.plural
    return past.plural or past.kind == "organisation"


# --------------------------------------------------------------------------- quote marks


_TEXT_CACHE: tuple[Doc | None, str] = (None, "")


def doc_text(doc: Doc) -> str:
    """Doc -> doc.text, kept for the last Doc seen (spaCy rebuilds the string on every access)."""
    global _TEXT_CACHE
    cached = _TEXT_CACHE
    if cached[0] is doc:
        return cached[1]
    text = doc.text
    _TEXT_CACHE = (doc, text)
    return text


_PARAGRAPH = re.compile(r"\n")


def quote_regions(text: str) -> list[Region]:
    """text -> quoted regions in order: double-quoted first, then single-quoted ones outside
    them. A quote left open at a line end closes there (news convention for quotes that run
    over paragraphs)."""
    regions = _double_regions(text)
    taken = [(r.open_mark, (r.close_mark if r.close_mark is not None else r.end)) for r in regions]
    singles = [r for r in _single_regions(text) if not _inside_any(r.open_mark, taken)]
    return sorted(regions + singles, key=lambda r: r.open_mark)


def _inside_any(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    """(offset, spans) -> True if some span contains the offset."""
    return any(a <= pos <= b for a, b in spans)


def _can_open(text: str, i: int) -> bool:
    """A mark at i can open a quote: start of text, or after a space or opening punctuation."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-/:" or prev in _DOUBLE_MARKS) and not nxt.isspace()


def _can_close(text: str, i: int) -> bool:
    """A mark at i can close a quote: end of text, or before a space or punctuation."""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev = text[i - 1] if i > 0 else " "
    return (nxt.isspace() or not nxt.isalnum()) and not prev.isspace()


def _double_regions(text: str) -> list[Region]:
    """text -> regions between double quote marks (straight, curly, guillemets), per line."""
    out: list[Region] = []
    for line in _lines(text):
        out.extend(_pair_marks(text, line, _DOUBLE_MARKS, _DOUBLE_MARKS, single=False))
    return out


def _single_regions(text: str) -> list[Region]:
    """text -> regions between single quote marks; apostrophes are told apart by context."""
    out: list[Region] = []
    for line in _lines(text):
        out.extend(_pair_marks(text, line, _SINGLE_OPEN, _SINGLE_CLOSE, single=True))
    return out


def _lines(text: str) -> Iterable[tuple[int, int]]:
    """text -> (start, end) of each line."""
    start = 0
    for m in _PARAGRAPH.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _pair_marks(
    text: str, line: tuple[int, int], opens: str, closes: str, single: bool
) -> list[Region]:
    """(text, line span, mark sets) -> paired regions within the line."""
    out: list[Region] = []
    open_at: int | None = None
    for i in range(line[0], line[1]):
        ch = text[i]
        if open_at is None:
            if ch in opens and ch != "”" and _can_open(text, i) and _opens_words(text, i, single):
                open_at = i
        elif ch in closes and _can_close(text, i) and ch != "“":
            out.append(_region(text, open_at, i, single))
            open_at = None
        elif ch == "“" and not single:
            out.append(_region(text, open_at, None, single, until=i))
            open_at = i
    if open_at is not None and not single:
        out.append(_region(text, open_at, None, single, until=line[1]))
    return [r for r in out if r.end > r.start]


def _opens_words(text: str, i: int, single: bool) -> bool:
    """A single mark opens only before a letter or digit (not "'90s" style elisions)."""
    if not single:
        return True
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return nxt.isalpha()


def _region(
    text: str, open_at: int, close_at: int | None, single: bool, until: int | None = None
) -> Region:
    """Mark offsets -> a Region whose content is stripped of spaces and trailing commas."""
    start = open_at + 1
    end = close_at if close_at is not None else (until if until is not None else len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return Region(start, end, open_at, close_at, single)


# --------------------------------------------------------------------------- speech triggers


class _Inside:
    """Fast 'is this offset inside a quote region' test (bisect over sorted regions)."""

    def __init__(self, regions: Sequence[Region]) -> None:
        self.spans = sorted((r.open_mark, _region_stop(r)) for r in regions)
        self.starts = [s for s, _ in self.spans]

    def at(self, offset: int) -> int | None:
        """char offset -> index of the region containing it, or None."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and self.spans[k][0] <= offset < self.spans[k][1]:
            return k
        return None


def _region_stop(region: Region) -> int:
    """Region -> offset just past its closing mark (or past its content when left open)."""
    return region.close_mark + 1 if region.close_mark is not None else region.end


def is_trigger(tok: Token) -> bool:
    """Token -> True when it is a speech verb ("said", "told", "according to", "put the toll")."""
    if tok.lower_ == "according":
        return any(c.lower_ == "to" for c in tok.children)
    if tok.pos_ != "VERB" or tok.dep_ in ("amod", "compound", "nmod"):
        return False  # "the self-declared caliphate", "so-called"
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_LEMMAS:
        return lemma not in _WEAK_LEMMAS or _weak_is_speech(tok)
    if lemma == "read":
        subj = _child(tok, "nsubj")
        return subj is not None and subj.lemma_.lower() in DOCUMENT_NOUNS
    if lemma == "put":
        obj = _child(tok, "dobj")
        return obj is not None and obj.lemma_.lower() in _TOLL_NOUNS
    return False


def _weak_is_speech(tok: Token) -> bool:
    """'added 500 troops', 'the campaign concludes' are not speech; 'he added', 'added that ...',
    'called it "a disaster"' are: a clause, a predicate, or a speaker-like subject."""
    deps = {c.dep_ for c in tok.children}
    if deps & {"ccomp", "parataxis", "oprd"}:
        return True
    if "dobj" in deps and tok.lemma_.lower() not in ("call", "describe"):
        return False
    subj = _child(tok, "nsubj")
    if subj is None:
        return tok.dep_ in ("advcl", "conj", "xcomp")
    return subj.pos_ in ("PRON", "PROPN") or subj.lemma_.lower() in PERSON_ROLES | ORG_WORDS


def _child(tok: Token, *deps: str) -> Token | None:
    """(token, deps) -> its first child with one of those dependency labels."""
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def subject_token(trigger: Token, depth: int = 0) -> Token | None:
    """speech verb -> the token naming who speaks (climbing from "saying"/"adding" to the main
    verb's subject; "X quoted Y as saying" -> Y; "according to X" -> X), or None."""
    if depth > 4:
        return None
    lemma = trigger.lemma_.lower()
    if trigger.lower_ == "according":
        to = next((c for c in trigger.children if c.lower_ == "to"), None)
        return _child(to, "pobj") if to is not None else None
    if lemma == "quote" and trigger.pos_ == "VERB":
        return _child(trigger, "dobj", "nsubjpass")
    subj = _child(trigger, "nsubj")
    if subj is not None:
        return _unwrap_subject(trigger, subj) if _same_line(subj, trigger) else None
    agent = _child(trigger, "agent")
    if agent is not None:
        return _child(agent, "pobj")
    if _child(trigger, "nsubjpass") is not None or trigger.dep_ not in _CLIMB_DEPS:
        return None
    head = trigger.head
    while head.dep_ == "ccomp" and head.head.i != head.i and is_trigger(head.head):
        head = head.head  # "said X, adding that" parsed with "adding" under X: speaker of said
    if trigger.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        return _document_owner(head) if head.lemma_.lower() in DOCUMENT_NOUNS else head
    return subject_token(head, depth + 1) if head.i != trigger.i else None


def _same_line(a: Token, b: Token) -> bool:
    """Two tokens -> True when no line break separates them (parses run across paragraphs)."""
    lo, hi = sorted((a.i, b.i))
    return not any("\n" in t.text for t in a.doc[lo:hi] if t.is_space)


def _line_range(tok: Token) -> tuple[int, int]:
    """Token -> [first, last] token indices of the line it sits on."""
    doc = tok.doc
    lo = tok.i
    while lo > 0 and not (doc[lo - 1].is_space and "\n" in doc[lo - 1].text):
        lo -= 1
    hi = tok.i
    while hi + 1 < len(doc) and not (doc[hi + 1].is_space and "\n" in doc[hi + 1].text):
        hi += 1
    return lo, hi


def _unwrap_subject(verb: Token, subj: Token) -> Token:
    """Subject -> the speaker it stands for: a relative pronoun's antecedent, a document's
    owner ("Trump's statement said" -> Trump)."""
    if subj.lower_ in _REL_PRONOUNS and verb.dep_ == "relcl":
        return verb.head
    if subj.lemma_.lower() in DOCUMENT_NOUNS:
        owner = _child(subj, "poss")
        if owner is not None:
            return owner
    return subj


def _document_owner(noun: Token) -> Token:
    """'a statement saying' -> who issued the statement (its verb's subject), else the noun."""
    owner = _child(noun, "poss")
    if owner is not None:
        return owner
    verb = noun.head
    subj = _child(verb, "nsubj") if verb.pos_ in ("VERB", "AUX") else None
    return subj if subj is not None else noun


def told_to(trigger: Token) -> str | None:
    """"told Reuters" -> "Reuters": the outlet or audience a tell-verb names, or None."""
    if trigger.lemma_.lower() != "tell":
        return None
    for c in trigger.children:
        near = c.dep_ in ("dative", "dobj") and 0 < c.i - trigger.i <= 3
        if near and (c.pos_ == "PROPN" or c.lemma_.lower() in _AUDIENCE_NOUNS):
            return _np_text(c, with_preps=False)
    return None


# --------------------------------------------------------------------------- mentions


def mention_of(tok: Token, surnames: frozenset[str] = frozenset()) -> Mention:
    """subject token -> a Mention: a pronoun, a name (PROPN run or entity, titles stripped), or
    a noun phrase as written ("a French military spokesman")."""
    if tok.pos_ == "PRON" or tok.lower_ in _PERSON_PRONOUNS | _ORG_PRONOUNS | _PLURAL_PRONOUNS:
        return _pronoun_mention(tok)
    name_tok = tok
    if tok.pos_ != "PROPN":
        appos = _child(tok, "appos")
        if appos is not None and appos.pos_ == "PROPN":
            name_tok = appos
        else:
            name_tok = _name_before(tok) or tok
    context = _context_text(tok)
    if name_tok.i != tok.i and name_tok.head.i != tok.i:
        context = f"{name_tok.text}, {context}"
    if name_tok.pos_ == "PROPN":
        return _name_mention(name_tok, context, surnames)
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
    human = word in _PERSON_PRONOUNS
    kind: MentionKind = "person" if human else "organisation"
    if word in _PLURAL_PRONOUNS:
        kind = "role"
    end = tok.idx + len(tok.text)
    return Mention(tok.text, tok.idx, end, kind, human, word in _PLURAL_PRONOUNS, False, tok.text,
                   pronoun=word)


def _name_mention(tok: Token, context: str, surnames: frozenset[str]) -> Mention:
    """PROPN head -> a named Mention, kind decided from NER, titles and organisation words."""
    first, last = _name_bounds(tok)
    doc = tok.doc
    first, titled = _strip_titles(doc, first, last)
    span = doc[first : last + 1]
    kind = _name_kind(tok, span, titled or _has_role(tok), surnames)
    human = kind == "person"
    return Mention(span.text, span.start_char, span.end_char, kind, human,
                   tok.tag_ == "NNPS", True, context)


def _name_bounds(tok: Token) -> tuple[int, int]:
    """PROPN -> (first, last) token index of its name: the PROPN run joined with its entity."""
    doc = tok.doc
    first = last = tok.i
    while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].head.i in (
        tok.i, first, *range(first, tok.i + 1)
    ):
        first -= 1
    ent = _entity(tok)
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


def _entity(tok: Token) -> Span | None:
    """Token -> the name-like entity containing it, or None."""
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in _NAME_LABELS:
            return ent
    return None


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
    ent = _entity(tok)
    if ent is not None:
        return "person" if ent.label_ == "PERSON" else "organisation"
    return "person" if len(span) >= 2 and all(t.is_title for t in span) else "organisation"


def _role_mention(tok: Token, context: str) -> Mention:
    """common-noun head -> a role or anonymous Mention, text as written."""
    text, start, end = _np_bounds(tok, with_preps=True)
    lemma = tok.lemma_.lower()
    plural = tok.tag_ in ("NNS", "NNPS")
    human = lemma in PERSON_ROLES or lemma in ANONYMOUS_HEADS
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
    det = _child(tok, "det", "nummod")
    if det is None:
        return _child(tok, "poss") is None
    return det.lower_ in _ANON_DETS or "anonymity" in tok.sent.text.lower()


def _np_bounds(tok: Token, with_preps: bool) -> tuple[str, int, int]:
    """Noun head -> (text, start, end) of its phrase: modifiers on the left, "of/for/at/from/in"
    phrases on the right, without relative clauses or appositions."""
    idx = sorted(_np_tokens(tok, with_preps, 0))
    doc = tok.doc
    first, last = idx[0], idx[-1]
    while last > first and doc[last].is_punct:
        last -= 1
    span = doc[first : last + 1]
    return span.text, span.start_char, span.end_char


def _np_text(tok: Token, with_preps: bool) -> str:
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
        obj = _child(c, "pobj") if c.dep_ == "prep" and c.lower_ in _NP_PREPS else None
        if obj is not None:
            out.add(c.i)
            out.update(_np_tokens(obj, True, depth + 1))
    return out


def _context_text(tok: Token) -> str:
    """Subject head -> its phrase plus appositions ("Talal Silo, the spokesman of the SDF")."""
    parts = [_np_text(tok, with_preps=True)]
    parts += [_np_text(c, with_preps=True) for c in tok.children if c.dep_ == "appos"]
    return ", ".join(parts)


def person_surnames(doc: Doc) -> frozenset[str]:
    """Doc -> last words of person names in it (PERSON entities and titled names), so that a
    later bare surname the tagger mislabels ("Mattis" as GPE) still counts as a person."""
    names = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) >= 2}
    for tok in doc:
        titled = tok.pos_ == "PROPN" and tok.lower_.rstrip(".") in TITLE_WORDS
        if titled and tok.head.pos_ == "PROPN" and 0 < tok.head.i - tok.i <= 3:
            names.add(tok.head.text)
    return frozenset(n for n in names if n[:1].isupper())


def _last_person_name(doc: Doc, before: int, surnames: frozenset[str]) -> Mention | None:
    """Doc, offset -> the most recent person name mentioned before the offset, or None."""
    for ent in reversed(doc.ents):
        if ent.end_char <= before and (ent.label_ == "PERSON" or ent[-1].text in surnames):
            head = ent.root
            if head.pos_ == "PROPN":
                found = _name_mention(head, _context_text(head), surnames)
                if found.kind == "person":
                    return found
    return None


# --------------------------------------------------------------------------- speech events


def speech_events(
    doc: Doc, regions: Sequence[Region], resolver: Resolver, tokens: Iterable[Token] | None = None
) -> list[SpeechEvent]:
    """(doc, quote regions, resolver) -> the speech events outside quotes, in order, speakers
    resolved against (and added to) the resolver's history."""
    inside = _Inside(regions)
    out = []
    for tok in doc if tokens is None else tokens:
        if inside.at(tok.idx) is None and is_trigger(tok):
            out.append(_event(tok, resolver, inside))
    return out


def _event(tok: Token, resolver: Resolver, inside: _Inside) -> SpeechEvent:
    """speech verb -> SpeechEvent with its written and resolved speaker and its complement."""
    subj = subject_token(tok)
    written = None
    if subj is not None and inside.at(subj.idx) is None:
        written = mention_of(subj, resolver.surnames)
    speaker = resolver.resolve(written) if written is not None else None
    resolver.add(speaker)
    return SpeechEvent(tok, written, speaker, told_to(tok), _complement(tok, inside))


def _complement(tok: Token, inside: _Inside) -> tuple[int, int] | None:
    """speech verb -> (start, end) of the reported clause it introduces, unless that clause is
    (mostly) a direct quote; "according to X" -> the rest of its clause."""
    if tok.lower_ == "according":
        return _according_rest(tok)
    comp = _child(tok, "ccomp")
    if comp is None:
        return None
    words = [t for t in comp.subtree if not t.is_punct and not t.is_space]
    if not words or (words[0].dep_ == "mark" and len(words) == 1):
        return None
    if words[0].dep_ == "mark" and words[0].lower_ in ("that", "whether", "if"):
        words = words[1:]
    lo, hi = _line_range(tok)
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
    marks = sum(text.count(m, start, end) for m in _DOUBLE_MARKS)
    if marks % 2 == 1 and end < len(text) and text[end] in _DOUBLE_MARKS:
        return end + 1
    return end


def _according_rest(tok: Token) -> tuple[int, int] | None:
    """'according to X' -> its clause without the according phrase, when the phrase stands at
    the clause's edge."""
    clause = [t for t in tok.head.subtree if not t.is_punct and not t.is_space]
    lo, hi = _line_range(tok)
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


# --------------------------------------------------------------------------- attaching quotes


@dataclass(frozen=True)
class QuoteAnalysis:
    """Everything find_quotes and find_scare_quotes report, plus the speech events (for
    attribution), from one pass over a Doc."""

    quotes: list[Quote]
    scare_quotes: list[ScareQuote]
    events: list[SpeechEvent]
    regions: list[Region]


def analyse(doc: Doc) -> QuoteAnalysis:
    """Doc -> direct and reported quotes, scare quotes and speech events, in text order."""
    regions = quote_regions(doc_text(doc))
    resolver = Resolver(doc, surnames=person_surnames(doc))
    events = speech_events(doc, regions, resolver)
    inside = _Inside(regions)
    spans = [_content_span(doc, r) for r in regions]
    attached = [_attach(doc, r, s, events, inside) for r, s in zip(regions, spans, strict=True)]
    direct, scare = _classify(doc, regions, spans, attached)
    reported = [_reported(doc, e) for e in events if e.complement and e.speaker is not None]
    quotes = sorted(direct + reported, key=lambda q: (q.start, q.kind))
    return QuoteAnalysis(quotes, scare, events, regions)


def find_quotes(doc: Doc) -> list[Quote]:
    """Doc -> direct and reported quotes with their speakers, in text order."""
    return analyse(doc).quotes


def find_scare_quotes(doc: Doc) -> list[ScareQuote]:
    """Doc -> short quoted phrases (1-4 words) with no speech verb attached."""
    return analyse(doc).scare_quotes


def _content_span(doc: Doc, region: Region) -> Span | None:
    """Region -> the tokens of its content (expanded to token edges), or None if empty."""
    span = doc.char_span(region.start, region.end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _token_at(doc: Doc, offset: int) -> Token | None:
    """char offset -> the token covering it, or None."""
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _attach(
    doc: Doc, region: Region, span: Span | None, events: Sequence[SpeechEvent], inside: _Inside
) -> SpeechEvent | None:
    """Quote region -> the speech event it belongs to: a verb right after it ("...," he said),
    right before it (said: "..."), or governing it in the parse; None when no verb attaches."""
    if span is None:
        return None
    by_trigger = {e.trigger.i: e for e in events}
    return (
        _after(doc, region, span, by_trigger, inside)
        or _before(doc, region, by_trigger, inside)
        or _governing(span, by_trigger, events)
    )


def _stops(tok: Token, inside: _Inside) -> bool:
    """Token -> True when a scan for the attribution must stop at it."""
    return tok.is_space or "\n" in tok.text or tok.text in _SENTENCE_END or (
        inside.at(tok.idx) is not None
    )


def _after(
    doc: Doc, region: Region, span: Span, by_trigger: dict[int, SpeechEvent], inside: _Inside
) -> SpeechEvent | None:
    """'"...," he said' -> the event of the first speech verb after the closing mark."""
    if region.close_mark is None:
        return None
    close = _token_at(doc, region.close_mark)
    if close is None or close.i + 1 >= len(doc):
        return None
    nxt = doc[close.i + 1]
    if doc_text(doc)[region.end - 1] == "." and nxt.is_title and nxt.pos_ != "PROPN":
        return None
    for j in range(close.i + 1, min(len(doc), close.i + 1 + _AFTER_WINDOW)):
        tok = doc[j]
        if j in by_trigger:
            return by_trigger[j] if _clean_gap(doc[close.i + 1 : j], doc[j]) else None
        if _stops(tok, inside) and tok.i != close.i:
            return None
    return None


def _clean_gap(gap: Span, trigger: Token) -> bool:
    """Tokens between a quote and its verb -> True when they are only the verb's subject phrase
    (with its appositions and relative clauses), punctuation and adverbs of the verb."""
    subj = subject_token(trigger)
    allowed = {t.i for t in subj.subtree} if subj is not None else set()
    return all(
        t.is_punct or t.i in allowed or (t.head.i == trigger.i and t.dep_ != "nsubjpass")
        for t in gap
    )


def _before(
    doc: Doc, region: Region, by_trigger: dict[int, SpeechEvent], inside: _Inside
) -> SpeechEvent | None:
    """'X said: "..."' -> the event of a speech verb just before the opening mark, with only
    punctuation, "that", adverbs or a prepositional phrase between."""
    opening = _token_at(doc, region.open_mark)
    if opening is None:
        return None
    for j in range(opening.i - 1, max(-1, opening.i - 1 - _BEFORE_WINDOW), -1):
        tok = doc[j]
        if j in by_trigger:
            gap = doc[j + 1 : opening.i]
            ok = all(t.pos_ not in ("VERB", "AUX") and not t.dep_.startswith("nsubj") for t in gap)
            return by_trigger[j] if ok else None
        if _stops(tok, inside) and tok.text != ":":
            return None
    return None


def _governing(
    span: Span, by_trigger: dict[int, SpeechEvent], events: Sequence[SpeechEvent]
) -> SpeechEvent | None:
    """Quote tokens -> the event whose verb governs them as a complement (said the city had been
    "liberated"), or whose verb hangs off a quoted word ("according to X" inside a clause)."""
    idxs = range(span.start, span.end)
    for tok in span:
        if tok.head.i in idxs and tok.head.i != tok.i:
            continue
        found = _climb_to_trigger(tok, idxs, by_trigger)
        if found is not None:
            return found
    sent = span[0].sent
    for ev in events:
        trig = ev.trigger
        if trig.head.i in idxs and trig.i not in idxs and sent.start <= trig.i < sent.end:
            return ev
    return None


def _climb_to_trigger(
    tok: Token, idxs: range, by_trigger: dict[int, SpeechEvent]
) -> SpeechEvent | None:
    """Token -> the first speech verb up its head chain, if reached through a complement."""
    cur = tok
    for _ in range(14):
        nxt = cur.head
        if nxt.i == cur.i:
            return None
        if nxt.i in by_trigger and nxt.i not in idxs:
            return by_trigger[nxt.i] if cur.dep_ in _COMPLEMENT_DEPS else None
        cur = nxt
    return None


# --------------------------------------------------------------------------- building records


def _words(span: Span) -> int:
    """Span -> number of word tokens (no punctuation or spaces)."""
    return sum(1 for t in span if not t.is_punct and not t.is_space)


def _classify(
    doc: Doc,
    regions: Sequence[Region],
    spans: Sequence[Span | None],
    attached: Sequence[SpeechEvent | None],
) -> tuple[list[Quote], list[ScareQuote]]:
    """Regions with their events -> (direct quotes, scare quotes). Unattached long quotes take
    the speaker of an attached quote in the same sentence, of the quote they directly follow, or
    (when left open at a paragraph end) of the quote that continues them."""
    events = list(attached)
    for k in range(len(regions)):
        if events[k] is None and spans[k] is not None:
            events[k] = _borrowed(doc, k, regions, spans, events)
    quotes: list[Quote] = []
    scare: list[ScareQuote] = []
    for region, span, ev in zip(regions, spans, events, strict=True):
        if span is None:
            continue
        text = doc_text(doc)[region.start : region.end]
        if ev is None and _words(span) <= _SCARE_MAX_WORDS:
            scare.append(ScareQuote(region.start, region.end, text))
        elif ev is not None or _sentence_like(text):
            quotes.append(_direct(region, span, text, ev))
    return quotes, scare


def _borrowed(
    doc: Doc,
    k: int,
    regions: Sequence[Region],
    spans: Sequence[Span | None],
    events: Sequence[SpeechEvent | None],
) -> SpeechEvent | None:
    """Unattached long quote k -> the event of a neighbouring quote by the same speaker."""
    span = spans[k]
    if span is None or _words(span) <= _SCARE_MAX_WORDS:
        return None
    sent = span[0].sent
    for j, other in enumerate(spans):
        if j != k and other is not None and events[j] is not None and other[0].sent == sent:
            return events[j]
    if k > 0 and events[k - 1] is not None and spans[k - 1] is not None:
        prev_end = max(_stop_of(regions[k - 1]), spans[k - 1][-1].sent.end_char)  # type: ignore[index]
        if not doc_text(doc)[prev_end : regions[k].open_mark].strip():
            return events[k - 1]
    nxt = k + 1
    left_open = regions[k].close_mark is None and nxt < len(regions)
    if left_open and not doc_text(doc)[regions[k].end : regions[nxt].open_mark].strip():
        return events[nxt]
    return None


def _stop_of(region: Region) -> int:
    """Region -> offset just past it."""
    return _region_stop(region)


def _sentence_like(text: str) -> bool:
    """Quoted text -> True when it reads as a full sentence (capital start, final stop)."""
    return bool(text) and text[0].isupper() and text.rstrip("'\"’”)")[-1:] in ".!?"


def _direct(region: Region, span: Span, text: str, ev: SpeechEvent | None) -> Quote:
    """Region with its event -> a direct Quote."""
    sents = [span[0].sent, span[-1].sent]
    if ev is not None:
        sents.append(ev.trigger.sent)
    who = ev.speaker if ev is not None else None
    return Quote(
        region.start, region.end, text,
        who.text if who else None, who.start if who else None, who.end if who else None,
        "direct", min(s.start_char for s in sents), max(s.end_char for s in sents),
    )


def _reported(doc: Doc, ev: SpeechEvent) -> Quote:
    """Speech event with a complement clause -> a reported Quote."""
    assert ev.complement is not None and ev.speaker is not None
    start, end = ev.complement
    first, last = _token_at(doc, start), _token_at(doc, end - 1)
    sents = [ev.trigger.sent] + [t.sent for t in (first, last) if t is not None]
    who = ev.speaker
    return Quote(
        start, end, doc_text(doc)[start:end], who.text, who.start, who.end, "reported",
        min(s.start_char for s in sents), max(s.end_char for s in sents),
    )
