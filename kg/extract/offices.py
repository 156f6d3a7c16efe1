"""Offices compared across articles: one canonical key for the many ways one office is written.

News writes one office several ways: "Defence Minister", "Minister of Defense", "minister for
defence"; "Secretary-General" and "Secretary General"; "the Prime Minister" and "PM". The graph
merges offices by :func:`normalise_office`, which gives all of those one key. The key is for
comparing, never for display: it is case-folded, accent-free and in a fixed word order.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from kg.extract.lexicon import lexicon, wordlist

#: British and American spellings, and written-out short forms, to one form.
_SPELLINGS = {
    "defense": "defence",
    "pm": "prime minister",
    "undersecretary": "under secretary",
    "vicepresident": "vice president",
    "programme": "program",
    "organisation": "organization",
}

#: Portfolios said two ways: "Minister of Foreign Affairs" is the "Foreign Minister".
_PORTFOLIOS = {
    "foreign affairs": "foreign",
}
_PORTFOLIO_RE = re.compile(r"\b(" + "|".join(_PORTFOLIOS) + r")\b")

#: Offices whose "of" phrase is not a portfolio: a "Secretary of State" is not a "State Secretary".
_FIXED = ("of state",)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+", re.UNICODE)


@cache
def _head_words() -> frozenset[str]:
    """Words that are, or end, the office itself: "minister", "secretary", "general" (of "secretary general")."""
    heads = {h for head in lexicon().offices.heads for h in re.split(r"[\s-]+", head)}
    return frozenset(heads | wordlist("post_heads"))


def _words(title: str) -> list[str]:
    """Lower-case, accent-free words; hyphens, dots and possessives split off."""
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’]s\b", " ", text)
    words: list[str] = []
    for word in _WORD.findall(text.replace("-", " ")):
        words.extend(_SPELLINGS.get(word, word).split())
    while words and words[0] in ("the", "a", "an"):
        words.pop(0)
    return words


def _reorder(words: list[str]) -> list[str]:
    """ "deputy minister of the defence" -> "deputy defence minister": the portfolio before the office.

    Only the first "of"/"for" phrase moves; "of state" is part of the office ("Secretary of State"
    is not a "State Secretary").
    """
    heads = _head_words()
    for k, word in enumerate(words):
        if word not in ("of", "for") or k == 0 or words[k - 1] not in heads:
            continue
        rest = words[k:]
        phrase = " ".join(rest[:2])
        if phrase in _FIXED:
            if len(rest) <= 2 or rest[2] not in ("for", "of"):
                return words
            # a "Secretary of State for Defence" is the "Defence Secretary"; a "Minister of State
            # for Defence" is a junior minister, not the "Defence Minister"
            keep = [] if words[k - 1] == "secretary" else rest[:2]
            office, portfolio = [*words[:k], *keep], rest[3:]
        else:
            office, portfolio = words[:k], rest[1:]
        while portfolio and portfolio[0] in ("the", "a", "an"):
            portfolio = portfolio[1:]
        if not portfolio:
            return words
        # the office's own words at the end of what precedes "of": "deputy [prime minister]"
        h = len(office)
        while h > 0 and office[h - 1] in heads:
            h -= 1
        return [*office[:h], *portfolio, *office[h:]]
    return words


def normalise_office(title: str) -> str:
    """One key per office, for merging offices across articles.

    Case-folded and accent-free; "Defense" is spelt "defence"; hyphens are spaces
    ("Secretary-General" = "Secretary General"); a leading article goes; the portfolio comes
    before the office ("Minister of Defence" = "Minister for Defence" = "Defence Minister");
    qualifiers stay in front ("Deputy Minister of Defence" = "deputy defence minister").

    >>> normalise_office("Minister for Defence") == normalise_office("Defense Minister")
    True
    >>> normalise_office("the Secretary-General")
    'secretary general'
    """
    words = _reorder(_words(title))
    return _PORTFOLIO_RE.sub(lambda m: _PORTFOLIOS[m.group(1)], " ".join(words))


__all__ = ["normalise_office"]
