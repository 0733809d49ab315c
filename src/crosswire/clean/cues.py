"""Textual cues of the blocks around an article that are not the article: reader-comment
sections, photo captions and credits, teaser lists.

Each cue is a property of one line's text: a comment section's header ("Comments", "12
comments", "Join the conversation"), a comment's furniture (a time stamp such as "3 hours ago",
an action such as "Reply" or "Report"), a user-name-like line, a photo credit ("(Reuters/Name)",
"AP Photo/Name", "Photo: Name"), a teaser label ("Read more:", "Related:", "More from X") and
the shape of a headline (a short line without a closing stop). The line classifier uses them
as features; ``comment_section_start`` uses them to find where a comment thread ends an article.
Patterns name generic page furniture, in English and a few other languages; nothing is keyed
to an outlet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

TOKEN = re.compile(r"\w+", re.UNICODE)
_BULLET = re.compile(r"^[•·▪►»|>*\-–—]\s*")
_CLOSES = re.compile(r"[.!?。！？…:;][\"'”’»)\]]*$")

# a reader-comment section's header: a short line that names the thread or invites to it
_SECTION_HEAD = re.compile(
    r"^(?:(?:\d+|no|one|all)\s+)?(?:reader'?s?\s+|user\s+|visitor\s+)?"
    r"(?:comments|kommentare|commentaires|comentarios|commenti|reacties|komentarze)"
    r"(?:\s*[(\[]\d+[)\]]|\s*:\s*\d*)?$"
    r"|^(?:\d+|no|one)\s+(?:comments?|replies|responses|reactions|kommentare?|commentaires?|"
    r"comentarios?|commenti)$"
    # one comment's own header, "#1 Comment by jo", "Kommentar von Naru-chan": the thread starts
    r"|^#?\s*\d*\.?\s*(?:comment|kommentar|commentaire|comentario|commento)\s+(?:by|von|de|from|di)"
    r"\s+\S.{0,40}$"
    r"|^(?:reader|user|visitor)s?'?\s+(?:comments?|reactions|responses|discussion)$"
    r"|^comments?\s*[(\[]\d+[)\]]$"
    r"|^(?:show|view|load|read|see|hide|open)\s+(?:all\s+)?(?:\d+\s+)?(?:reader\s+)?comments?"
    r"(?:\s*[(\[]\d+[)\]])?$"
    r"|^(?:join|start)\s+the\s+(?:conversation|discussion|debate)\b"
    r"|^(?:leave|add|post|write|submit)\s+(?:a|your)\s+(?:comment|reply|response)\b"
    r"|^have\s+your\s+say\b|^what\s+do\s+you\s+think\s*\??$|^tell\s+us\s+what\s+you\s+think\b"
    r"|^(?:\d+|one)\s+(?:thoughts?|responses?|comments?|replies)\s+(?:on|to)\s+\S",
    re.IGNORECASE,
)
# a comment's time stamp: "3 hours ago", "vor 2 Tagen", "il y a 5 minutes", "just now"
_TIME_AGO = re.compile(
    r"\b(?:\d+|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|"
    r"weeks?|mo|months?|y|yrs?|years?)\s+ago\b"
    r"|\bvor\s+\d+\s+(?:sekunden|minuten|stunden|tagen|wochen|monaten|jahren)\b"
    r"|\bil\s+y\s+a\s+\d+\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?)\b"
    r"|\bhace\s+\d+\s+(?:segundos?|minutos?|horas?|d[ií]as?|semanas?|meses|años?)\b"
    r"|^(?:just\s+now|yesterday|today)(?:\s+at\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?$",
    re.IGNORECASE,
)
# a clock time with a date on a short line: "August 22, 2018 at 5:57 am", "22.08.2018, 17:57"
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?!\d)", re.IGNORECASE)
_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b|\b(?:yesterday|today)\b",
    re.IGNORECASE,
)
# a line of comment actions: "Reply", "Report abuse", "Like · Reply · 3", "12 likes", "Flag"
_ACTION_WORD = (
    r"(?:reply|replies|report(?:\s+abuse)?|recommend(?:ed)?|like[sd]?|unlike|flag|share|"
    r"upvote|downvote|permalink|quote|edit|delete|antworten|melden|r[ée]pondre|signaler|"
    r"responder|denunciar|rispondi|segnala|load\s+more(?:\s+comments|\s+replies)?|"
    r"(?:show|view|hide)\s+(?:\d+\s+)?(?:more\s+)?repl(?:y|ies)|log\s+in\s+to\s+reply)"
)
_ACTION_GAP = r"[\d\s·|•/()+\-]*"
# gaps, then words each followed by a gap: one way to read a line, however long its digit runs
_ACTIONS = re.compile(rf"^{_ACTION_GAP}(?:{_ACTION_WORD}{_ACTION_GAP})+$", re.IGNORECASE)
_NEWS_AGENCIES = (
    r"AP|AFP|Reuters|REUTERS|Getty\s+Images|Getty|EPA|EPA-EFE|Xinhua|Bloomberg|PA|PA\s+Wire|"
    r"Shutterstock|Alamy|iStock|dpa|ANSA|EFE|TASS|Sipa|Anadolu|NurPhoto|Kyodo|Yonhap|ABACA|"
    r"Imago|Zuma|ZUMA\s+Wire|Pool|NASA"
)
# a photo credit: "(Reuters/Jane Doe)", "AP Photo/John Smith", "REUTERS/Jane Doe",
# "Photo: Jane Doe", "Credit: NASA", "Jane Doe, AP", "Jane Doe | Getty Images", "FILE PHOTO:"
_CREDIT = re.compile(
    rf"\b(?:{_NEWS_AGENCIES})(?:\s+Photo)?\s*/\s*[A-Z]"
    r"|\b(?:photo|photograph|picture|image|pic|foto|bild|crédit|credit)s?\s*(?:by|:)\s*\S"
    r"|\b(?:photo|image|foto|bild)\s*(?:credit|courtesy|copyright)\b|^file\s+photo\b"
    r"|\((?:photo|image|picture|file)\b[^)]*\)|\bimage\s+(?:caption|copyright)\b|\bcourtesy\s+of\s"
    rf"|^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{0,3}}\s*[,/|]\s*(?:{_NEWS_AGENCIES})(?:\s+photo)?$"
    rf"|[.)]\s+(?:{_NEWS_AGENCIES})\s*$|^(?:{_NEWS_AGENCIES})\s+photo$"
    r"|^(?:Getty\s+Images|Shutterstock|Alamy|iStock(?:photo)?)$",
    re.IGNORECASE,
)
# a teaser's label: "Read more: ...", "Related: ...", "More from X", "See also", "Also on X"
_TEASER_LABEL = re.compile(
    r"^[\[(]?(?:read\s+more|read\s+also|also\s+read|read\s+next|see\s+also|related(?:\s+\w+){0,2}|"
    r"more\s+(?:from|on|about|in|stories|news)\b[^:]{0,40}|more|also\s+on\b[^:]{0,30}|"
    r"recommended(?:\s+for\s+you)?|you\s+may\s+(?:also\s+)?like|don'?t\s+miss|trending(?:\s+\w+){0,2}|"
    r"most\s+(?:read|viewed|popular|shared)(?:\s+\w+){0,3}|top\s+stories|"
    r"watch|listen|weitere\s+\w+|lesen\s+sie\s+auch|mehr\s+zum\s+thema|lire\s+aussi|"
    r"à\s+lire\s+aussi|leer\s+m[áa]s|lee\s+tambi[ée]n)\s*(?::|»|›|>|\||-|–|—|\.\.\.|…|$)"
    # "Latest news" heads a list; "LATEST: the toll rose to 45" is an update of the story
    r"|^latest(?:\s+\w+){0,3}\s*:?\s*$",
    re.IGNORECASE,
)


def bare(line: str) -> str:
    """line -> whitespace-collapsed text without a leading bullet."""
    return _BULLET.sub("", " ".join(line.split()))


def tokens(line: str) -> list[str]:
    """line -> its \\w+ tokens."""
    return TOKEN.findall(line)


def comment_section_head(line: str) -> bool:
    """line -> True for a reader-comment section's header ("Comments", "12 comments",
    "Reader comments (3)", "Join the conversation", "Leave a reply", "5 thoughts on “X”")."""
    text = bare(line)
    return _section_head(text, len(tokens(text)))


def _section_head(text: str, n_tokens: int) -> bool:
    """(bare line, its token count) -> comment_section_head."""
    return 0 < n_tokens <= 12 and bool(_SECTION_HEAD.match(text))


def time_stamp(line: str) -> bool:
    """line -> True for a comment's relative time stamp ("3 hours ago", "yesterday at 4:05"),
    alone or on a short line with a name; not a sentence ("That was 20 years ago.")."""
    text = bare(line)
    return _time_stamp(text, len(tokens(text)))


def _time_stamp(text: str, n_tokens: int) -> bool:
    """(bare line, its token count) -> time_stamp."""
    if n_tokens > 8 or re.search(r"[.!?][\"'”’)]*$", text):
        return False
    return bool(_TIME_AGO.search(text))


def date_stamp(line: str) -> bool:
    """line -> True for a short line stamping a date with a clock time ("August 22, 2018 at
    5:57 am", "Jo Smith 22.08.2018 17:57"): how a comment is signed."""
    text = bare(line)
    return len(tokens(text)) <= 10 and bool(_CLOCK.search(text)) and bool(_DAY.search(text))


def comment_actions(line: str) -> bool:
    """line -> True for a short line of comment actions ("Reply", "Report", "Like · Reply")."""
    text = bare(line)
    return _actions(text, len(tokens(text)))


def _actions(text: str, n_tokens: int) -> bool:
    """(bare line, its token count) -> comment_actions."""
    return 0 < n_tokens <= 8 and bool(_ACTIONS.match(text))


def photo_credit(line: str) -> bool:
    """line -> True when it credits a photo ("(Reuters/Name)", "AP Photo/Name", "Photo: Name",
    "Name, AP", "FILE PHOTO: ...")."""
    return bool(_CREDIT.search(bare(line)))


# where a credit closes or opens a caption: "... (AP Photo/Name)", "... REUTERS/Name",
# "... Credit: NASA", "FILE PHOTO: ..."
_CREDIT_EDGE = re.compile(
    rf"(?:\(|\b)(?:{_NEWS_AGENCIES})(?:\s+Photo)?\s*/\s*[^/()]{{1,60}}\)?\s*$|^file\s+photo\b"
    r"|\b(?:photo|photograph|picture|image|foto|bild|crédit|credit)s?\s*(?:by|:)\s*[^.]{1,60}"
    r"\.?\s*$|\((?:photo|image|picture|file)\b[^)]*\)\s*$"
    rf"|[.)]\s+(?:{_NEWS_AGENCIES})\s*$",
    re.IGNORECASE,
)


def caption_credit(line: str) -> bool:
    """line -> True for a photo credit standing alone (twelve tokens at most) or closing or
    opening a caption: a line that is not article text."""
    text = bare(line)
    return _caption_credit(text, len(tokens(text)))


def _caption_credit(text: str, n_tokens: int) -> bool:
    """(bare line, its token count) -> caption_credit."""
    if not photo_credit(text):
        return False
    return n_tokens <= 12 or bool(_CREDIT_EDGE.search(text))


def teaser_label(line: str) -> bool:
    """line -> True when it opens with a teaser's label ("Read more:", "Related:", "More from
    X", "Also on X", "Most read"), or is one."""
    return bool(_TEASER_LABEL.match(bare(line)))


def comment_signal(line: str) -> bool:
    """line -> True for a line that belongs to a comment thread's furniture: a time or date
    stamp, an action, a "name says:" header."""
    return (time_stamp(line) or date_stamp(line) or comment_actions(line)
            or bool(_SAYS.match(bare(line))))


_SAYS = re.compile(
    r"^\S.{0,50}\b(?:says|said|wrote|writes|replied)\s*:\s*$"
    r"|^.{1,60}\bon\b.{3,40}\d.{0,25}\b(?:says|said|wrote)\s*:?\s*$",
    re.IGNORECASE,
)


MAX_TEASER_TOKENS = 25


def furniture_line(line: str) -> str | None:
    """line -> why it is not article text on its own, or None: a photo credit or a caption
    that carries one, a teaser behind its label, a comment thread's header, time stamp or
    actions."""
    text = bare(line)
    n_tokens = len(tokens(text))
    if _caption_credit(text, n_tokens):
        return "caption"
    if _TEASER_LABEL.match(text) and n_tokens <= MAX_TEASER_TOKENS:
        return "teaser"
    if _section_head(text, n_tokens) or _time_stamp(text, n_tokens) or _actions(text, n_tokens):
        return "comment"
    return None


def prose(line: str, min_tokens: int = 15) -> bool:
    """line -> True for a line of article-like prose: long enough and closing a sentence."""
    text = bare(line)
    return len(tokens(text)) >= min_tokens and bool(_CLOSES.search(text))


def comment_section_start(
    lines: Sequence[str],
    keep: Sequence[bool],
    is_prose: Callable[[int], bool] | None = None,
    guard: int = 2,
) -> int | None:
    """(page lines, which are kept as body, + which are clearly article prose) -> index of the
    header where a reader-comment section ends the article, or None.

    A header counts once the article has begun (a kept line of prose before it) and when it
    opens its block (a button in a share bar, "Tweet Share Comment", does not); it ends the
    article unless `guard` lines of clearly article prose follow it before any comment
    furniture (a time stamp, an action, a "name says:" header): a "Comments" link above the
    article text is not a thread.
    """
    clear = is_prose or (lambda i: keep[i] and prose(lines[i]))
    started = False
    follows = _ArticleFollows(lines, clear, guard)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        head = started and comment_section_head(line) and _opens_block(lines, i)
        if head and not follows(i):
            return i
        started = started or clear(i)
    return None


def label_only(line: str) -> bool:
    """line -> True for a teaser label standing alone ("More from World", "Trending News",
    "Related stories:", "You may also like...")."""
    return len(tokens(line)) <= 6 and teaser_label(line)


def teaser_runs(lines: Sequence[str], keep: Sequence[bool], longest: int = 12) -> list[int]:
    """(page lines, which are kept) -> indexes of the lines a teaser label introduces once the
    article has begun: the two or more short lines (not prose) that follow it, up to the next
    line of prose."""
    out: list[int] = []
    started = False
    for i, line in enumerate(lines):
        if started and label_only(line):
            run: list[int] = []
            for j in range(i + 1, len(lines)):
                if not lines[j].strip():
                    continue
                if prose(lines[j]) or len(run) >= longest:
                    break
                run.append(j)
            out += run if len(run) >= 2 else []
        started = started or (keep[i] and prose(line))
    return sorted(set(out))


def _opens_block(lines: Sequence[str], i: int) -> bool:
    """-> True when line i follows a blank line, or a long line rather than a short button."""
    if i == 0 or not lines[i - 1].strip():
        return True
    return len(tokens(lines[i - 1])) >= 8


class _ArticleFollows:
    """Whether `guard` lines of clear prose follow a line before any comment furniture.

    Read once, backwards from the end to the first line asked about, and kept: a page of many
    headers costs one pass, not one scan to the end per header."""

    def __init__(self, lines: Sequence[str], clear: Callable[[int], bool], guard: int) -> None:
        self.lines, self.clear, self.guard = lines, clear, guard
        self.found: list[int] = []  # from line `start` on: clear lines before any furniture
        self.start = len(lines)

    def __call__(self, head: int) -> bool:
        """line index -> True when `guard` lines of clear prose follow it before any comment
        furniture."""
        self._read_back_to(head + 1)
        return self._count(head + 1) >= self.guard

    def _count(self, j: int) -> int:
        """-> clear lines (at most guard) from line j on, before any comment furniture."""
        return self.found[j - self.start] if j < len(self.lines) else 0

    def _read_back_to(self, first: int) -> None:
        """Extend the counts back to line `first`."""
        ahead: list[int] = []
        for j in range(self.start - 1, first - 1, -1):
            after = ahead[-1] if ahead else self._count(j + 1)
            line = self.lines[j]
            if not line.strip():
                ahead.append(after)
            elif comment_signal(line):
                ahead.append(0)
            else:
                ahead.append(min(self.guard, after + bool(self.clear(j))))
        if ahead:
            self.found = ahead[::-1] + self.found
            self.start = first
