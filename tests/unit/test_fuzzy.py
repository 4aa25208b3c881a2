import random

from iconseek.core.lexical.edit_distance import osa_distance
from iconseek.core.lexical.fuzzy import DeletionIndex, DeletionIndexBuilder, allowed_distance, deletion_variants


def reference_osa(a: str, b: str) -> int:
    """Textbook full-matrix OSA distance, no cut-off."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def test_osa_distance_examples():
    assert osa_distance("home", "home", 2) == 0
    assert osa_distance("hoem", "home", 2) == 1  # transposition counts once
    assert osa_distance("hme", "home", 2) == 1
    assert osa_distance("keybaord", "keyboard", 2) == 1
    assert osa_distance("kitten", "sitting", 2) == 3  # beyond the limit -> limit + 1
    assert osa_distance("a", "abcd", 1) == 2


def test_osa_distance_matches_reference_on_random_pairs():
    rng = random.Random(7)
    for _ in range(3000):
        a = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 7)))
        b = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 7)))
        full = reference_osa(a, b)
        for limit in (1, 2, 3):
            assert osa_distance(a, b, limit) == (full if full <= limit else limit + 1), (a, b, limit)


def test_allowed_distance_by_length():
    assert [allowed_distance("x" * n) for n in (1, 3, 4, 7, 8, 12)] == [0, 0, 1, 1, 2, 2]


def test_deletion_variants():
    assert deletion_variants("abc", 1) == {"abc", "ab", "ac", "bc"}
    assert "a" in deletion_variants("abc", 2)


def test_deletion_index_finds_exactly_the_terms_within_distance():
    rng = random.Random(3)
    alphabet = "abcdefgh"
    vocabulary = sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(2, 11))) for _ in range(800)})
    index = DeletionIndex(vocabulary)
    for _ in range(300):
        base = rng.choice(vocabulary)
        chars = list(base)
        for _ in range(rng.randint(0, 3)):  # random edits
            op = rng.randint(0, 2)
            pos = rng.randint(0, max(0, len(chars) - 1))
            if op == 0 and chars:
                chars.pop(pos)
            elif op == 1:
                chars.insert(pos, rng.choice(alphabet))
            elif chars:
                chars[pos] = rng.choice(alphabet)
        token = "".join(chars)
        limit = allowed_distance(token)
        # Brute force over the whole vocabulary (the length gap is a lower bound of the distance).
        distances = ((t, reference_osa(token, t)) for t in vocabulary if abs(len(t) - len(token)) <= limit)
        expected = sorted(((t, d) for t, d in distances if 0 < d <= limit), key=lambda item: (item[1], item[0]))
        assert index.lookup(token) == expected, token


def test_short_tokens_are_not_corrected():
    index = DeletionIndex(["cat", "car", "cart"])
    assert index.lookup("cat") == []
    assert index.lookup("catr") == [("car", 1), ("cart", 1), ("cat", 1)]


def test_a_build_in_slices_gives_the_one_shot_table():
    rng = random.Random(5)
    vocabulary = sorted({"".join(rng.choice("abcdefg") for _ in range(rng.randint(2, 10))) for _ in range(500)})
    builder = DeletionIndexBuilder(vocabulary)
    steps = 0
    while not builder.step(37):
        steps += 1
    assert steps == len(vocabulary) // 37  # it really went slice by slice
    sliced, whole = builder.finish(), DeletionIndex(vocabulary)
    assert sliced._table == whole._table
    for token in ("abcdef", "gfedcba", "abcc", "aabbccdd"):
        assert sliced.lookup(token) == whole.lookup(token)
