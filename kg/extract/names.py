"""Person names: where a name starts and ends in the tokens after (or before) an office.

A name is a run of capitalised words, with hyphenated parts ("Kosiniak-Kamysz"), lower-case
particles ("von der Leyen", "bin Salman", "al-Maktoum", "d'Estaing") and a generational suffix
("Jr."). Ranks and honorifics in front ("Gen.", "Sheikh", "Tun Dr", "Prince") are not part of it.

Capitalised common words are not names: a sentence's first word ("Likewise"), an institution
("Ministry", "Commission"), a title-case headline's words. ``lexicons/common_words.txt`` lists
frequent English words that are not also names; a name may not start with one, be one alone, or
go on with one past its first two words.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from kg.extract.analysis import Analysis
from kg.extract.lexicon import lexicon, wordlist

#: Elided particles written on to the next part of a name: "d'Estaing", "D’Alema", "l'Aquila".
_ELIDED = ("d'", "d’", "l'", "l’")


@cache
def frequent_words() -> frozenset[str]:
    """Frequent English words that are not names (``lexicons/common_words.txt``)."""
    text = resources.files("kg.extract").joinpath("lexicons", "common_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def common_words() -> frozenset[str]:
    """Frequent English words that are not names, and words news capitalises that never start a name."""
    return frequent_words() | wordlist("common_capitalised")


def name_word(text: str, lower: str) -> bool:
    """A word that may be part of a person's name: capitalised, not a closed-class word, not an acronym."""
    if lower.startswith(_ELIDED) and len(text) > 2 and text[2:3].isupper():
        return True  # "d'Estaing"
    if not text[:1].isupper() or lower in wordlist("not_names"):
        return False
    if text.isupper() and len(text) > 1 and not text.endswith("."):
        return False  # an acronym (NATO, KMT), not a name
    return all(c.isalpha() or c in "'’.-" for c in text)


def _name_token(an: Analysis, i: int) -> bool:
    return name_word(an.texts[i], an.lower[i])


def name_token(an: Analysis, i: int) -> bool:
    """Token ``i`` may be part of a name; a month's name only when no day number follows ("Dong Jun")."""
    if _name_token(an, i):
        return True
    return _month_as_name(an, i)


def _month_as_name(an: Analysis, i: int) -> bool:
    return (
        an.lower[i] in wordlist("months")
        and an.texts[i][:1].isupper()
        and not (i + 1 < len(an.texts) and an.like_num[i + 1])
    )


def _first_name_like(an: Analysis, i: int) -> bool:
    """ "May Collins", "Jan Kral": a month's name used as a first name, followed by a surname."""
    return _month_as_name(an, i) and i + 1 < len(an.texts) and _name_token(an, i + 1)


def _particles_then_name(an: Analysis, j: int) -> bool:
    """Particles, then a name part: "von der Leyen", "al-Maktoum"."""
    particles = wordlist("name_particles")
    texts, n = an.texts, len(an.lower)
    while j < n and (an.lower[j] in particles or (texts[j] in ("-", "‐") and not an.space_after(j - 1))):
        j += 1
    return j < n and _name_token(an, j)


def skip_styles(an: Analysis, i: int) -> int:
    """Past ranks and honorifics before a name: "Gen.", "Rear Admiral", "Sheikh", "Tun Dr.", "Acad."."""
    lower, texts, n = an.lower, an.texts, len(an.lower)
    ranks, honorifics = wordlist("ranks"), wordlist("honorifics")
    while i < n and (lower[i] in ranks or lower[i] in honorifics):
        i += 1
        if i < n and texts[i] == "." and not an.space_after(i - 1):
            i += 1  # "Acad." split in two
    return i


def _is_place(word: str) -> bool:
    places = lexicon().places
    return word in places.names or word in places.capitals or word in places.demonyms or word in lexicon().cities


def parse_name(an: Analysis, i: int, limit: int = 5) -> tuple[int, int] | None:
    """The person's name starting at token ``i`` (after ranks and honorifics), as a token span, or None."""
    texts, lower, n = an.texts, an.lower, len(an.texts)
    i = skip_styles(an, i)
    if i >= n or not (_name_token(an, i) or _first_name_like(an, i)):
        return None
    common = common_words()
    if lower[i] in common:
        return None  # "Likewise", "Ministry", "Graphic": a capitalised word, not a name
    places = lexicon().places
    particles, suffixes = wordlist("name_particles"), wordlist("name_suffixes")
    j, words = i, 0
    while j < n and words < limit:
        if j == i or (name_token(an, j) and not (words >= 2 and lower[j] in common)):
            j += 1
            words += 1
        elif texts[j] in ("-", "‐") and not an.space_after(j - 1) and j + 1 < n and an.is_alpha(j + 1):
            j += 2  # "Gyu-back", "Kosiniak-Kamysz"
        elif lower[j] in particles and words and _particles_then_name(an, j):
            j += 1  # "Ursula von der Leyen", "Khalid bin Salman", "al-Maktoum"
        elif lower[j] in suffixes and (words >= 2 or lower[j] in ("ii", "iii", "iv")):  # "Charles III"
            j += 1
            break
        else:
            break
    # A name does not end on a place ("President Lai of Taiwan" is handled by the caller).
    while j > i and texts[j - 1] in places.names and j - 1 > i:
        j -= 1
    if texts[j - 1].endswith(".") and len(texts[j - 1]) > 2 and lower[j - 1] not in suffixes:
        return None  # a sentence's last word, not an initial
    if j - i == 1 and _is_place(texts[i]):
        return None  # "In Brussels, the minister said": a place, not a person
    return i, j


def name_start_before(an: Analysis, end: int) -> int:
    """Where a name ending before token ``end`` may start, reading leftwards over name words,
    hyphens and particles ("Mohammed bin Rashid al-Maktoum, ..."); ``end`` when there is none."""
    particles = wordlist("name_particles")
    start = end
    while start > 0:
        prev = start - 1
        if (
            name_token(an, prev)
            or an.texts[prev] in ("-", "‐")
            or (an.lower[prev] in particles and start < end and prev > 0 and name_token(an, prev - 1))
        ):
            start = prev
        else:
            break
    return start


__all__ = [
    "common_words",
    "frequent_words",
    "name_start_before",
    "name_token",
    "name_word",
    "parse_name",
    "skip_styles",
]
