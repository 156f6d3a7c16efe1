"""Officials: people named with a public office ("Defence Minister X", "X, the prime minister").

A title anchors a name: an office written right before a name, in apposition after it, or with
the name in brackets. The office's holder comes from explicit evidence first: the words before
the title ("U.S.", "Japan's", "NATO"), "of COUNTRY" after the title or the name, a state or
organisation named inside the office ("President of the European Commission"), offices that imply
their state (Tánaiste); else from a state named before the official in their sentence, or the
state the article is clearly about; else none, since a wrong state is worse than a missing one.
Later mentions by surname resolve to the fullest name the article gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kg.extract.analysis import Analysis, Mention
from kg.extract.lexicon import lexicon, wordlist
from kg.extract.names import frequent_words, name_start_before, name_token, parse_name
from kg.extract.titles import Title, find_titles


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
    holder_stated: bool = False  # the text gives the state ("U.S. President"), not the context

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def _holder_before(analysis: Analysis, title: Title) -> tuple[str | None, int]:
    """The state or organisation written right before a title ("U.S.", "Japan's", "NATO")."""
    lower = analysis.lower
    k = title.start
    if k > 0 and lower[k - 1] == "counterpart":
        k -= 1  # "my French counterpart Minister X"
    if k > 0 and lower[k - 1] in ("'s", "’s"):
        k -= 1
    for m in analysis.mentions:
        if m.end == k and m.form != "capital":
            return m.code, m.start
    return None, title.start


def _holder_inside(analysis: Analysis, title: Title) -> str | None:
    """ "President of the European Commission", "head of the Polish Security Bureau": the state or
    organisation named inside the office (not one it is sent to: "Ambassador to Japan")."""
    for m in analysis.mentions:
        if (
            title.start <= m.start < title.end
            and m.form != "capital"
            and (m.start == 0 or analysis.lower[m.start - 1] != "to")
        ):
            return m.code
    return None


def _holder_after(analysis: Analysis, end: int) -> str | None:
    """ "... Christopher Luxon of New Zealand": the holder named after the name."""
    lower = analysis.lower
    if end < len(lower) and lower[end] == "of":
        for m in analysis.mentions:
            if m.start == end + 1 or (m.start == end + 2 and lower[end + 1] == "the"):
                return m.code
    return None


def _is_former(analysis: Analysis, start: int) -> bool:
    markers = lexicon().offices.former_markers
    k = start - 1
    steps = 0
    while k >= 0 and steps < 4:
        if analysis.lower[k] in markers:
            return True
        if analysis.is_punct[k] and analysis.texts[k] not in ("-", "–"):
            return False
        k -= 1
        steps += 1
    return False


def _office_text(analysis: Analysis, title: Title) -> str:
    """The office as written, without a country word inside it ("head of the [Polish] Security Bureau")."""
    lower = analysis.lower
    inside = {
        i
        for m in analysis.mentions
        if m.kind == "country"
        and m.form in ("name", "demonym")
        and m.start < title.end
        and m.end > title.start
        and not (m.start > title.start and lower[m.start - 1] == "to")  # "Ambassador to Japan"
        for i in range(m.start, m.end)
    }
    if not inside:
        return analysis.span_text(title.start, title.end).strip()
    keep = [i for i in range(title.start, title.end) if i not in inside]
    # "President of the [United Arab Emirates]": no dangling "of the" once the state is out
    while keep and lower[keep[-1]] in ("of", "the", "for", "and", "'s", "’s"):
        keep.pop()
    while keep and lower[keep[0]] in ("and", "'s", "’s"):
        keep.pop(0)
    texts = analysis.texts
    return "".join(texts[i] + (" " if analysis.space_after(i) else "") for i in keep).strip()


def _private_body(analysis: Analysis, title: Title) -> bool:
    """An office of a company, a think tank or a university, not a public one: "vice president of
    Acme Advisory", "director of the ... Research Programme", "chairman of Nordwerft" (a body named
    after the office that is neither a state, an organisation nor a public institution)."""
    texts, lower, n = analysis.texts, analysis.lower, len(analysis.texts)
    offices = lexicon().offices
    words = set(lower[title.start : title.end])
    k = title.end
    if k < n and lower[k] in ("of", "at"):
        p = k + 1 + (k + 1 < n and lower[k + 1] == "the")
        q = p
        while (
            q < n
            and q - p < 8
            and ((texts[q][:1].isupper() and analysis.is_alpha(q)) or (q > p and lower[q] in ("and", "of", "for")))
        ):
            q += 1
        run = set(lower[p:q])
        words |= run
        # a state, an organisation or an agency's acronym ("director of the CIA") is public
        named = any(m.start == p for m in analysis.mentions) or (q - p == 1 and texts[p].isupper())
        if run and not named and title.head in offices.corporate_heads and not run & offices.institutions:
            return True
    return bool(words & offices.private_bodies)


#: What closes a title in apposition: "X, the defence minister, said" / "said X, the defence minister."
_APPOSITION_CLOSE = frozenset({",", ".", ")", "—", "–", ";", ":", "”", '"', "’", "'", "?", "!"})


def _mentions_for_title(analysis: Analysis, title: Title, last_title: str | None) -> list[OfficialMention]:
    texts, lower, n = analysis.texts, analysis.lower, len(analysis.texts)
    if _private_body(analysis, title):
        return []
    holder, left = _holder_before(analysis, title)
    explicit = holder is not None
    inside = None if holder else _holder_inside(analysis, title)
    holder = holder or inside  # named inside the office: the office's own evidence, no country word
    former = _is_former(analysis, left)
    office = _office_text(analysis, title)
    if title.head == "counterpart":
        office = last_title
        if office is None:
            return []
    sent = analysis.sent_index(title.start)
    out = []
    after = title.end
    if after + 1 < n and lower[after] == "of" and title.head != "counterpart":
        # "The Defence Minister of India, NAME," / "the secretary general of NATO, NAME,"
        m = next((m for m in analysis.mentions if m.start in (after + 1, after + 2) and m.form != "capital"), None)
        if m is not None and (m.start == after + 1 or lower[after + 1] == "the"):
            holder, explicit, after = holder or m.code, True, m.end
    if (after < n and texts[after] in (",", "(", "（") and title.head != "counterpart") or (
        title.head == "counterpart" and after < n and texts[after] == ","
    ):
        # "Minister for Defence, Simon Harris," / "The Secretary of State for Defence (John Healey)"
        span = parse_name(analysis, after + 1)
        closing = {"(": (")",), "（": ("）",), ",": (",", ")", "said", "told")}[texts[after]]
        if span and (span[1] >= n or texts[span[1]] in closing or lower[span[1]] in closing):
            name = analysis.span_text(*span)
            held = holder or _holder_after(analysis, span[1])
            out.append(OfficialMention(name, office, held, former, *span, sent, held not in (None, inside)))
            return out
    if holder is None:
        holder = _holder_after(analysis, title.end)  # "a former secretary general of NATO"
    span = parse_name(analysis, after)
    if span and title.plural:
        return _plural_mentions(analysis, title, span, office, former, sent)
    if span:
        name = analysis.span_text(*span)
        held = holder or _holder_after(analysis, span[1])
        out.append(OfficialMention(name, office, held, former, *span, sent, explicit or held not in (None, inside)))
        return out
    # "the re-election of Donald Trump as U.S. President": the name before "as"
    k = left - 1
    if k >= 1 and lower[k] == "as":
        start = k
        while start > 0 and name_token(analysis, start - 1):
            start -= 1
        span = parse_name(analysis, start) if start < k else None
        if span and span[1] == k:
            name = analysis.span_text(start, k)
            out.append(OfficialMention(name, office, holder, former, start, k, sent, explicit))
            return out
    # "Kristen Michal, Estonia's prime minister", "X, the previous prime minister", "X, who served as
    # defence minister": the name before a comma, the title in apposition or a relative clause
    markers = lexicon().offices.former_markers
    relative = False
    while k >= 0 and (lower[k] in wordlist("apposition_words") or lower[k] in markers):
        former = former or lower[k] in markers or lower[k] in ("served", "was")
        relative = relative or lower[k] == "who"
        k -= 1
    # "Ms Lind, the defence minister, said": the title in apposition closes before the clause goes
    # on; in "In Brussels, the defence minister said" the title is the subject and "Brussels" no name
    # ("X, Defence Minister of Denmark, said": "of STATE" names whose office it is: as good as closed)
    closed = title.end >= n or texts[title.end] in _APPOSITION_CLOSE or _holder_after(analysis, title.end) is not None
    if k >= 1 and texts[k] == "," and (closed or relative):
        end = k
        start = name_start_before(analysis, end)
        if start < end:
            span = parse_name(analysis, start)
            if span and span[1] == end:
                name = analysis.span_text(span[0], end)
                out.append(OfficialMention(name, office, holder, former, span[0], end, sent, explicit))
    return out


def _plural_mentions(
    analysis: Analysis, title: Title, span: tuple[int, int], office: str, former: bool, sent: int
) -> list[OfficialMention]:
    """ "Defence ministers Marise Payne of Australia and Nobuo Kishi of Japan": each name holds the office.

    The office is written in the singular; each holder comes from "of STATE" after the name, or
    from a state word before it ("Foreign ministers Penny Wong and Japan's Takeshi Iwaya").
    """
    lower, n = analysis.lower, len(analysis.lower)
    words = office.split()
    office = " ".join([*words[:-1], title.head if words[-1].islower() else title.head.capitalize()])
    out = []
    while span is not None:
        name = analysis.span_text(*span)
        held = _holder_after(analysis, span[1])
        out.append(OfficialMention(name, office, held, former, *span, sent, held is not None))
        k = span[1]
        if held is not None:  # past "of [the] STATE"
            k = next((m.end for m in analysis.mentions if m.start in (k + 1, k + 2)), k)
        if not (k < n and lower[k] == "and"):
            break
        k += 1
        holder_before = next((m for m in analysis.mentions if m.start == k and m.form != "capital"), None)
        if holder_before is not None and holder_before.end < n and lower[holder_before.end] in ("'s", "’s"):
            k = holder_before.end + 1
        span = parse_name(analysis, k)
        if span is not None and holder_before is not None and k > holder_before.start:
            name = analysis.span_text(*span)
            out.append(OfficialMention(name, office, holder_before.code, former, *span, sent, True))
            break
    return out


def find_officials(analysis: Analysis) -> list[Official]:
    """Officials named in the article, merged by name; a surname alone joins the full name."""
    mentions: list[OfficialMention] = []
    last_title: str | None = None
    for title in find_titles(analysis):
        if analysis.is_excluded(analysis.idx[title.start]):
            continue
        found = _mentions_for_title(analysis, title, last_title)
        for m in found:
            if m.title and m.title.lower() != "counterpart":
                last_title = m.title
        mentions.extend(found)
    mentions = _confirm_title_case(analysis, mentions)
    officials: dict[str, Official] = {}
    for m in sorted(mentions, key=lambda m: -len(m.name.split())):
        key = m.name.casefold()
        surname = m.name.split()[-1].casefold()
        single = len(m.name.split()) == 1
        match = (
            officials.get(key)
            or next((o for o in officials.values() if single and o.surname.casefold() == surname), None)
            # "Premier Cho" after "Cho Jung-tai", "Prabowo" after "Prabowo Subianto": a family name
            # written first, or a name used alone, when it is the first word of one official's name
            or _by_first_word(officials.values(), surname if single else None)
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
        stated = [m.holder for m in official.mentions if m.holder and m.holder_explicit]
        # the state a mention states outranks one read from around a mention
        official.holder = stated[0] if stated else holders[0] if holders else None
        official.holder_stated = bool(stated)
    return sorted(officials.values(), key=lambda o: o.mentions[0].start)


def _by_first_word(officials: Iterable[Official], word: str | None) -> Official | None:
    """The one official whose name starts with ``word`` ("Cho" for "Cho Jung-tai"), if only one does."""
    if word is None:
        return None
    found = [o for o in officials if len(o.name.split()) > 1 and o.name.split()[0].casefold() == word]
    return found[0] if len(found) == 1 else None


def _title_case(analysis: Analysis, sent: int) -> bool:
    """A sentence in title case ("Defense Chief Reaffirms Alliance"): capitals do not tell names from
    other words there. It has no full stop at its end, no lower-case word of five letters or more
    other than office words, and common words capitalised (one in the headline, two elsewhere)."""
    span = analysis.sentences[sent]
    if span.end > span.start and analysis.texts[span.end - 1] == ".":
        return False  # a headline has no full stop: a line that ends in one is prose
    common, offices = frequent_words(), lexicon().offices
    office_words = offices.heads | offices.modifiers | offices.complements
    capitalised = 0
    for t in analysis.texts[span.start + 1 : span.end]:
        if len(t) <= 4 or not t.isalpha() or t.lower() in office_words:
            continue
        if t.islower():
            return False
        capitalised += t.lower() in common
    return capitalised >= (1 if sent == 0 else 2)


def _confirm_title_case(analysis: Analysis, mentions: list[OfficialMention]) -> list[OfficialMention]:
    """Names read in a title-case line (a headline) only as far as the body confirms them: the body
    names the person ("Lloyd Austin" for "Lloyd Austin Reaffirms"), or else the mention is dropped."""
    cased = {m.sent for m in mentions if _title_case(analysis, m.sent)}
    if not cased:
        return mentions
    body = [m.name.split() for m in mentions if m.sent not in cased]
    out = []
    for m in mentions:
        if m.sent not in cased:
            out.append(m)
            continue
        words = m.name.split()
        known = max(
            (b for b in body if words[: len(b)] == b or (len(b) > 1 and words == b[-1:])), key=len, default=None
        )
        if known is not None:
            size = min(len(known), len(words))
            out.append(replace(m, name=" ".join(words[:size]), end=m.start + size))
    return out


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
    holds; else the state the article is clearly about (see :func:`officials_home`), or none:
    a wrong state is worse than a missing one.

    Returns the article's home state for the other readers (:func:`home_country`).
    """
    implied = lexicon().offices.implied_holder
    meeting_words = lexicon().cues["meeting_verbs"]
    lower = analysis.lower
    named_orgs = {m.code for m in analysis.mentions if m.kind == "organization"}
    explicit = {m.holder for o in officials for m in o.mentions if m.holder_explicit and m.holder}
    home = home_country(analysis, exclude=explicit)
    unmarked_home = officials_home(analysis, explicit)
    for official in officials:
        if official.holder:
            continue
        title = (official.title or "").lower()
        holder = next(
            (h for office, h in implied.items() if office in title and (h not in {"NATO", "EU"} or h in named_orgs)),
            None,
        )
        official.holder_stated = holder is not None  # an office that names its holder
        first = official.mentions[0]
        claimed: set[str] = set()
        if holder is None:
            claimed = {m.holder for o in officials for m in o.mentions if m.sent == first.sent and m.holder}
            for m in analysis.mentions_in(first.sent):
                if m.start > first.start:
                    break  # a state named after the official is what they speak of, not whom they serve
                if m.kind != "country" or m.code in claimed or m.form == "capital":
                    continue
                before = lower[m.start - 1] if m.start > 0 else ""
                if before in ("the", "a") and m.start > 1:
                    before = lower[m.start - 2]
                if before in wordlist("not_actor"):
                    continue
                holder = m.code
                break
        if holder is None and claimed:
            # Officials named together share a state ("Chinese President Xi ... Premier Li"), unless
            # they are meeting: then the unmarked one is the host or the counterpart.
            sent = analysis.sentences[first.sent]
            meeting = any(w in meeting_words or w == "counterpart" for w in lower[sent.start : sent.end])
            if not meeting and len(claimed) == 1:
                holder = next(iter(claimed))
            elif meeting:
                official.holder = officials_home(analysis, explicit, exclude=claimed)
                continue
        official.holder = holder or unmarked_home
    return home


def officials_home(
    analysis: Analysis, explicit: set[str], exclude: frozenset[str] | set[str] = frozenset()
) -> str | None:
    """The state whose officials the article names without a country word, when that is clear.

    The state named in clearly the most sentences (the headline counts twice: at least two, and
    half as many again as the next); or, where two states are named about equally (a bilateral
    visit), the one of the two whose officials the text never marks with a country word
    ("U.S. Defense Secretary X ... Defence Minister Y": Y serves the other state). Else none.
    States in ``exclude`` are not candidates (an official meeting the U.S. one is not American).
    """
    sentences: dict[str, set[int]] = {}
    for m in analysis.mentions:
        if m.kind == "country" and m.code not in exclude:
            sentences.setdefault(m.code, set()).add(m.sent)
    ranked = Counter({code: len(s) + (1 if 0 in s else 0) for code, s in sentences.items()}).most_common(2)
    if not ranked:
        return None
    (top, most), (second, next_most) = ranked[0], ranked[1] if len(ranked) > 1 else (None, 0)
    if most >= 2 and most >= 1.5 * next_most:
        return top
    unmarked = [code for code in (top, second) if code and code not in explicit]
    return unmarked[0] if len(unmarked) == 1 and next_most >= 2 else None


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
