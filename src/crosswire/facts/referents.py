"""Who a speaker mention stands for, within one article: one canonical speaker per person or
body.

``Resolver`` keeps the article's sources in text order and maps a mention to the named person
or body it refers to:

- a pronoun ("he", "she", "it", "they") -> the most recent earlier source of fitting number,
  animacy and gender (gender from the source's own words: "spokeswoman", "Mr", "Mrs"), else
  the most recent person name of fitting gender;
- a definite role noun ("the president", "the sheriff", "the observatory", "the official") ->
  the most recent earlier source, or named entity, whose name or title contains that noun
  (a person role only names a person, a body's noun only a body);
- "its spokesman" -> the spokesman of the body "its" refers to (the named one when the article
  names them);
- a document ("the statement", "a police statement", "the report from X") -> whoever issued
  it ("said in a statement", "released a statement"), or nobody when the article does not say;
- a bare surname or first name ("Trump", "Insp Gaskin") -> the full name the article gives
  ("Donald Trump"), unless two different people share it; an acronym -> the name it
  abbreviates when the article spells it out.

An unresolved pronoun or document is None: the speaker is unknown and nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from crosswire.facts.lexicon import (
    DOCUMENT_NOUNS,
    FEMALE_WORDS,
    GROUP_NOUNS,
    MALE_WORDS,
    ORG_WORDS,
    PERSON_ROLES,
    TITLE_ALIASES,
    TITLE_WORDS,
)
from crosswire.facts.quote_marks import QuoteSpans
from crosswire.facts.speaker_mentions import (
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    Mention,
    child,
    context_text,
    doc_entities,
    mention_of,
    name_mention,
    tokens_with_lower,
)
from crosswire.facts.speakers import same_speaker, speaker_key

_WORD = re.compile(r"[a-z]+")
_FEMALE_PRONOUNS = frozenset({"she", "her", "hers"})
_MALE_PRONOUNS = frozenset({"he", "him", "his"})
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
_ISSUE_VERBS = frozenset({"issue", "release", "publish", "send", "post", "put", "make", "give"})
_ISSUER_PREPS = frozenset({"from", "by", "of"})
_DEFINITE = frozenset({"the", "this", "that"})
_DETERMINERS = frozenset({"a", "an", "some", "any", "one", "another", "several", "many", "its",
                          "their", "his", "her", "our", "my", "your", "two", "three", "other",
                          "the", "this", "that", "these", "those"})
_BODY_POSSESSIVES = frozenset({"its", "their"})
_GENDER_WINDOW = 3  # sources looked back over for one of the pronoun's stated gender


@dataclass
class _Names:
    """The article's named people and bodies, built once when first needed: every person name
    of two or more words and every organisation name, with their phrase context."""

    people: list[Mention]
    bodies: list[Mention]
    genders: dict[str, str]
    subjects: list[Mention]


@dataclass
class Resolver:
    """Sources in text order, and the article's names, for resolving speaker mentions."""

    doc: Doc
    history: list[Mention] = field(default_factory=list)
    surnames: frozenset[str] = frozenset()
    quoted: QuoteSpans | None = None
    positions: list[int] = field(default_factory=list)
    _names: _Names | None = None
    _documents: list[tuple[int, str, Token]] | None = None

    def add(self, mention: Mention | None, at: int | None = None) -> None:
        """Mention (named at offset ``at``, by default its own) -> remembered as the most
        recent source (pronoun mentions are skipped)."""
        if mention is not None and mention.pronoun is None:
            self.history.append(mention)
            self.positions.append(mention.start if at is None else at)

    def resolve(self, mention: Mention) -> Mention | None:
        """speaker mention -> the mention of the person or body it stands for (itself when it
        names them fully or nothing fuller is known), or None for an unresolved pronoun."""
        if mention.pronoun is not None:
            found = self._pronoun(mention)
            return self._full_name(found) if found is not None else None
        if mention.named:
            return self._full_name(mention)
        return self._role(mention) or mention

    def speaker_of(self, tok: Token, written: Mention) -> Mention | None:
        """(subject token, its mention) -> the resolved speaker: documents to their issuer,
        "its spokesman" to that body's spokesman, everything else through ``resolve``."""
        lemma = tok.lemma_.lower()
        if not written.named and written.pronoun is None and lemma in DOCUMENT_NOUNS:
            return self._issuer(tok)
        owner = child(tok, "poss")
        if not written.named and owner is not None and owner.lower_ in _BODY_POSSESSIVES:
            return self._owned_role(tok, owner, written)
        return self.resolve(written)

    # ------------------------------------------------------------------ pronouns

    def _pronoun(self, mention: Mention) -> Mention | None:
        """pronoun -> who it refers to, or None. "it"/"they": the most recent fitting source.
        "he"/"she": the most recent of the sources and the people named as a clause's subject
        (any person named, when no source fits); for "she", one of the last few the article
        states is a woman beats a more recent one of unstated gender ("spokeswoman Ilene Wolfe
        said ... Chief Charles Craft said ... She said")."""
        word = mention.pronoun or ""
        said = [(at, past) for at, past in zip(reversed(self.positions),
                                               reversed(self.history), strict=True)
                if at < mention.start and self._fits(word, past)]
        if word not in PERSON_PRONOUNS:
            return said[0][1] if said else None
        pool = self.names.subjects if said else self.names.people
        named = [(p.start, p) for p in pool if p.end <= mention.start
                 and self._fits(word, p) and not self._is_quoted(p)]
        recent = sorted(said + named, key=lambda c: c[0], reverse=True)[:_GENDER_WINDOW]
        if word in _FEMALE_PRONOUNS:  # most people of unstated gender in news are men
            stated = [p for _, p in recent if self.gender(p) == "f"]
            if stated:
                return stated[0]
        return recent[0][1] if recent else None

    def _is_quoted(self, mention: Mention) -> bool:
        """Mention -> True when it lies inside a quote (a name the speaker mentions)."""
        return self.quoted is not None and self.quoted.at(mention.start) is not None

    def _fits(self, word: str, past: Mention) -> bool:
        """(pronoun, earlier source) -> True when the pronoun can refer to that source."""
        if word in PERSON_PRONOUNS:
            gender = self.gender(past)
            if gender == "m" and word in _FEMALE_PRONOUNS:
                return False
            if gender == "f" and word in _MALE_PRONOUNS:
                return False
            return past.human and not past.plural
        if word in ORG_PRONOUNS:
            return not past.human and not past.plural
        return past.plural or past.kind == "organisation"

    def gender(self, mention: Mention) -> str | None:
        """person mention -> "f", "m" or None, from its own words or an honorific the article
        gives the same surname ("Mr Buckley")."""
        words = set(_WORD.findall(mention.context.lower()))
        female, male = bool(words & FEMALE_WORDS), bool(words & MALE_WORDS)
        if female != male:
            return "f" if female else "m"
        last = mention.text.split()[-1] if mention.text else ""
        return self.names.genders.get(last)

    # ------------------------------------------------------------------ roles

    def _role(self, mention: Mention) -> Mention | None:
        """definite role noun (or a person's bare role, as in a headline: "Greek PM says") ->
        the earlier source or name it refers to (for a bare one, the first name after it when
        none is earlier), or None."""
        head = mention.head
        first = mention.text.split()[0].lower() if mention.text else ""
        role = TITLE_ALIASES.get(head, head).split()[-1]
        human = role in PERSON_ROLES
        bare = human and first not in _DETERMINERS and not mention.plural
        if not head or (first not in _DEFINITE and not bare):
            return None
        if not human and role not in ORG_WORDS | GROUP_NOUNS:
            return None
        for at, past in zip(reversed(self.positions), reversed(self.history), strict=True):
            if at < mention.start and self._same_role(mention, past, human):
                return self._full_name(past) if past.named else past
        pool = self.names.people if human else self.names.bodies
        fits = [p for p in pool if _has_role_word(p.context, head) and p.start != mention.start]
        earlier = [p for p in fits if p.end <= mention.start]
        later = [p for p in fits if p.start > mention.start] if bare else []
        return earlier[-1] if earlier else (later[0] if later else None)

    @staticmethod
    def _same_role(mention: Mention, past: Mention, human: bool) -> bool:
        """(role mention, earlier source) -> True when the source is of that role: a named one
        whose phrase holds the noun, or an unnamed one with the same head and number."""
        if past.pronoun is not None or past.human != human:
            return False
        if past.named:
            return _has_role_word(past.context, mention.head)
        return past.head == mention.head and past.plural == mention.plural

    def _owned_role(self, tok: Token, owner: Token, written: Mention) -> Mention | None:
        """'its spokesman' -> the named spokesman of the body "its" refers to, else that body's
        role ("Syrian Observatory for Human Rights spokesman"), else None."""
        body = self.resolve(mention_of(owner, self.surnames))
        if body is None:
            return None
        head = tok.lemma_.lower()
        body_words = set(_WORD.findall(body.text.lower()))
        key = speaker_key(body.text)
        people = [p for p in self.history if p.named and p.human] + self.names.people
        for person in sorted(people, key=lambda p: p.start, reverse=True):
            words = set(_WORD.findall(person.context.lower()))
            if person.start < tok.idx and head in words and (body_words <= words or key in words):
                return person
        name = re.sub(r"^(?:the|The|THE)\s+", "", body.text)
        return Mention(f"{name} {tok.text}", written.start, written.end, "role",
                       head in PERSON_ROLES, written.plural, False,
                       f"{name} {tok.text}, {body.context}", head=head)

    # ------------------------------------------------------------------ documents

    def _issuer(self, tok: Token) -> Mention | None:
        """document noun -> who issued it: named on the noun itself ("a police statement",
        "Trump's statement", "the statement from the ministry"), else the issuer of the most
        recent earlier document of that kind, else None."""
        own = _own_issuer(tok)
        if own is not None:
            return self.resolve(self._issuer_mention(own, tok))
        lemma = tok.lemma_.lower()
        for offset, kind, issuer in reversed(self.documents):
            if offset < tok.idx and kind == lemma and issuer.i != tok.i:
                return self.resolve(self._issuer_mention(issuer, issuer.head))
        return None

    def _issuer_mention(self, issuer: Token, document: Token) -> Mention:
        """issuer token -> its Mention; a modifier of the document noun takes the modifiers
        before it along ("New Zealand media reports" -> "New Zealand media")."""
        mention = mention_of(issuer, self.surnames)
        if issuer.head.i != document.i or issuer.dep_ not in ("compound", "amod", "nmod"):
            return mention
        modifiers = [c for c in document.lefts if c.dep_ in ("compound", "amod", "nmod")]
        first = min((c.left_edge.i for c in modifiers if c.i <= issuer.i), default=issuer.i)
        span = self.doc[first : issuer.i + 1]
        if mention.named or len(span) == 1:
            return mention
        return replace(mention, text=span.text, start=span.start_char, end=span.end_char,
                       context=span.text)

    @property
    def documents(self) -> list[tuple[int, str, Token]]:
        """(offset, document noun, issuer token) for every document the article says who
        issued, in text order (found once)."""
        if self._documents is None:
            found = []
            for tok in self.doc:
                if tok.lemma_.lower() in DOCUMENT_NOUNS and tok.pos_ == "NOUN":
                    issuer = _own_issuer(tok) or _context_issuer(tok)
                    if issuer is not None:
                        found.append((tok.idx, tok.lemma_.lower(), issuer))
            self._documents = found
        return self._documents

    # ------------------------------------------------------------------ names

    def _full_name(self, mention: Mention) -> Mention:
        """named mention -> the fuller name of the same person the article gives ("Gaskin",
        "Insp Gaskin" -> "Dave Gaskin"), or of the body an acronym abbreviates; itself
        otherwise."""
        words = _name_words(mention.text)
        if len(words) != 1:
            return mention
        if mention.kind == "organisation" and words[0].isupper():
            key = speaker_key(words[0])
            found = [b for b in self.names.bodies if len(b.text.split()) > 1
                     and speaker_key(b.text) == key]
            return found[-1] if found and _all_same(found) else mention
        return self._person_named(words[0], mention) or mention

    def _person_named(self, word: str, mention: Mention) -> Mention | None:
        """one name word -> the person of two or more name words with that surname (or,
        failing that, first name): the fullest when all can be one person; None when none
        is named, or when two different people are ("Robert Buckley", "Bill Buckley")."""
        for position in (-1, 0):
            found = [p for p in self.names.people
                     if len(_name_words(p.text)) > 1 and _name_words(p.text)[position] == word]
            if not found:
                continue
            if not _all_same(found):
                return None  # two different people of that name: not guessed
            return max(found, key=lambda p: (len(_name_words(p.text)), p.start < mention.start))
        return None

    @property
    def names(self) -> _Names:
        """The article's people and bodies (built on first use)."""
        if self._names is None:
            self._names = _collect_names(self.doc, self.surnames)
        return self._names


def _name_words(text: str) -> list[str]:
    """a name -> its words without titles ("Insp Gaskin" -> ["Gaskin"])."""
    return [w for w in text.split() if w.lower().rstrip(".") not in TITLE_WORDS]


def _has_word(text: str, word: str) -> bool:
    """(phrase, lower-case word) -> True when the phrase holds the word."""
    return word in _WORD.findall(text.lower())


def _has_role_word(text: str, role: str) -> bool:
    """(phrase, role noun) -> True when the phrase holds the role, written out or abbreviated
    ("PM" / "Prime Minister", "Lt." / "lieutenant")."""
    words = _WORD.findall(text.lower())
    if role in words:
        return True
    full = TITLE_ALIASES.get(role)
    abbreviations = [a for a, f in TITLE_ALIASES.items() if f == role]
    if full is not None and all(w in words for w in full.split()):
        return True
    return any(a in words for a in abbreviations)


def _all_same(mentions: list[Mention]) -> bool:
    """mentions -> True when all can be one person or body."""
    return all(same_speaker(mentions[0].text, m.text) for m in mentions[1:])


def _collect_names(doc: Doc, surnames: frozenset[str]) -> _Names:
    """Doc -> its people and bodies, with context, in order, and the genders the article
    gives people (honorifics, and pronouns in a sentence naming only them)."""
    people: list[Mention] = []
    bodies: list[Mention] = []
    subjects: list[Mention] = []
    person_ents: list[Span] = []
    entities = doc_entities(doc)
    for ent in entities:
        label = ent.label_
        if label not in ("PERSON", "ORG", "GPE", "NORP") or ent.root.pos_ != "PROPN":
            continue
        if label in ("GPE", "NORP") and len(ent) < 2 and ent[-1].text not in surnames:
            continue  # a place or a people, unless it may be a mislabelled person's name
        found = name_mention(ent.root, _entity_context(ent.root), surnames)
        if not any(c.isupper() for c in found.text):
            continue  # the tagger's entity held no name ("a police van")
        if found.kind == "person":
            people.append(found)
            person_ents.append(ent)
            if _is_subject(ent.root):
                subjects.append(found)
        elif found.kind == "organisation" and ent.label_ != "GPE":
            bodies.append(found)
    in_entities = {i for ent in entities for i in range(ent.start, ent.end)}
    for tok in tokens_with_lower(doc, {n.lower() for n in surnames}):
        if tok.pos_ == "PROPN" and tok.text in surnames and tok.i not in in_entities:
            found = name_mention(tok, _entity_context(tok), surnames)
            if found.text != tok.text:
                continue  # a name run the tagger joined with other words ("Ford Fusion X")
            people.append(found)
            if _is_subject(tok):
                subjects.append(found)
    people.sort(key=lambda p: p.start)
    subjects.sort(key=lambda p: p.start)
    genders = _pronoun_genders(person_ents)
    genders.update(_honorific_genders(doc))
    return _Names(people, bodies, genders, subjects)


def _entity_context(root: Token) -> str:
    """Name's root token -> its phrase, with the role noun it hangs on when it names one
    ("Talal Silo, the spokesman of the SDF", "Kafoury's son, Charlie")."""
    context = context_text(root)
    head = root.head
    if head.i != root.i and head.pos_ == "NOUN" and head.lemma_.lower() in PERSON_ROLES:
        context = f"{context}, {context_text(head)}"
    return context


def _is_subject(root: Token) -> bool:
    """Name's root token -> True when the name is a clause's subject (or in apposition to
    one: "The German Chancellor, Angela Merkel, said")."""
    if root.dep_ in ("nsubj", "nsubjpass"):
        return True
    return root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass")


def _pronoun_genders(person_ents: list[Span]) -> dict[str, str]:
    """person names -> {surname: "m"|"f"} when a sentence names only that person and then
    refers back with pronouns of one gender only ("Angela Merkel addressed parliament, raising
    her voice")."""
    out: dict[str, str] = {}
    by_sentence: dict[int, list[Span]] = {}
    for ent in person_ents:
        by_sentence.setdefault(ent.sent.start, []).append(ent)
    for ents in by_sentence.values():
        if len({e[-1].text for e in ents}) != 1:
            continue
        after = ents[0].doc[ents[0].end : ents[0].sent.end]
        found = {_PRONOUN_GENDER[t.lower_] for t in after if t.lower_ in _PRONOUN_GENDER}
        if len(found) == 1:
            out.setdefault(ents[0][-1].text, found.pop())
    return out


def _honorific_genders(doc: Doc) -> dict[str, str]:
    """Doc -> {surname: "m"|"f"} from "Mr X", "Mrs X", "Ms X"."""
    out: dict[str, str] = {}
    words = set(_HONORIFICS) | {f"{w}." for w in _HONORIFICS}
    for tok in tokens_with_lower(doc, words):
        gender = _HONORIFICS[tok.lower_.rstrip(".")]
        if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
            out.setdefault(doc[tok.i + 1].text, gender)
    return out


def _own_issuer(tok: Token) -> Token | None:
    """document noun -> the issuer named on it: "Trump's statement", "a police statement",
    "a TDCJ statement", "the statement from the ministry"; else None."""
    owner = child(tok, "poss")
    if owner is not None:
        return owner
    for c in reversed(list(tok.lefts)):
        if c.dep_ in ("compound", "amod", "nmod"):
            return c if _can_issue(c) and c.ent_type_ != "GPE" else None
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ in _ISSUER_PREPS:
            obj = child(c, "pobj")
            if obj is not None and _can_issue(obj):
                return obj
    return None


def _context_issuer(tok: Token) -> Token | None:
    """document noun -> its issuer from the clause: the subject of "X issued a statement" or
    of "X said in a statement"; else None."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "through"):
        head = head.head
    elif tok.dep_ != "dobj" or head.lemma_.lower() not in _ISSUE_VERBS:
        return None
    subj = child(head, "nsubj")
    return subj if subj is not None and _can_issue(subj) else None


def _can_issue(tok: Token) -> bool:
    """Token -> True when it can issue a document: a name, a pronoun, a person or a body."""
    lemma = tok.lemma_.lower() if tok.lower_ not in GROUP_NOUNS else tok.lower_
    if tok.pos_ in ("PROPN", "PRON"):
        return tok.lower_ not in ("i", "we", "you")
    return lemma in PERSON_ROLES | GROUP_NOUNS | ORG_WORDS
