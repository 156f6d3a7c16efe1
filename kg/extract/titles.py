"""Titles: the offices written in an article ("Vice Foreign Minister", "Undersecretary of Defense for
Policy", "director general of the Defense Ministry", "State Department spokesperson").

A title is a run of office words ending in an office head, with "of"/"for" portfolios after it and
a named institution before or after it. Who holds it is the officials reader's business.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

from kg.extract.analysis import Analysis
from kg.extract.lexicon import lexicon, wordlist
from kg.extract.names import name_token


@dataclass(frozen=True)
class Title:
    start: int  # token span of the title in the Doc
    end: int
    text: str
    head: str
    plural: bool = False  # "Defence ministers X of A and Y of B": one office, two people


@cache
def _plural_heads() -> dict[str, str]:
    """Office heads in the plural, to their singular: "ministers" -> "minister", "secretaries" -> "secretary"."""
    out = {}
    for head in lexicon().offices.heads:
        if " " in head or head == "counterpart":
            continue
        out[head[:-1] + "ies" if head.endswith("y") else head + "s"] = head
    return out


@cache
def _office_words() -> frozenset[str]:
    offices = lexicon().offices
    return offices.modifiers | offices.heads | frozenset(_plural_heads())


def find_titles(an: Analysis) -> list[Title]:
    """Every run of office words ending in an office head ("Vice Foreign Minister")."""
    offices = lexicon().offices
    heads, modifiers, complements = offices.heads, offices.modifiers, offices.complements
    post_heads = wordlist("post_heads")
    lower, texts = an.lower, an.texts
    # most words start no title: only the office words the article has are tried
    present = _office_words().intersection(lower)
    candidates = [k for k, word in enumerate(lower) if word in present] if present else []
    titles: list[Title] = []
    starts = {m.start for m in an.mentions} | {k for m in an.mentions for k in range(m.start, m.end)}
    i = 0
    n = len(lower)
    c = 0
    while True:
        c = bisect.bisect_left(candidates, i, c)  # the next office word from i on
        if c == len(candidates):
            break
        i = candidates[c]
        # grow a title from i: modifiers*, head, then "of|for" complements
        j = i
        while j < n and lower[j] in modifiers and lower[j] not in heads:
            j += 1
        plural = j < n and lower[j] in _plural_heads() and j > i and j + 1 < n and name_token(an, j + 1)
        if plural:
            # "Defence ministers Richard Marles and Gen Nakatani": a qualified plural office before names
            titles.append(Title(i, j + 1, an.span_text(i, j + 1), _plural_heads()[lower[j]], plural=True))
            i = j + 1
            continue
        if j < n and lower[j] in heads:
            if lower[j] == "counterpart" and j + 1 < n and (lower[j + 1] in modifiers or lower[j + 1] in heads):
                i = j + 1  # "my French counterpart Minister X": the office that follows is X's
                continue
            head_end = j + 1
            # "Prime Minister", "Secretary General", "Secretary-General": a head may follow a head
            while head_end < n:
                nxt = lower[head_end]
                if (
                    texts[head_end] in ("-", "‐")
                    and not an.space_after(head_end - 1)
                    and head_end + 1 < n
                    and (lower[head_end + 1] in heads or lower[head_end + 1] in post_heads)
                    and (lower[head_end + 1] != "general" or lower[head_end - 1] in offices.general_after)
                ):
                    head_end += 2
                elif (nxt in heads and nxt != "counterpart") or (
                    nxt in post_heads and (nxt != "general" or lower[head_end - 1] in offices.general_after)
                ):
                    head_end += 1
                else:
                    break
            end = head_end
            k = end
            while k < n and lower[k] in ("of", "for") and k + 1 < n and lower[k + 1] in complements:
                k += 1
                while k < n and lower[k] in complements and lower[k] not in ("of", "for"):
                    k += 1
                end = k
            while end > head_end and lower[end - 1] in ("the", "of", "for", "and"):
                end -= 1  # "head of the ...": the complement stops before a name it does not cover
            head_word = lower[head_end - 1]
            if end == head_end and head_word in offices.institution_heads and end + 1 < n and lower[end] == "of":
                # "head of the Polish National Security Bureau": an office named by its institution
                k = end + 1 + (lower[end + 1] == "the")
                run = k
                while run < n and run - k < 6 and texts[run][:1].isupper() and an.is_alpha(run):
                    run += 1
                if run - k >= 2:
                    end = run
            end = _institution_after(an, head_end, end)
            head = lower[head_end - 1]
            start = _institution_before(an, i, starts)
            if start == i and i > 0 and texts[i - 1].isupper() and len(texts[i - 1]) > 1 and an.is_alpha(i - 1):
                # "TNI commander": an institution's acronym leads the office (a state's or an
                # organisation's acronym says whose office it is instead)
                start = i if i - 1 in starts else i - 1
            qualified = j > start or head_end - j > 1 or end > head_end or (i > 0 and i - 1 in starts)
            if head in offices.needs_qualifier and not qualified:
                i = j + 1
                continue
            # "Tánaiste and Minister for Defence": two offices joined by "and"
            if titles and titles[-1].end + 1 == start and lower[start - 1] == "and":
                start = titles.pop().start
            text = an.span_text(start, end)
            titles.append(Title(start, end, text, head))
            i = end
        else:
            i = j if j > i else i + 1
    return titles


def _institution_after(an: Analysis, head_end: int, end: int) -> int:
    """Where a title ends that goes on to name its institution: "director general of the Defense
    Ministry", "spokeswoman for the National People's Congress", "governor of the General Authority
    for Military Industries". The institution ends on an institution word; an "of"/"for" phrase after
    it belongs to it only when no name follows straight after."""
    lower, texts, n = an.lower, an.texts, len(an.lower)
    institutions = lexicon().offices.institutions
    p = end
    if p == head_end:
        if not (p + 1 < n and lower[p] in ("of", "for")):
            return end
        p += 1 + (lower[p + 1] == "the")
    elif lower[p - 1] not in ("the", "of", "for") and not texts[p - 1][:1].isupper():
        return end
    q, last = p, None
    while q < n and q - p < 8:
        if texts[q][:1].isupper() and an.is_alpha(q):
            if lower[q] in institutions:
                last = q
        elif not (q > p and lower[q] in ("'s", "’s", "of", "for", "and", "the")):
            break
        q += 1
    if last is not None:
        end = last + 1
    elif lower[end - 1] not in institutions:
        return end
    if end + 1 < n and lower[end] in ("of", "for") and texts[end + 1][:1].isupper():
        r = end + 1
        while r < n and r - end < 5 and texts[r][:1].isupper() and an.is_alpha(r):
            r += 1
        if r >= n or not (texts[r][:1].isupper() or lower[r] in wordlist("honorifics")):
            end = r  # "... Authority for Military Industries, NAME" / "(NAME)" / "said"
    return end


def _institution_before(an: Analysis, start: int, mentions: set[int]) -> int:
    """Where a title starts that is led by its institution: "Defence Ministry spokesman", "State
    Department spokesperson", "House Speaker". A state's word before it stays out of the title
    ("Indonesia's", "Chinese"): it says whose office it is."""
    lower, texts = an.lower, an.texts
    institutions = lexicon().offices.institutions_before
    modifiers = lexicon().offices.modifiers
    k = start
    if k == 0 or lower[k - 1] not in institutions or k - 1 in mentions:
        return start
    k -= 1
    while k > 0 and start - k < 5 and k - 1 not in mentions:
        word = texts[k - 1]
        if not (an.is_alpha(k - 1) and (word[:1].isupper() or lower[k - 1] in modifiers)):
            break
        if lower[k - 1] in wordlist("not_names") or lower[k - 1] in ("the", "a", "an"):
            break
        k -= 1
    return k


__all__ = ["Title", "find_titles"]
