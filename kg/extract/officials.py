"""Officials: people named with a public office ("Defence Minister X", "X, the prime minister").

A title anchors a name: an office written right before a name, in apposition after it, or with
the name in brackets. The office's holder comes from the words before the title ("U.S.",
"Japan's", "NATO"), from "of COUNTRY" after the name, from offices that imply their state
(Tánaiste), or else from where the article is set. Later mentions by surname resolve to the
fullest name the article gives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.extract.analysis import Analysis, Mention
from kg.extract.lexicon import lexicon, wordlist


@dataclass(frozen=True)
class Title:
    start: int  # token span of the title in the Doc
    end: int
    text: str
    head: str


@dataclass
class OfficialMention:
    name: str
    title: str | None
    holder: str | None
    former: bool
    start: int  # token span of the name
    end: int
    sent: int
    holder_explicit: bool = False


@dataclass
class Official:
    """An official the article names, with the mentions that name them."""

    name: str
    title: str | None
    holder: str | None
    former: bool
    mentions: list[OfficialMention] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def _is_word(token: Token) -> bool:
    return any(c.isalpha() for c in token.text)


def _name_token(token: Token) -> bool:
    text = token.text
    if not text[:1].isupper() or token.lower_ in wordlist("not_names"):
        return False
    if text.isupper() and len(text) > 1 and not text.endswith("."):
        return False  # an acronym (NATO, KMT), not a name
    return all(c.isalpha() or c in "'’.-" for c in text)


def _first_name_like(doc: Doc, i: int) -> bool:
    """ "May Collins", "Jan Kral": a month's name used as a first name, followed by a surname."""
    tok = doc[i]
    return (
        tok.lower_ in wordlist("months")
        and tok.text[:1].isupper()
        and i + 1 < len(doc)
        and _name_token(doc[i + 1])
        and not doc[i + 1].like_num
    )


def _particles_then_name(doc: Doc, j: int) -> bool:
    while j < len(doc) and doc[j].lower_ in wordlist("name_particles"):
        j += 1
    return j < len(doc) and _name_token(doc[j])


def parse_name(doc: Doc, i: int, limit: int = 5) -> tuple[int, int] | None:
    """The person's name starting at token ``i``: capitalised words, hyphenated parts, initials,
    particles and a generational suffix. Returns the token span, or None."""
    while i < len(doc) and doc[i].lower_ in wordlist("ranks"):
        i += 1  # "Gen. Marco Rossi": a rank is not part of the name
    if i >= len(doc) or doc[i].lower_ in wordlist("honorifics"):
        return None
    if not _name_token(doc[i]) and not _first_name_like(doc, i):
        return None
    places = lexicon().places
    j, words = i, 0
    while j < len(doc) and words < limit:
        tok = doc[j]
        if _name_token(tok) or (j == i and _first_name_like(doc, i)):
            j += 1
            words += 1
        elif tok.text in ("-", "‐") and not doc[j - 1].whitespace_ and j + 1 < len(doc) and doc[j + 1].is_alpha:
            j += 2  # "Gyu-back", "Kosiniak-Kamysz"
        elif tok.lower_ in wordlist("name_particles") and words and _particles_then_name(doc, j):
            j += 1  # "Ursula von der Leyen", "Pieter van den Berg"
        elif tok.lower_ in wordlist("name_suffixes") and words >= 2:
            j += 1
            break
        else:
            break
    if words == 0:
        return None
    # A name does not end on a place ("President Lai of Taiwan" is handled by the caller).
    while j > i and doc[j - 1].text in places.names and j - 1 > i:
        j -= 1
    if (
        doc[j - 1].text.endswith(".")
        and len(doc[j - 1].text) > 2
        and doc[j - 1].lower_ not in wordlist("name_suffixes")
    ):
        return None  # a sentence's last word, not an initial
    return i, j


def find_titles(doc: Doc) -> list[Title]:
    """Every run of office words ending in an office head ("Vice Foreign Minister")."""
    offices = lexicon().offices
    titles: list[Title] = []
    i = 0
    n = len(doc)
    while i < n:
        # grow a title from i: modifiers*, head, then "of|for" complements
        j = i
        while j < n and doc[j].lower_ in offices.modifiers and doc[j].lower_ not in offices.heads:
            j += 1
        if j < n and doc[j].lower_ in offices.heads:
            if (
                doc[j].lower_ == "counterpart"
                and j + 1 < n
                and (doc[j + 1].lower_ in offices.modifiers or doc[j + 1].lower_ in offices.heads)
            ):
                i = j + 1  # "my French counterpart Minister X": the office that follows is X's
                continue
            head_end = j + 1
            # "Prime Minister", "Secretary General", "Secretary-General": a head may follow a head
            while head_end < n:
                nxt = doc[head_end]
                if (
                    nxt.text in ("-", "‐")
                    and not doc[head_end - 1].whitespace_
                    and head_end + 1 < n
                    and (
                        doc[head_end + 1].lower_ in offices.heads or doc[head_end + 1].lower_ in wordlist("post_heads")
                    )
                ):
                    head_end += 2
                elif (nxt.lower_ in offices.heads and nxt.lower_ != "counterpart") or nxt.lower_ in wordlist(
                    "post_heads"
                ):
                    head_end += 1
                else:
                    break
            end = head_end
            k = end
            while k < n and doc[k].lower_ in ("of", "for") and k + 1 < n and doc[k + 1].lower_ in offices.complements:
                k += 1
                while k < n and doc[k].lower_ in offices.complements and doc[k].lower_ not in ("of", "for"):
                    k += 1
                end = k
            while end > head_end and doc[end - 1].lower_ in ("the", "of", "for", "and"):
                end -= 1  # "head of the ...": the complement stops before a name it does not cover
            head_word = doc[head_end - 1].lower_
            if end == head_end and head_word in offices.institution_heads and end + 1 < n and doc[end].lower_ == "of":
                # "head of the Polish National Security Bureau": an office named by its institution
                k = end + 1 + (doc[end + 1].lower_ == "the")
                run = k
                while run < n and run - k < 6 and doc[run].text[:1].isupper() and doc[run].is_alpha:
                    run += 1
                if run - k >= 2:
                    end = run
            head = doc[head_end - 1].lower_
            qualified = j > i or head_end - j > 1 or end > head_end
            if head in offices.needs_qualifier and not qualified:
                i = j + 1
                continue
            start = i
            # "Tánaiste and Minister for Defence": two offices joined by "and"
            if titles and titles[-1].end + 1 == start and doc[start - 1].lower_ == "and":
                start = titles.pop().start
            text = doc[start:end].text
            titles.append(Title(start, end, text, head))
            i = end
        else:
            i = max(j, i + 1)
    return titles


def _holder_before(analysis: Analysis, title: Title) -> tuple[str | None, int]:
    """The state or organisation written right before a title ("U.S.", "Japan's", "NATO")."""
    doc = analysis.doc
    k = title.start
    if k > 0 and doc[k - 1].lower_ == "counterpart":
        k -= 1  # "my French counterpart Minister X"
    if k > 0 and doc[k - 1].lower_ in ("'s", "’s"):
        k -= 1
    for m in analysis.mentions:
        if m.end == k and m.form != "capital":
            return m.code, m.start
    return None, title.start


def _holder_after(analysis: Analysis, end: int) -> str | None:
    """ "... Christopher Luxon of New Zealand": the holder named after the name."""
    doc = analysis.doc
    if end < len(doc) and doc[end].lower_ == "of":
        for m in analysis.mentions:
            if m.start == end + 1 or (m.start == end + 2 and doc[end + 1].lower_ == "the"):
                return m.code
    return None


def _is_former(doc: Doc, start: int) -> bool:
    markers = lexicon().offices.former_markers
    k = start - 1
    steps = 0
    while k >= 0 and steps < 4:
        tok = doc[k]
        if tok.lower_ in markers:
            return True
        if tok.is_punct and tok.text not in ("-", "–"):
            return False
        k -= 1
        steps += 1
    return False


def _office_text(analysis: Analysis, title: Title) -> str:
    """The office as written, without a country word inside it ("head of the [Polish] Security Bureau")."""
    inside = {i for m in analysis.mentions if m.kind == "country" for i in range(m.start, m.end)}
    tokens = [t for t in analysis.doc[title.start : title.end] if t.i not in inside]
    return "".join(t.text_with_ws for t in tokens).strip()


def _mentions_for_title(analysis: Analysis, title: Title, last_title: str | None) -> list[OfficialMention]:
    doc = analysis.doc
    holder, left = _holder_before(analysis, title)
    explicit = holder is not None
    former = _is_former(doc, left)
    office = _office_text(analysis, title)
    if title.head == "counterpart":
        office = last_title
        if office is None:
            return []
    sent = analysis.sent_index(doc[title.start])
    out = []
    after = title.end
    if (after < len(doc) and doc[after].text in (",", "(", "（") and title.head != "counterpart") or (
        title.head == "counterpart" and after < len(doc) and doc[after].text == ","
    ):
        # "Minister for Defence, Simon Harris," / "The Secretary of State for Defence (John Healey)"
        span = parse_name(doc, after + 1)
        closing = {"(": (")",), "（": ("）",), ",": (",", ")", "said", "told")}[doc[after].text]
        if span and (span[1] >= len(doc) or doc[span[1]].text in closing or doc[span[1]].lower_ in closing):
            name = doc[span[0] : span[1]].text
            out.append(OfficialMention(name, office, holder or _holder_after(analysis, span[1]), former, *span, sent))
            return out
    if holder is None:
        holder = _holder_after(analysis, title.end)  # "a former secretary general of NATO"
    span = parse_name(doc, after)
    if span:
        name = doc[span[0] : span[1]].text
        held = holder or _holder_after(analysis, span[1])
        out.append(OfficialMention(name, office, held, former, *span, sent, explicit or held is not None))
        return out
    # "the re-election of Donald Trump as U.S. President": the name before "as"
    k = left - 1
    if k >= 1 and doc[k].lower_ == "as":
        start = k
        while start > 0 and _name_token(doc[start - 1]):
            start -= 1
        span = parse_name(doc, start) if start < k else None
        if span and span[1] == k:
            name = doc[start:k].text
            out.append(OfficialMention(name, office, holder, former, start, k, sent, explicit))
            return out
    # "Kristen Michal, Estonia's prime minister", "X, the previous prime minister", "X, who served as
    # defence minister": the name before a comma, the title in apposition or a relative clause
    markers = lexicon().offices.former_markers
    while k >= 0 and (doc[k].lower_ in wordlist("apposition_words") or doc[k].lower_ in markers):
        former = former or doc[k].lower_ in markers or doc[k].lower_ in ("served", "was")
        k -= 1
    if k >= 1 and doc[k].text == ",":
        end = k
        start = end
        while start > 0 and (_name_token(doc[start - 1]) or doc[start - 1].text == "-"):
            start -= 1
        if start < end:
            span = parse_name(doc, start)
            if span and span[1] == end:
                name = doc[span[0] : end].text
                out.append(OfficialMention(name, office, holder, former, span[0], end, sent, explicit))
    return out


def find_officials(analysis: Analysis) -> list[Official]:
    """Officials named in the article, merged by name; a surname alone joins the full name."""
    doc = analysis.doc
    mentions: list[OfficialMention] = []
    last_title: str | None = None
    for title in find_titles(doc):
        if analysis.is_excluded(doc[title.start].idx):
            continue
        found = _mentions_for_title(analysis, title, last_title)
        for m in found:
            if m.title and m.title.lower() != "counterpart":
                last_title = m.title
        mentions.extend(found)
    officials: dict[str, Official] = {}
    for m in sorted(mentions, key=lambda m: -len(m.name.split())):
        key = m.name.casefold()
        surname = m.name.split()[-1].casefold()
        match = officials.get(key) or next(
            (o for o in officials.values() if len(m.name.split()) == 1 and o.surname.casefold() == surname), None
        )
        if match is None:
            officials[key] = Official(m.name, m.title, m.holder, m.former, [m])
        else:
            match.mentions.append(m)
    for official in officials.values():
        official.mentions.sort(key=lambda m: m.start)
        first = official.mentions[0]
        official.title = first.title
        official.former = all(m.former for m in official.mentions)
        holders = [m.holder for m in official.mentions if m.holder]
        official.holder = holders[0] if holders else None
    return sorted(officials.values(), key=lambda o: o.mentions[0].start)


def speaker(officials: list[Official]) -> str | None:
    """Whose words "I" and "we" are in a statement or speech: the official its first lines name."""
    for o in officials:
        if o.mentions and o.mentions[0].sent <= 2:
            return o.name
    return None


def resolve_holders(analysis: Analysis, officials: list[Official]) -> str | None:
    """Give officials without a stated holder one.

    In order: an office that implies its holder (Tánaiste, NATO's Secretary General); a state the
    same sentence names as an actor (not a place: "in Singapore") that no other official there
    holds; else the article's home state, the one its officials need no country word for.
    """
    implied = lexicon().offices.implied_holder
    meeting_words = lexicon().cues["meeting_verbs"]
    doc = analysis.doc
    named_orgs = {m.code for m in analysis.mentions if m.kind == "organization"}
    explicit = {m.holder for o in officials for m in o.mentions if m.holder_explicit and m.holder}
    home = home_country(analysis, exclude=explicit)
    for official in officials:
        if official.holder:
            continue
        title = (official.title or "").lower()
        holder = next(
            (h for office, h in implied.items() if office in title and (h not in {"NATO", "EU"} or h in named_orgs)),
            None,
        )
        if holder is None:
            first = official.mentions[0]
            claimed = {m.holder for o in officials for m in o.mentions if m.sent == first.sent and m.holder}
            for m in analysis.mentions_in(first.sent):
                if m.kind != "country" or m.code in claimed or m.form == "capital":
                    continue
                before = doc[m.start - 1].lower_ if m.start > 0 else ""
                if before in ("the", "a") and m.start > 1:
                    before = doc[m.start - 2].lower_
                if before in wordlist("not_actor"):
                    continue
                holder = m.code
                break
        if holder is None and claimed:
            # Officials named together share a state ("Chinese President Xi ... Premier Li"), unless
            # they are meeting: then the unmarked one is the host or the counterpart.
            sent = analysis.sentences[first.sent]
            meeting = any(t.lower_ in meeting_words or t.lower_ == "counterpart" for t in sent)
            if not meeting and len(claimed) == 1:
                holder = next(iter(claimed))
        official.holder = holder or home
    return home


def home_country(analysis: Analysis, exclude: set[str] | frozenset[str] = frozenset()) -> str | None:
    """Where the article is set: the state named in the most sentences (the headline counts twice),
    leaving out states whose officials the text marks with a country word."""
    sentences: dict[str, set[int]] = {}
    for m in analysis.mentions:
        if m.kind == "country":
            sentences.setdefault(m.code, set()).add(m.sent)
    counts = Counter({code: len(s) + (1 if 0 in s else 0) for code, s in sentences.items()})
    for code, _ in counts.most_common():
        if code not in exclude:
            return code
    return counts.most_common(1)[0][0] if counts else None


__all__ = ["Mention", "Official", "find_officials", "home_country", "resolve_holders"]
