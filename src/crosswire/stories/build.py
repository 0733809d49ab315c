"""Stories from clusters: (Articles, story keys, wire groups) -> Story records.

Each story gets its counts (outlets; independent sources: one per publisher, wire copies and
versions once, see ``sources.py``), its first and last
publication, the article that published first, a title drawn from its articles' headlines,
and ids of related stories (the clusterer says which: an earlier or later story on the same
subject that it kept apart).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from crosswire.models import Article, Story
from crosswire.stories.dedupe import original_order
from crosswire.stories.sources import Sources, source_groups

_WORD = re.compile(r"[A-Za-z][\w'’-]+")


STORY_PREFIX = "s-"


def story_id(first: Article) -> str:
    """the story's first article -> a new story's id (STORY_PREFIX + that article's id; a
    rebuilt story keeps its stored id instead: stories/identity.py)."""
    return f"{STORY_PREFIX}{first.id}"


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 3}


def title_of(members: Sequence[Article]) -> str:
    """a story's articles -> its title: the headline sharing most words with the others'
    headlines and leads (ties: the earliest); an untitled story borrows its lead's start."""
    titled = [a for a in sorted(members, key=original_order) if a.headline]
    if not titled:
        lead = members[0].body.split("\n\n")[0] if members else ""
        return " ".join(lead.split()[:12]) or "(untitled)"
    context = Counter(w for a in members for w in _words(f"{a.headline} {a.body[:600]}"))

    def score(article: Article) -> float:
        words = _words(article.headline or "")
        return sum(context[w] for w in words) / (len(words) + 2)

    return max(titled, key=score).headline or "(untitled)"


def build_stories(articles: Sequence[Article], keys: dict[str, int], groups: dict[str, str],
                  related: set[tuple[int, int]] | None = None) -> list[Story]:
    """(articles, {article id: story key}, {article id: wire group}, pairs of story keys on
    the same subject, from the clusterer) -> Stories, `related` filled in both ways."""
    members: dict[int, list[Article]] = defaultdict(list)
    for art in sorted(articles, key=original_order):
        if art.id in keys:
            members[keys[art.id]].append(art)
    stories = [_story(arts, groups) for arts in members.values()]
    by_key = dict(zip(members, stories, strict=True))
    for a, b in related or ():
        if a in by_key and b in by_key and a != b:
            by_key[a].related = sorted({*by_key[a].related, by_key[b].id})
            by_key[b].related = sorted({*by_key[b].related, by_key[a].id})
    return stories


def _story(members: list[Article], groups: dict[str, str]) -> Story:
    """a story's articles (earliest first) -> its Story."""
    return story_record(members, groups, story_id(members[0]), [])


def story_record(members: Sequence[Article], groups: Mapping[str, str], story_id: str,
                 related: list[str]) -> Story:
    """(a story's articles, earliest first; {article id: wire group}; its id; ids of its
    related stories) -> its Story."""
    members = list(members)
    dated = [a.published for a in members if a.published]
    sources = source_groups(members, dict(groups))
    return Story(
        id=story_id,
        title=title_of(members),
        articles=[a.id for a in members],
        outlets=sorted({a.outlet for a in members if a.outlet}),
        independent_sources=sources.count(a.id for a in members),
        first_published=min(dated) if dated else None,
        first_publisher=members[0].id,
        last_published=max(dated) if dated else None,
        independence=independence_note(sources, [a.id for a in members]),
        versions=version_groups(sources, [a.id for a in members]),
        related=related,
    )


def independence_note(sources: Sources, articles: Sequence[str]) -> str | None:
    """a story's sources + its article ids -> why its source count may overstate
    independence (sources whose publisher is unknown), or None when every one is known."""
    unknown = sources.uncertain(articles)
    if not unknown:
        return None
    total = sources.count(articles)
    return (f"independence uncertain: {len(unknown)} of {total} sources are articles whose "
            "outlet is unknown, each counted as its own source (any of them may copy another)")


def version_groups(sources: Sources, articles: Sequence[str]) -> list[list[str]]:
    """a story's sources + its article ids (earliest first) -> the groups of two or more
    articles that are versions of one report, each oldest first."""
    groups: dict[str, list[str]] = {}
    for article in articles:
        groups.setdefault(sources.latest.get(article, article), []).append(article)
    return [g for g in groups.values() if len(g) > 1]
