"""Site names: splitting a 'Site - title' line, telling a brand-like site part, URL domains."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from crosswire.clean.metadata.page import norm, words_of, wordset
from crosswire.outlets import outlet_named

# Tracker and page-furniture words that scrapers glue before a site name.
JUNK_TOKENS = wordset(
    "quantcast comscore chartbeat scorecardresearch advertisement advertising ad menu search "
    "close home skip navigation toggle share print logo loading subscribe"
)
MAX_TITLE = 250  # a longer line is a paragraph, not a title line
_SITE_SEP = re.compile(r"\s+(?:[-–—|:]{1,2}|::|»|·)\s+")


def site_split(text: str) -> tuple[str, str] | None:
    """'Site - Title' or 'Title | Site' -> (site part, title part) when exactly one separator
    splits a title-length line into a short part and a longer part, and the short part reads
    as a name (no sentence end, bracket or quote: 'swine flu - or H1N1.' is prose) and the
    title before a site is no sentence; else None."""
    if len(text) > MAX_TITLE:
        return None
    parts = _SITE_SEP.split(text)
    if len(parts) != 2:
        return None
    a, b = parts
    if len(words_of(a)) <= 4 < len(words_of(b)) and _name_like(a):
        return a, b
    if len(words_of(b)) <= 4 < len(words_of(a)) and _name_like(b) and not a.endswith("."):
        return b, a  # "Title | Site"; "It ended. — Reuters" is a sentence and its credit
    return None


def _name_like(part: str) -> bool:
    """the short part of a split line -> whether it can be a site name."""
    return not re.search(r"[.!?,;:\"“”(\[]\s*$|[(\[\"“”]", part.strip())


def strip_site_affix(title: str, site: str) -> str | None:
    """('Title | Site' or 'Site - Title', the site's name) -> 'Title'; None when the title
    carries no such affix. Any separator position counts, so a site name that itself holds a
    separator ('Remember 80/90 - Memorabilia') is found whole."""
    for match in _SITE_SEP.finditer(title):
        head, tail = title[: match.start()].strip(), title[match.end() :].strip()
        if head and norm(tail) == norm(site):
            return head
        if tail and norm(head) == norm(site):
            return tail
    return None


def strip_junk(site: str) -> tuple[str, list[str]]:
    """site part -> (site name without leading tracker/furniture tokens, the tokens removed)."""
    tokens = site.split()
    dropped = []
    while len(tokens) > 1 and tokens[0].lower().strip(".:") in JUNK_TOKENS:
        dropped.append(tokens.pop(0))
    return " ".join(tokens), dropped


def brandlike(site: str, url: str | None) -> bool:
    """site part -> whether it looks like a publication's name without other corroboration:
    an outlet the outlets table lists ("BBC News"), a domain, a mixed-case/digit token
    ("i24NEWS", "HuffPost"), or the URL's domain."""
    if outlet_named(site.strip()) is not None:
        return True
    compact = re.sub(r"\W", "", site.lower())
    domain = registrable_domain(url) if url else None
    if domain and compact and compact in re.sub(r"\W", "", domain):
        return True
    for token in site.split():
        if re.search(r"\.[a-z]{2,}$", token) or (re.search(r"\d", token)
                                                 and len(re.findall(r"[a-z]", token, re.I)) >= 3):
            return True  # a domain, or letters and digits: "i24NEWS" (not "H1N1", "1970s")
        if re.search(r"[a-z]", token) and len(re.findall(r"[A-Z]", token)) >= 2:
            return True
    return False


def registrable_domain(url: str) -> str | None:
    """URL -> its registrable domain ("https://www.nytimes.com/x" -> "nytimes.com",
    "bbc.co.uk" kept with its second-level label); None when there is no host."""
    try:
        host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:
        return None
    labels = [p for p in host.split(".") if p]
    if len(labels) < 2 or host.replace(".", "").isdigit():
        return None
    second_level = {"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gv"}
    keep = 3 if len(labels[-1]) == 2 and labels[-2] in second_level and len(labels) > 2 else 2
    return ".".join(labels[-keep:])
