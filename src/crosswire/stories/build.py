"""Stories from clusters: (Articles, story keys, wire groups) -> Story records.

Each story gets its counts (outlets, independent sources = wire groups), its first and last
publication, the article that published first, a title drawn from its articles' headlines,
and ids of related stories: other stories whose wording is close but that clustering kept
apart (an earlier or later story on the same subject).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from crosswire.models import Article, Story
from crosswire.stories.dedupe import original_order

RELATED_SIMILARITY = 0.25
_WORD = re.compile(r"[A-Za-z][\w'’-]+")


def story_id(first: Article) -> str:
    """the story's first article -> the story's id ('s-' + that article's id): stable while
    no earlier article joins the story."""
    return f"s-{first.id}"


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


def build_stories(articles: Sequence[Article], keys: dict[str, int],
                  groups: dict[str, str]) -> list[Story]:
    """(articles, {article id: story key}, {article id: wire group}) -> Stories, with
    `related` filled in."""
    members: dict[int, list[Article]] = defaultdict(list)
    for art in sorted(articles, key=original_order):
        if art.id in keys:
            members[keys[art.id]].append(art)
    stories = [_story(arts, groups) for arts in members.values()]
    _link_related(stories, [members[k] for k in members])
    return stories


def _story(members: list[Article], groups: dict[str, str]) -> Story:
    """a story's articles (earliest first) -> its Story."""
    dated = [a.published for a in members if a.published]
    sources = {groups.get(a.id, a.id) for a in members}
    return Story(
        id=story_id(members[0]),
        title=title_of(members),
        articles=[a.id for a in members],
        outlets=sorted({a.outlet for a in members if a.outlet}),
        independent_sources=len(sources),
        first_published=min(dated) if dated else None,
        first_publisher=members[0].id,
        last_published=max(dated) if dated else None,
    )


def _link_related(stories: list[Story], members: list[list[Article]]) -> None:
    """Stories (and their articles) -> each story's `related`: the others whose text is close
    (TF-IDF cosine of the stories' headlines and leads >= RELATED_SIMILARITY)."""
    if len(stories) < 2:
        return
    texts = [" ".join(f"{a.headline or ''} {a.body[:1000]}" for a in arts) for arts in members]
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no word left to weigh: nothing can be related
        return
    similarity = (matrix @ matrix.T).toarray()
    np.fill_diagonal(similarity, 0.0)
    for i, story in enumerate(stories):
        close = np.flatnonzero(similarity[i] >= RELATED_SIMILARITY)
        story.related = sorted(stories[j].id for j in close)
