"""The search syntax people type, parsed once and rendered for each backend.

Input: a user's query (CLI ``search``, ``articles --search``, the web list's ``q``,
``/api/search``); output: a small tree (:class:`Query`) and, from it, SQLite FTS5 MATCH text
(:func:`fts5_match`), a PostgreSQL tsquery expression (:func:`tsquery_sql`) and an SQL
condition on the article's outlet (:func:`outlet_sql`). The user's text only ever reaches a
backend as quoted FTS5 strings or bound parameters, so no backend operator can be injected.

Syntax (the same on both backends)::

    raqqa city            every word (stemmed) somewhere in the article
    "fell on tuesday"     the words in that order
    raqqa OR mosul        either (OR in capitals; binds tighter than the implicit AND)
    raqq*                 a word starting so (matched against stemmed words: presid*)
    -mosul  NOT mosul     leave out articles with the word (or "phrase")
    outlet:Xinhua  outlet:"Al Jazeera"   only that outlet (any case); -outlet:RT leaves it out

AND in capitals may be written between terms; it changes nothing. Parentheses, NEAR, column
names and FTS5 or tsquery operators are ordinary characters of a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from crosswire.errors import UsageError

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # never part of a word; NUL breaks queries
FIELDS = ("outlet",)
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_WORDISH = re.compile(r"\w")
_PREFIX = re.compile(r"\w+")
HELP = ('write words, "a phrase", raqqa OR mosul, raqq*, -word, outlet:Xinhua or '
        'outlet:"Al Jazeera"')


@dataclass(frozen=True)
class Text:
    """Words to find: a word, a phrase (its words in order) or a prefix."""

    text: str
    kind: Literal["word", "phrase", "prefix"] = "word"


@dataclass(frozen=True)
class Outlet:
    """outlet:NAME: articles of that outlet (compared case-insensitively)."""

    name: str


Term = Text | Outlet


@dataclass(frozen=True)
class Clause:
    """One condition every match meets: any of its alternatives (joined by OR), or, when
    negated, none of them."""

    alternatives: tuple[Term, ...]
    negated: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed query: all clauses hold (AND)."""

    clauses: tuple[Clause, ...]

    def texts(self, negated: bool = False) -> list[Clause]:
        """-> the clauses over the text (required ones, or the excluded ones)."""
        return [c for c in self.clauses
                if c.negated == negated and isinstance(c.alternatives[0], Text)]

    def outlets(self) -> list[Clause]:
        """-> the clauses over the outlet."""
        return [c for c in self.clauses if isinstance(c.alternatives[0], Outlet)]


@dataclass(frozen=True)
class _Token:
    """One lexical piece: a term (maybe negated) or an operator (OR, AND, NOT)."""

    term: Term | None
    negated: bool = False
    op: str = ""


def _quoted(text: str, start: int) -> tuple[str, int]:
    """(text, index just after an opening quote) -> (the quoted text, index after the closing
    quote); UsageError when the quote is never closed."""
    end = text.find('"', start)
    if end < 0:
        raise UsageError(f'unbalanced quote in search query {text!r}: close the phrase '
                         f'("fell on tuesday") or leave the quote out; {HELP}')
    return text[start:end], end + 1


def _word_end(text: str, start: int) -> int:
    """-> the index where the unquoted word starting at ``start`` ends."""
    end = start
    while end < len(text) and not text[end].isspace() and text[end] != '"':
        end += 1
    return end


def _field(name: str, value: str, text: str) -> Outlet:
    """(field name, its value) -> the field term; UsageError for unknown or empty fields."""
    if name.lower() not in FIELDS:
        raise UsageError(f"unknown field {name}: in search query {text!r}: the only field is "
                         f'outlet:; to search the words, write them without the colon or in '
                         f'quotes ("{name} {value}")')
    if not _WORDISH.search(value):
        raise UsageError(f"{name}: needs a name in search query {text!r}: write "
                         f'outlet:Xinhua or outlet:"Al Jazeera"')
    return Outlet(" ".join(value.split()))


def _plain(word: str, text: str) -> Term | None:
    """an unquoted word -> its term (a field, a prefix, a word), None for punctuation."""
    field = _FIELD.fullmatch(word)
    if field is not None and (field[1].lower() in FIELDS or _WORDISH.match(field[2])):
        return _field(field[1], field[2], text)  # ('Update:' or 'http://x' stay words)
    if word.endswith("*"):
        stem = word.rstrip("*")
        if not _PREFIX.fullmatch(stem):
            raise UsageError(f"{word!r} in search query {text!r}: * ends a word of letters or "
                             f"digits, as in raqq*")
        return Text(stem, "prefix")
    return Text(word) if _WORDISH.search(word) else None


def _tokens(text: str) -> list[_Token]:
    """query text -> its tokens (terms, negations, OR), punctuation alone dropped."""
    found: list[_Token] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < len(text) and not text[i + 1].isspace()
        i += negated
        if text[i] == '"':
            phrase, i = _quoted(text, i + 1)
            if i < len(text) and text[i] == "*":
                raise UsageError(f"* after a phrase in search query {text!r}: a * ends a "
                                 "single word, as in raqq*")
            term: Term | None = Text(" ".join(phrase.split()), "phrase") \
                if _WORDISH.search(phrase) else None
        else:
            end = _word_end(text, i)
            word = text[i:end]
            if word.endswith(":") and end < len(text) and text[end] == '"':
                value, end = _quoted(text, end + 1)
                word += value.replace(" ", "\u00a0")  # kept one token; spaces restored below
            i = end
            if word in ("OR", "AND", "NOT") and not negated:
                found.append(_Token(None, op=word))
                continue
            term = _plain(word.replace("\u00a0", " "), text)
        if term is not None:
            found.append(_Token(term, negated))
    return found


def _clauses(tokens: list[_Token], text: str) -> list[Clause]:
    """tokens -> clauses: OR joins its neighbours into one clause; NOT negates the next."""
    clauses: list[list[_Token]] = []
    joining = negate_next = False
    for tok in tokens:
        if tok.op == "NOT":
            negate_next = True
            continue
        if tok.op:  # OR, AND
            if joining or negate_next or not clauses:
                raise UsageError(f"{tok.op} needs a term on both sides in search query "
                                 f"{text!r}: write raqqa {tok.op} mosul")
            joining = tok.op == "OR"
            continue
        tok = _Token(tok.term, tok.negated or negate_next)
        negate_next = False
        if joining:
            clauses[-1].append(tok)
        else:
            clauses.append([tok])
        joining = False
    if joining or negate_next or (tokens and tokens[-1].op == "AND"):
        raise UsageError(f"{tokens[-1].op} needs a term after it in search query {text!r}: "
                         "write raqqa OR mosul, or raqqa NOT mosul")
    return [_clause(group, text) for group in clauses]


def _clause(group: list[_Token], text: str) -> Clause:
    """tokens joined by OR -> one clause; UsageError when OR mixes fields and words or
    exclusions."""
    negated = {t.negated for t in group}
    kinds = {isinstance(t.term, Outlet) for t in group}
    if len(group) > 1 and (True in negated or len(kinds) > 1):
        raise UsageError(f"OR joins words or phrases, or outlet: fields, none of them "
                         f"excluded, in search query {text!r}: write raqqa OR mosul -word "
                         "outlet:Xinhua as separate terms")
    return Clause(tuple(t.term for t in group if t.term is not None), group[0].negated)


def parse(text: str) -> Query:
    """a user's query -> its Query; UsageError saying what to write instead when the syntax
    cannot read it or it has no word to look for."""
    cleaned = CONTROL.sub(" ", text)
    query = Query(tuple(_clauses(_tokens(cleaned), text)))
    if not query.clauses:
        raise UsageError(f"empty search query: give at least one word; {HELP}")
    if not query.texts():
        raise UsageError(f"search query {text!r} has no word to look for (-word and outlet: "
                         f"only narrow a search): add one, e.g. raqqa outlet:Xinhua")
    return query


# -- SQLite FTS5 --------------------------------------------------------------------------------


def _fts5_term(term: Text) -> str:
    """a text term -> FTS5 syntax: one quoted string (a phrase when it holds several words;
    the tokenizer splits it), ``*`` after a prefix."""
    quoted = '"' + term.text.replace('"', '""') + '"'
    return quoted + " *" if term.kind == "prefix" else quoted


def _fts5_clause(clause: Clause) -> str:
    """a text clause -> FTS5 syntax, its alternatives joined by OR."""
    parts = [_fts5_term(t) for t in clause.alternatives if isinstance(t, Text)]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def fts5_match(query: Query) -> str:
    """a Query -> the FTS5 MATCH text of its text clauses (the outlet ones are SQL:
    :func:`outlet_sql`): every string quoted, so nothing typed is an FTS5 operator."""
    match = " AND ".join(_fts5_clause(c) for c in query.texts())
    for clause in query.texts(negated=True):
        match = f"({match}) NOT {_fts5_clause(clause)}"
    return match


# -- PostgreSQL tsquery -------------------------------------------------------------------------


def _tsquery_term(term: Text, mark: str) -> tuple[str, str]:
    """a text term -> (tsquery SQL expression with one placeholder, its parameter): words
    through plainto_tsquery, phrases through phraseto_tsquery (``<->``), a prefix as the
    quoted lexeme with ``:*`` (letters and digits only, see :func:`_plain`)."""
    if term.kind == "phrase":
        return f"phraseto_tsquery('english', {mark})", term.text
    if term.kind == "prefix":
        return f"to_tsquery('english', {mark})", f"'{term.text}':*"
    return f"plainto_tsquery('english', {mark})", term.text


def _tsquery_clause(clause: Clause, mark: str) -> tuple[str, list[str]]:
    """a text clause -> (tsquery SQL, parameters), its alternatives joined by ``||``."""
    parts = [_tsquery_term(t, mark) for t in clause.alternatives if isinstance(t, Text)]
    return "(" + " || ".join(p[0] for p in parts) + ")", [p[1] for p in parts]


def tsquery_sql(query: Query, mark: str = "%s") -> tuple[str, list[str]]:
    """a Query -> (an SQL expression of type tsquery over its text clauses, its parameters):
    required clauses joined by ``&&``, excluded ones by ``&& !!``. User text is only ever a
    bound parameter of plainto/phraseto_tsquery (or a quoted lexeme of letters and digits)."""
    sql: list[str] = []
    args: list[str] = []
    for clause in query.texts():
        part, values = _tsquery_clause(clause, mark)
        sql.append(part)
        args += values
    for clause in query.texts(negated=True):
        part, values = _tsquery_clause(clause, mark)
        sql.append(f"!!{part}")
        args += values
    return "(" + " && ".join(sql) + ")", args


# -- the outlet field (both backends) -----------------------------------------------------------


def outlet_sql(query: Query, column: str = "a.outlet", mark: str = "?") -> tuple[str, list[str]]:
    """a Query -> (SQL condition on the outlet column, its parameters): each outlet clause
    one of its names (case-insensitive), excluded ones none; '1=1' when it has none."""
    where, args = ["1=1"], []
    for clause in query.outlets():
        names = [t.name for t in clause.alternatives if isinstance(t, Outlet)]
        held = ", ".join(f"lower({mark})" for _ in names)
        if clause.negated:
            where.append(f"({column} IS NULL OR lower({column}) NOT IN ({held}))")
        else:
            where.append(f"lower({column}) IN ({held})")
        args += names
    return " AND ".join(where), args
