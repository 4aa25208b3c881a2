"""Optimal-string-alignment (restricted Damerau-Levenshtein) distance.

Typos in short words are mostly one insertion, deletion, substitution or a swap
of neighbours ("hoem" -> "home"); OSA counts each of those as one edit. The
deletion index only proposes candidates, this function decides.
"""

from __future__ import annotations


def osa_distance(a: str, b: str, limit: int) -> int:
    """Return the OSA distance of ``a`` and ``b``, or ``limit + 1`` if it exceeds ``limit``.

    The cut-off keeps the cost low: a length gap above ``limit`` answers at once
    and a row whose minimum exceeds ``limit`` ends the computation.
    """
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(lb + 1))
    for i in range(1, la + 1):
        current = [i] + [0] * lb
        ai = a[i - 1]
        row_min = i
        for j in range(1, lb + 1):
            cost = 0 if ai == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
            if value < row_min:
                row_min = value
        if row_min > limit:
            return limit + 1
        previous_previous, previous = previous, current
    distance = previous[lb]
    return distance if distance <= limit else limit + 1
