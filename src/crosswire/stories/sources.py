"""Who is independent of whom in a story: articles -> sources and versions.

A *source* is what can vouch for a report on its own: one outlet, however many articles it
runs; the agency a wire story credits, whoever prints it; every copy of one text. Articles
join one source when

- they name the same publisher: the outlet, or when the outlet is unknown the agency its
  wire credit names (an unnamed site printing a story credited to Reuters prints Reuters'
  report), names folded through the outlets table ("AFP" / "Agence France-Presse");
- they are wire copies of one text (the stories stage's wire groups);
- neither names a publisher and they share a good part of their text (a third of the
  shorter one's word 5-grams occur in the other): one copies the other, at least in part.

An article that names no publisher and overlaps no other is its own source, but its
independence is *uncertain*: nothing says it is not another outlet's copy.

A *version* group is one report as it changed: articles of one source whose texts largely
overlap. The newest is shown, the older ones are kept; a version is never counted twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from crosswire.models import Article
from crosswire.outlets import outlet_named
from crosswire.stories.dedupe import containment, join, original_order, root_of, shingles

VERSION_OVERLAP = 0.5  # share of the shorter text's 5-grams found in the longer one
COPY_SHARE = 0.3  # unnamed articles sharing this much of their text are not independent
MIN_SHINGLES = 20  # texts shorter than this many 5-grams are not compared
FURNITURE = 50  # a 5-gram found in more articles than this (and half of them) is furniture


@dataclass(frozen=True)
class Sources:
    """article id -> source key; source key -> display name and whether the publisher is
    known; article id -> the id of the newest version of its report."""

    key: dict[str, str]
    name: dict[str, str]
    known: dict[str, bool]
    latest: dict[str, str] = field(default_factory=dict)

    def of(self, article: str) -> str:
        """article id -> its source key (the article itself when not listed)."""
        return self.key.get(article, f"article:{article}")

    def name_of(self, article: str) -> str:
        """article id -> its source's display name."""
        return self.name.get(self.of(article), f"article {article} (outlet unknown)")

    def uncertain(self, articles: Iterable[str]) -> list[str]:
        """article ids -> names of the sources among them whose publisher is unknown."""
        keys = dict.fromkeys(self.of(a) for a in articles)
        return [self.name.get(k, k) for k in keys if not self.known.get(k, False)]

    def count(self, articles: Iterable[str]) -> int:
        """article ids -> how many distinct sources they come from."""
        return len({self.of(a) for a in articles})


def publisher(article: Article) -> str | None:
    """Article -> the name of who vouches for its text: the outlet, else the agency its wire
    credit names (the outlets table's name when listed, as written otherwise); None when
    neither is known."""
    for name in (article.outlet, article.wire_credit):
        if name and name.strip():
            listed = outlet_named(name)
            return listed.name if listed is not None else name.strip()
    return None


def source_groups(articles: Sequence[Article],
                  wire_groups: Mapping[str, str] | None = None) -> Sources:
    """a story's articles (+ {article id: wire group original}) -> Sources."""
    ordered = sorted(articles, key=original_order)
    rank = {a.id: k for k, a in enumerate(ordered)}
    names = {a.id: publisher(a) for a in ordered}
    parent = {a.id: a.id for a in ordered}
    by_name: dict[str, str] = {}
    for article in ordered:
        name = names[article.id]
        if name is not None:
            join(parent, rank, by_name.setdefault(name.casefold(), article.id), article.id)
    for article in ordered:
        original = (wire_groups or {}).get(article.id)
        if original in parent:
            join(parent, rank, original, article.id)
    # only texts that can pair matter: unnamed ones (copies) and those of a publisher with
    # several articles (versions)
    shared = Counter(n.casefold() for n in names.values() if n is not None)
    comparable = [a for a in ordered
                  if (name := names[a.id]) is None or shared[name.casefold()] > 1]
    grams = {a.id: shingles(a.body) for a in comparable}
    overlaps = list(_overlapping(comparable, grams, COPY_SHARE)) if len(comparable) > 1 else []
    for one, two, _ in overlaps:
        if names[one] is None and names[two] is None:
            join(parent, rank, one, two)
    return _sources(ordered, names, parent, _versions(ordered, rank, parent, overlaps))


def _overlapping(articles: Sequence[Article], grams: Mapping[str, set[str]],
                 share: float) -> Iterable[tuple[str, str, float]]:
    """articles -> (one, two, containment) for pairs where at least this share of the shorter
    text's 5-grams occur in the other (both long enough to tell), counted through an index of
    5-grams so that only articles sharing some text are compared (a 5-gram in very many
    articles is page furniture)."""
    long = [a.id for a in articles if len(grams[a.id]) >= MIN_SHINGLES]
    index: dict[str, list[int]] = {}
    for k, article in enumerate(long):
        for gram in grams[article]:
            index.setdefault(gram, []).append(k)
    common = max(FURNITURE, len(long) // 2)
    for k, one in enumerate(long):
        shared: dict[int, int] = {}
        for gram in grams[one]:
            posting = index[gram]
            if len(posting) <= common:
                for other in posting:
                    if other > k:
                        shared[other] = shared.get(other, 0) + 1
        for other, count in shared.items():
            two = long[other]
            if count >= share * min(len(grams[one]), len(grams[two])):
                overlap = containment(grams[one], grams[two])
                if overlap >= share:
                    yield one, two, overlap


def _versions(ordered: Sequence[Article], rank: Mapping[str, int], parent: dict[str, str],
              overlaps: Sequence[tuple[str, str, float]]) -> dict[str, str]:
    """articles (earliest first) grouped into sources + overlapping pairs -> {article id:
    newest version's id}: articles of one source whose texts largely overlap are versions of
    one report."""
    version_parent = {a.id: a.id for a in ordered}
    for one, two, overlap in overlaps:
        if overlap >= VERSION_OVERLAP and root_of(parent, one) == root_of(parent, two):
            join(version_parent, rank, one, two)
    groups: dict[str, list[str]] = {}
    for article in ordered:  # earliest first: the last of each group is the newest
        groups.setdefault(root_of(version_parent, article.id), []).append(article.id)
    return {member: group[-1] for group in groups.values() for member in group}


def _sources(ordered: Sequence[Article], names: Mapping[str, str | None],
             parent: dict[str, str], latest: dict[str, str]) -> Sources:
    """articles + their publishers + their union-find -> Sources named after each group's
    publisher."""
    members: dict[str, list[Article]] = {}
    for article in ordered:
        members.setdefault(root_of(parent, article.id), []).append(article)
    key: dict[str, str] = {}
    name: dict[str, str] = {}
    known: dict[str, bool] = {}
    for root, group in members.items():
        named = next((p for a in group if (p := names[a.id]) is not None), None)
        source = f"source:{named.casefold()}" if named else f"article:{root}"
        name[source] = named or unknown_name(group[0])
        known[source] = named is not None
        for article in group:
            key[article.id] = source
    return Sources(key, name, known, latest)


def unknown_name(article: Article) -> str:
    """an article of unknown publisher -> how to name it: its headline (shortened), else its
    id, marked as of unknown outlet."""
    if article.headline:
        words = article.headline.split()
        title = " ".join(words[:10]) + ("…" if len(words) > 10 else "")
        return f"“{title}” (outlet unknown)"
    return f"article {article.id} (outlet unknown)"
