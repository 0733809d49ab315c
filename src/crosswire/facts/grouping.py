"""Items and the probability that pairs of them belong together -> groups (average link).

Agglomerative clustering over a sparse graph: two groups merge while the mean probability
over every pair across them is at least the threshold, best pair of groups first; a pair that
was never scored counts as 0, so a group joins another only when it is linked to most of it.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping

NEGLIGIBLE = 0.01  # a pair this unlikely is left out of the sums (as if never scored)


def average_link(n: int, scores: Mapping[tuple[int, int], float],
                 threshold: float) -> list[list[int]]:
    """item count, {(i, j): probability} (i < j), threshold -> groups of item indices, each
    in index order, groups ordered by their first item."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for (i, j), p in scores.items():
        if i != j and p >= NEGLIGIBLE:
            sums[i][j] = sums[i].get(j, 0.0) + p
            sums[j][i] = sums[j].get(i, 0.0) + p
    heap = [(-p, i, j) for (i, j), p in scores.items() if i != j and p >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        mean = sums[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(mean + negative) > 1e-12:  # stale entry: the groups changed since it was pushed
            continue
        _merge(members, sums, a, b)
        for other, total in sums[a].items():
            linked = total / (len(members[a]) * len(members[other]))
            if linked >= threshold:
                heapq.heappush(heap, (-linked, min(a, other), max(a, other)))
    return sorted((sorted(m) for m in members.values()), key=lambda g: g[0])


def _merge(members: dict[int, list[int]], sums: dict[int, dict[int, float]],
           a: int, b: int) -> None:
    """group b joins group a: members and link sums combined."""
    members[a] += members.pop(b)
    for other, total in sums.pop(b).items():
        if other == a:
            continue
        sums[a][other] = sums[a].get(other, 0.0) + total
        sums[other][a] = sums[other].get(a, 0.0) + total
        sums[other].pop(b, None)
    sums[a].pop(b, None)
