"""Spending targets and expenditures: what a sentence says about a level of defence spending.

Each amount of money and each share of GDP in a sentence about defence is read in its clause:
- changes and parts are left out ("an increase of €145 million", "£4 billion for drones"), as are
  conversions in brackets and figures outside defence ("overall government spending");
- the words nearest the figure decide first ("stood at" is spending, "target of" a target), then
  the clause: a level framed as a goal, pledge or demand, or raised to a later year, is a target; a
  level tied to a budget, a fiscal year or the present is an expenditure (budget, actual, estimate);
- whose spending it is comes from the clause ("Germany's defense spending", "its budget", the
  state or alliance acting), else the official speaking, else the article's previous figure, else
  its home state.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from functools import cache, cached_property

from kg.extract import dates
from kg.extract.analysis import Analysis, Mention
from kg.extract.lexicon import lexicon, wordlist
from kg.extract.officials import Official
from kg.extract.quantities import Quantity, find_quantities
from kg.gazetteer import is_country as gazetteer_country

log = logging.getLogger(__name__)

GDP_AFTER = re.compile(
    r"^\s*(?:\(GDP\)\s*)?(?:of|in)\s+(?:the\s+)?(?:(?:[A-Z][\w.]*(?:\s[A-Z]\w*)?(?:'s|’s)|its|their|our|his|her|"
    r"annual|national|total|the\s+country(?:'s|’s))\s+)*(?:gdp|gross\s+domestic\s+product|economic\s+output|national\s+income)",
    re.I,
)
SHARE_OF = re.compile(r"^\s*of\s+(?:the|its|their|all|our)\s+(?!gdp|gross)", re.I)
CHANGE_BEFORE = re.compile(
    r"(?:\b(?:increase|increases|rise|hike|boost|jump|cut|cuts|growth|drop|decline|reduction)\s+(?:of|by|worth)"
    r"|\b(?:increase|rise|boost|hike)\s+in\s+\w+(?:\s+\w+)?\s+worth|\b(?:extra|additional|another|further)(?:\s+\w+)?"
    r"|\bby|\bup|\bdown)\s*(?:about|around|roughly|some|nearly|almost|over|more\s+than|up\s+to)?\s*$",
    re.I,
)
CHANGE_AFTER = re.compile(
    r"^\s*(?:\(\s*\d[\d.]*\s*%\s*\)\s*)?(?:extra|more|increase|rise|hike|jump|growth|higher|lower|year-on-year|boost|top-up|injection|"
    r"year-over-year|in\s+(?:additional|extra|new)|over\s+the\s+previous)\b",
    re.I,
)
PART_BEFORE = re.compile(
    r"\b(?:earmarked|set\s+aside|includes?|included|including|of\s+which|provision\s+of)\b.{0,80}$"
    r"|\b(?:the\s+)?remaining\s*$|^\s*of\s+the\s+\S+,\s*$"
    r"|\b(?:would\s+amount\s+to|would\s+be|would\s+total)\s*(?:about|around|roughly|some|nearly|almost|only)?\s*$",
    re.I,
)
PART_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:(?:is|are|was|were|will\s+be)\s+(?:earmarked|set\s+aside|allocated\s+to|for)|earmarked|set\s+aside)\b|"
    r"^\s*(?:\([^)]*\)\s*)?(?:will\s+|would\s+)?(?:come|comes|came|is\s+expected|are\s+expected)\s+from\b|"
    r"^\s*(?:\([^)]*\)\s*)?(?:investment\s+)?(?:for|in|on|of)\s+(?!(?:the\s+|its\s+|their\s+)?(?:defen[cs]e|military|armed|"
    r"national\s+defen[cs]e|"
    r"fiscal|financial|fy|year|the\s+year|budget|(?:19|20)\d\d|security\s+and\s+defen[cs]e|defen[cs]e\s+and|core\s+defen[cs]e|"
    # when it was said, not what the money is for: "on Thursday", "in March", "on average"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|(?:next|last|this|coming|past|previous)\s+\w+|average|total|top\s+of)\b)"
    r"(?:the\s+)?[a-z‘'\"“]",
    re.I,
)
OTHER_SCOPE = re.compile(
    r"\b(?:government|overall|supplementary|stimulus|infrastructure|assistance|aid|tax|revenues?)\b", re.I
)
DEFENCE_NEAR = re.compile(r"\bdefen[cs]e\b|\bmilitary\b|\barmed\s+forces\b|\barmy\b|\bnavy\b|\bair\s+force\b", re.I)
DEFINITE_BEFORE = re.compile(r"\b(?:the|that|this)\s*$", re.I)
CURRENT = re.compile(r"\bthis\s+year(?:'s|’s)?\b|\bthis\s+fiscal\s+year\b|\bcurrently\b|\bnow\b", re.I)
THRESHOLD = re.compile(r"\b(?:above|below|over|under|exceeding|beyond|less\s+than|more\s+than)\s*$", re.I)
NEGATION = re.compile(r"\b(?:not|no|never|nor|without)\b", re.I)
ALLIES = re.compile(
    r"\b(?:allies|alliance|member\s+states|members|member\s+countries|NATO\s+(?:countries|nations))\b", re.I
)
STANDING = re.compile(r"\b(?:current|existing|previous|old|standing|former)\s*$", re.I)
TARGET_NOUN_AFTER = re.compile(
    r"^\s*(?:of\s+(?:GDP|gross\s+domestic\s+product)\s+)?(?:defen[cs]e\s+)?(?:spending\s+)?"
    r"(?:target|goal|guideline|benchmark|threshold|pledge)\b",
    re.I,
)
TARGET_NOUN_BEFORE = re.compile(
    r"\b(?:target|goal|guideline|pledge|ambition|benchmark|quota)\s+(?:of|to|at)\s+"
    r"(?:reach\s+|spending\s+|spend\s+|about\s+|around\s+|at\s+least\s+)?$",
    re.I,
)
STATE_BEFORE = re.compile(
    r"\b(?:stood|stands|sits|sat|stand|was|were|is|are|spends|spent|currently|remained|remains|reached|totall?ed|"
    r"amounted\s+to|devoted|devotes|allocated|allocates|budgeted)"
    r"\s+(?:at\s+)?(?:an?\s+)?(?:estimated\s+)?(?:about|around|roughly|some|nearly|almost|only|just|over|under|a\s+record)?\s*$",
    re.I,
)
MOVE_TO = re.compile(
    r"\b(?:raise|raising|raised|increase|increasing|boost|boosting|lift|lifting|hike|hiking|bring|bringing|grow|double|"
    r"doubling|take|push|ramp\s+up|reach|reaching|hit|invest)\b.{0,80}?\bto\s+"
    r"(?:reach\s+|hit\s+)?(?:about|around|roughly|almost|nearly|some|at\s+least)?\s*$|\bto\s+(?:reach|hit|spend|invest)\s+"
    r"(?:about|around|roughly|almost|nearly|at\s+least)?\s*$",
    re.I,
)
INTENT = re.compile(
    r"\b(?:aims?|aiming|wants?|wanted|pledged?|pledging|vow(?:ed|s)?|committed|commits?|"
    r"promised?|set\s+to|going\s+to|seeks?|sought|intends?|proposed?|proposes|goal|target|ambition|must|should|"
    r"demand(?:ed|s|ing)?|urged?|push(?:ed)?\s+for|called\s+(?:for|on)|calls\s+for|due\s+to|expected\s+to|agreed|"
    r"press(?:es|ed|ing)?|ask(?:s|ed)?|tell(?:s)?|told)\b",
    re.I,
)
BUDGET_NEAR = re.compile(
    r"\b(?:budget|budgets|budgeted|allocation|allocated|allocates?|allocating|allot|allotted|request|requested|appropriation|funding|fund|envelope|outlays)\b",
    re.I,
)
WILL = re.compile(
    r"\b(?:will|shall|'ll|is\s+set\s+to|are\s+set\s+to|is\s+going\s+to|plans?\s+to|expects?\s+to)\b", re.I
)
WOULD = re.compile(r"\bwould\b", re.I)
#: A percentage about the economy, not defence: "a five per cent target for GDP growth", "inflation of 3%".
ECONOMY_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:(?:target|goal)\s+for\s+(?:the\s+)?(?:gdp|economy|economic|growth)|growth|inflation|"
    r"deficit|interest|unemployment|tariffs?|year-on-year)\b",
    re.I,
)
ECONOMY_BEFORE = re.compile(r"\b(?:deficit|inflation|growth|unemployment|debt|tax|levy|interest\s+rates?)\b", re.I)
#: The owner named after a target: "the 2% guideline that NATO members signed", "the benchmark agreed by allies".
TARGET_OWNER_AFTER = re.compile(
    r"^\s*(?:of\s+(?:GDP|gross\s+domestic\s+product)\s+)?(?:\w+\s+)?(?:guideline|target|goal|benchmark|threshold)\s+"
    r"(?:that|which|agreed\s+by|set\s+by|adopted\s+by|of)\s+(?:the\s+)?(?:NATO|allies|alliance|member)",
    re.I,
)
#: Words that frame a level as a goal someone set, asked for or promised.
GOAL = re.compile(
    r"\b(?:target|goal|aims?|aiming|ambition|pledged?|pledging|commit(?:s|ted|ment)?|wants?|wanted|demand(?:s|ed|ing)?|"
    r"urged?|push(?:ed|es)?\s+for|called\s+(?:for|on)|calls?\s+for|vow(?:s|ed)?|promised?|propos(?:e|es|ed)|seeks?|sought)\b",
    re.I,
)
#: A deadline introduced by "by", "until" or "within" ("by 2035"): a goal's, not a budget's.
BY_DEADLINE = re.compile(r"^\W*(?:\(\w+\)\s*)?(?:of\s+[\w\s’'$()]*?)?(?:by|until|within|no\s+later\s+than)\b", re.I)
#: A budget's period named before the figure: "total defence spending for 2025-2036 will come to NOK 1,624 billion".
PERIOD_BEFORE = re.compile(
    r"\bfor\s+(?:the\s+)?(?:fiscal\s+|FY\s*)?(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?\b", re.I
)
#: Reaching a level: "will meet NATO's target of 2%", "expects to reach the 2% goal".
REACH = re.compile(r"\b(?:meet|meets|met|reach|reaches|reached|hit|hits|achieve|achieves|bring|take|lift)\b", re.I)
#: Words that state a level rather than a wish: "will amount to", "will come to", "totals".
LEVEL = re.compile(
    r"\b(?:amount|amounts|come|comes|total|totals|stand|stands|be|is|set\s+at)\b(?:\s+to|\s+at)?\s*(?:about|around|roughly|some)?\s*$",
    re.I,
)
FOR_PERIOD = re.compile(
    r"^.{0,45}?\bfor\s+(?:the\s+)?(?:fiscal\s+(?:year\s+)?|financial\s+year\s+|FY\s*)?(?:19|20)\d\d\b", re.I
)
ESTIMATE = re.compile(r"\b(?:estimated?|projected|forecast)\b", re.I)
RANGE_PERIOD = re.compile(
    r"\bfrom\s+(?:fiscal\s+)?(?:19|20)\d\d\s+(?:through|to|until)\b|\bover\s+(?:the\s+next\s+)?\w+\s+years\b", re.I
)
SPENDING_SHARE = re.compile(
    r"\bgdp\b|gross domestic product|target|goal|guideline|benchmark|ambition|aim|pledge|commit|spend|invest|budget|"
    r"share",
    re.I,
)
LIST_GAP = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:in\s+(?:19|20)\d\d\s*)?(?:and|,|–|-|—)\s*(?:a\s+total\s+of\s*)?", re.I)
COMPARISON_YEAR = re.compile(r"\b(?:from|than|compared\s+(?:to|with)|since)\s+(?:last\s+year|(?:19|20)\d\d)\b", re.I)
PROPOSAL = re.compile(
    r"\b(?:budget|proposed|proposes|proposal|draft|request|requested|allocat\w*|cabinet|parliament|plans?|planned)\b",
    re.I,
)
REFERS_BACK = re.compile(
    r"\b(?:the|this|that)\s+(?:\w+\s+)?(?:benchmark|target|guideline|goal|quota|threshold)\b", re.I
)
NATION_POSSESSIVE = re.compile(r"\b(?:the\s+(?:nation|country|government)(?:'s|’s))\s+(?:\w+\s+){0,3}$", re.I)
#: "I" or "we" speaking: the statement's author acts.
FIRST_PERSON = re.compile(r"(?:^|\s)(?:I|We|we)\s")
#: Allies that are someone else's: "America's allies in Asia", "its allies and partners".
OTHERS_ALLIES = re.compile(r"(?:'s|’s|\bits|\btheir)\s+allies\b|\ballies\s+(?:in|and\s+partners)\b", re.I)
#: "plus another 1.5%": a part of a package, not a change.
ANOTHER_BEFORE = re.compile(r"\banother\s*$", re.I)
#: Where a figure's own phrase ends: at a comma, a relative clause or a dash.
PHRASE_END = re.compile(r",|\bwhich\b|\bthat\b|\bwho\b|\bwhen\b|\bafter\b|[—–]")
#: Where the phrase of a spending figure ends, before a comparison with another figure.
SPENT_PHRASE_END = re.compile(r",|\bup\s+from\b|\bdown\s+from\b|\bcompared\b|\bagainst\b")
#: A relative clause set off by commas: ", which borders Russia,".
ASIDE = re.compile(r",\s*(?:which|who|whose|where)\b[^,]{0,80},")
#: A deadline put first, before the clause it governs: "By 2030, Poland will spend 5% of GDP on defence".
FRONTED_DEADLINE = re.compile(r"^\W*(?:by|until|within|no\s+later\s+than)\b[^,;:]{1,40},", re.I)
#: A "by" deadline further on: "..., which is due to end by around 2034".
BY_YEAR_FURTHER = re.compile(r"\bby\s+(?:around\s+|about\s+|the\s+end\s+of\s+)?(?:fiscal\s+)?(?:19|20)\d\d\b", re.I)
DASH = re.compile(r"[—–]")
#: A target named after a figure: "the current 2% of GDP target".
NAMED_TARGET_AFTER = re.compile(r"^\s*(?:of\s+\w+\s+)?(?:\w+\s+)?(?:target|goal|guideline)", re.I)
#: Spending that happened: "last year", "in 2023".
LAST_YEAR = re.compile(r"\blast\s+(?:fiscal\s+)?year\b|\bprevious\s+year\b", re.I)
#: The year a figure is for, named as one year: "in 2026", "next year" (not "from 2026 to 2030").
IN_NEXT_YEAR = re.compile(r"^(?!.*\bfrom\b).*\b(?:in\s+(?:fiscal\s+)?(?:19|20)\d\d|next\s+(?:fiscal\s+)?year)\b", re.I)
IN_YEAR = re.compile(r"\bin\s+((?:19|20)\d\d)\b")
NOT_DIGIT = re.compile(r"\D")


@dataclass
class SpendingFact:
    """A target or an expenditure, before it becomes a facts-schema item."""

    is_target: bool
    value: float
    unit: str
    holders: list[str]  # ISO codes, organisation acronyms or a group word
    deadline: str | None = None  # targets
    year: str | None = None  # expenditures
    kind: str | None = None  # expenditures: actual, budget, estimate
    set_by: str | None = None
    sent: int = 0
    precision: int = 0


@dataclass
class _Context:
    """A quantity in its sentence: the clause before and after it."""

    sent: int
    quantity: Quantity
    before: str  # clause text before the quantity
    after: str  # clause text after it
    sentence: str
    clause_start: int  # character offset of the clause in the article

    @cached_property
    def gdp_after(self) -> re.Match[str] | None:
        """ "of GDP" (or its like) right after the quantity, looked for once."""
        return GDP_AFTER.match(self.after)


def _at_boundary(text: str, i: int) -> bool:
    r"""Whether ``\b`` holds at ``i``: a word character (what ``\w`` matches) on one side only."""
    before = i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")
    after = i < len(text) and (text[i].isalnum() or text[i] == "_")
    return before != after


def _has_word(text: str, word: str) -> bool:
    r"""Whether ``re.search(rf"\b{re.escape(word)}\b", text)`` would match, without compiling a
    pattern for each name (which costs more than the search)."""
    at = text.find(word)
    while at >= 0:
        if _at_boundary(text, at) and _at_boundary(text, at + len(word)):
            return True
        at = text.find(word, at + 1)
    return False


@cache
def _money_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words of spending or goals, and the words after "its"/"their" that make it the owner of
    the spending."""
    cues = lexicon().cues
    spending = cues["spending_words"]
    return spending | cues["target_words"], spending | {"defence", "defense", "military", "gdp"}


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding [start, end): split at semicolons and at ", while" / " but "."""
    left = max(sentence.rfind(";", 0, start), sentence.rfind(" while ", 0, start), sentence.rfind(" but ", 0, start))
    right_candidates = [
        i for i in (sentence.find(";", end), sentence.find(" while ", end), sentence.find(" but ", end)) if i >= 0
    ]
    right = min(right_candidates) if right_candidates else len(sentence)
    return (left + 1 if left >= 0 else 0), right


class SpendingReader:
    """Reads the targets and expenditures of one article."""

    def __init__(self, analysis: Analysis, officials: list[Official], home: str | None, speaker: str | None) -> None:
        self.analysis = analysis
        self.officials = officials
        self.home = home
        self.speaker = next((o for o in officials if o.name == speaker), None)
        self.lex = lexicon()
        self.token_starts = analysis.idx
        self.nato_context = any(m.code == "NATO" for m in analysis.mentions)
        self.targets: list[SpendingFact] = []
        self.expenditures: list[SpendingFact] = []
        self.last: SpendingFact | None = None
        cues = self.lex.cues
        # Which sentences speak of defence money: those with a defence word; in an article about
        # defence, also those that speak of spending or goals ("Spain aims to spend 2.1% of GDP").
        lower, defence_words = analysis.lower, cues["defence_words"]
        words_of = [set(lower[sent.start : sent.end]) for sent in analysis.sentences]
        defence_article = sum(len(w & defence_words) for w in words_of) >= 3
        money_words, self.own_words = _money_words()  # own: the words after "its"/"their" that make it the owner
        with_institution = {m.sent for m in analysis.mentions if m.form == "institution"}
        self.defence = []
        for i, words in enumerate(words_of):
            about_defence = not words.isdisjoint(defence_words) or i in with_institution
            follows = bool(defence_article or (i and self.defence[i - 1])) and not words.isdisjoint(money_words)
            self.defence.append(about_defence or follows)
        # Read once per article rather than once per figure:
        # where officials marked with a state word start, by sentence ("US Defense Secretary Pete Hegseth").
        self.titled_starts = {(om.sent, om.start) for o in officials for om in o.mentions if om.holder_explicit}

    # --- whose spending ------------------------------------------------------------------
    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.token_starts, char) - 1)

    def holders(self, ctx: _Context, is_target: bool, countries_only: bool = False) -> list[str]:
        """Whose spending the quantity is (for spending: a state, never an alliance)."""
        an = self.analysis
        mentions = [m for m in an.mentions if not countries_only or m.kind == "country"]
        q_token = self.token_at(ctx.quantity.start)
        clause_token = self.token_at(ctx.clause_start)
        in_clause = self._outside_asides(
            ctx, [m for m in mentions if m.sent == ctx.sent and clause_token <= m.start and m.end <= q_token]
        )
        # "increase from 2 to 2.33 per cent of Australia's GDP"
        gdp = ctx.gdp_after
        if gdp:
            end_char = ctx.quantity.end + gdp.end()
            owners = [m for m in mentions if m.sent == ctx.sent and q_token < m.start and an.idx[m.start] < end_char]
            if owners:
                return [owners[0].code]
        if is_target and not countries_only and TARGET_OWNER_AFTER.match(ctx.after):
            return self._allies(ctx)
        allies = (
            [] if countries_only else [self.token_at(ctx.clause_start + a.start()) for a in ALLIES.finditer(ctx.before)]
        )
        # "its defence spending", "their GDP": the state or alliance named last before the pronoun
        words = an.lower[clause_token:q_token]
        for k in range(len(words) - 1, -1, -1):
            if words[k] in ("its", "their") and any(w in self.own_words for w in words[k + 1 : k + 4]):
                i = clause_token + k
                before = [m for m in mentions if m.end <= i and m.sent == ctx.sent]
                ally_before = [a for a in allies if a < i]
                if ally_before and (not before or ally_before[-1] > before[-1].start):
                    return self._allies(ctx)
                if before:
                    return [before[-1].code]
                break
        if (
            is_target
            and self.targets
            and REFERS_BACK.search(ctx.before)
            and not any(self._is_actor(m) for m in in_clause)
        ):
            return list(self.targets[-1].holders)  # "the benchmark should be raised to 3%"
        if NATION_POSSESSIVE.search(ctx.before[-60:]):
            official = self._official_in(ctx)
            return [official.holder] if official and official.holder else ([self.home] if self.home else [])
        actors = [m for m in in_clause if self._is_actor(m)]
        best = actors[-1] if actors else None
        if allies and (best is None or allies[-1] > best.start):
            return self._allies(ctx)
        if best is not None:
            return [best.code]
        official = self._official_in(ctx)
        if official is not None and official.holder:
            return [official.holder]
        last = self.last.holders if self.last is not None else []
        if last and (is_target or any(gazetteer_country(h) for h in last)):
            return [h for h in last if not countries_only or gazetteer_country(h)] or ([self.home] if self.home else [])
        return [self.home] if self.home else []

    def _outside_asides(self, ctx: _Context, mentions: list[Mention]) -> list[Mention]:
        """Drop the states named in an aside: "Lithuania, which borders Russia, intends to spend ..."."""
        an = self.analysis
        start = an.sentences[ctx.sent].start_char
        asides = [(start + a.start(), start + a.end()) for a in ASIDE.finditer(ctx.sentence)]
        if not asides:
            return mentions
        return [m for m in mentions if not any(a <= an.idx[m.start] < b for a, b in asides)]

    def _is_actor(self, m: Mention) -> bool:
        lower = self.analysis.lower
        prev = lower[m.start - 1] if m.start > 0 else ""
        if prev in ("the", "a") and m.start > 1:
            prev = lower[m.start - 2]
        nxt = lower[m.end] if m.end < len(lower) else ""
        if prev in wordlist("not_actor") and nxt not in ("'s", "’s"):
            return False
        # "US Defense Secretary Pete Hegseth": the state word belongs to the official named within five tokens
        return not any((m.sent, m.end + gap) in self.titled_starts for gap in range(1, 6))

    def _official_in(self, ctx: _Context) -> Official | None:
        """The official speaking or acting in the sentence ("I" and "we" are the speaker)."""
        q_token = self.token_at(ctx.quantity.start)
        named = sorted(
            (om.start, o) for o in self.officials for om in o.mentions if om.sent == ctx.sent and om.start < q_token
        )
        if named:
            return named[-1][1]
        surnames = [o for o in self.officials if _has_word(ctx.sentence, o.surname)]  # a family name as a whole word
        if surnames:
            return surnames[0]
        if self.speaker is not None and FIRST_PERSON.search(ctx.sentence):
            return self.speaker
        return None

    def _allies(self, ctx: _Context | None = None) -> list[str]:
        """NATO when the article is about NATO and the allies are not someone else's ("America's allies in Asia")."""
        if ctx is not None and OTHERS_ALLIES.search(ctx.before):
            return ["allies"]
        return ["NATO"] if self.nato_context else ["allies"]

    def set_by(self, ctx: _Context, holders: list[str]) -> str | None:
        """Who set or called for a target: the official acting, else a state acting on others
        ("Washington has urged its allies to spend 3.5%"), else whom it applies to."""
        official = self._official_in(ctx)
        if official is not None:
            return official.name
        q_token = self.token_at(ctx.quantity.start)
        acting = self._outside_asides(
            ctx, [m for m in self.analysis.mentions if m.sent == ctx.sent and m.end <= q_token and self._is_actor(m)]
        )
        others = [m.code for m in acting if m.code not in holders]
        if others:
            return others[0]
        return holders[0] if holders and holders[0] != "allies" else None

    # --- reading ---------------------------------------------------------------------------
    def read(self) -> None:
        an = self.analysis
        # the figures (not conversions) of each sentence that has any, in order
        sentence_starts = [sent.start_char for sent in an.sentences]
        by_sentence: dict[int, list[Quantity]] = {}
        for q in find_quantities(an.text):  # in order of their start
            index = bisect.bisect_right(sentence_starts, q.start) - 1
            if not q.conversion and index >= 0 and q.start < an.sentences[index].end_char:
                by_sentence.setdefault(index, []).append(q)
        for index, inside in by_sentence.items():
            sent = an.sentences[index]
            if not self.defence[index] or an.is_excluded(inside[0].start):
                continue
            previous: Quantity | None = None
            previous_change = False
            for q in inside:
                if an.is_excluded(q.start):
                    continue
                text = an.sentence_texts[index]
                rel_start, rel_end = q.start - sent.start_char, q.end - sent.start_char
                c_start, c_end = _clause_bounds(text, rel_start, rel_end)
                ctx = _Context(index, q, text[c_start:rel_start], text[rel_end:c_end], text, sent.start_char + c_start)
                gap = an.text[previous.end : q.start] if previous else None
                previous = q
                # "additional €3.5 billion in 2026 and €3 billion in 2027 – a total of €6.5 billion"
                if previous_change and gap is not None and LIST_GAP.fullmatch(gap):
                    continue
                previous_change = self._read(ctx)

    def _read(self, ctx: _Context) -> bool:
        """Read one quantity; True when it is a change, so a list continuing it is one too."""
        q = ctx.quantity
        log.debug("quantity %s %s | before=%r | after=%r", q.value, q.unit, ctx.before[-60:], ctx.after[:60])
        changed = CHANGE_BEFORE.search(ctx.before[-45:]) or CHANGE_AFTER.match(ctx.after)
        # "plus another 1.5%" is a part of a package, kept
        if changed and not (q.is_percent and ANOTHER_BEFORE.search(ctx.before)):
            log.debug("  a change, not a level")
            return True
        if NEGATION.search(ctx.before[-60:]):
            log.debug("  negated")
            return False
        if THRESHOLD.search(ctx.before) and not GOAL.search(ctx.before[-40:]):
            log.debug("  a threshold, not a level")  # but "an aim of over 2%" is a goal
            return False
        if q.is_percent and ECONOMY_BEFORE.search(ctx.before[-60:]):
            log.debug("  an economic figure, not defence spending")
            return False
        if q.is_percent:
            if ECONOMY_AFTER.match(ctx.after):
                log.debug("  an economic figure, not defence spending")
                return False
            if not ctx.gdp_after:
                if SHARE_OF.match(ctx.after) or q.value > 10:
                    log.debug("  a share of something else")
                    return False  # "40% of the defence budget of European allies", "100% confident"
                if not SPENDING_SHARE.search(ctx.sentence):
                    log.debug("  not a share of GDP")
                    return False
            self._classify(ctx, "percent_gdp")
        else:
            window = ctx.before + " " + ctx.after[:40]
            if PART_BEFORE.search(ctx.before) or PART_AFTER.match(ctx.after):
                log.debug("  a part of a total")
                return False
            if OTHER_SCOPE.search(window) and not DEFENCE_NEAR.search(window):
                log.debug("  not defence money")
                return False
            self._classify(ctx, q.unit)
        return False

    def _classify(self, ctx: _Context, unit: str) -> None:
        """Decide target or expenditure, nearest words first (see the module's docstring)."""
        published = self.analysis.published
        before, after = ctx.before, ctx.after
        near_before = before[-70:]
        # the deadline belongs to the figure's own phrase, not to a clause after it ("..., which it passed in 2024")
        own_phrase = PHRASE_END.split(after[:70], maxsplit=1)[0]
        deadline = dates.deadline(own_phrase, published)
        by_deadline = bool(deadline and BY_DEADLINE.match(own_phrase))
        if deadline is None:  # "..., which is due to end by around 2034": a "by" deadline further on
            further = BY_YEAR_FURTHER.search(after[:90])
            if further:
                deadline, by_deadline = dates.deadline(further.group(0), published), True
        if deadline is None:  # "By 2030, Poland will spend 5% ...": the sentence opens with the deadline
            fronted = FRONTED_DEADLINE.match(ctx.sentence)
            sentence_start = self.analysis.sentences[ctx.sent].start_char
            if fronted and sentence_start + fronted.end() <= ctx.quantity.start:
                deadline = dates.deadline(fronted.group(0), published)
                by_deadline = deadline is not None
        # the words right before the figure, within its own part of the sentence (not across a dash)
        local_before = DASH.split(before)[-1][-40:]
        year = int(deadline[2:6] if deadline and deadline.startswith("FY") else (deadline or "0")[:4] or 0)
        future = bool(deadline and published and year > published.year) or (by_deadline and not published)
        this_period = not by_deadline and (
            bool(CURRENT.search(local_before + " " + own_phrase))
            or bool(deadline and published and year == published.year)
        )
        period_before = PERIOD_BEFORE.search(before[-45:])
        target_noun = bool(
            TARGET_NOUN_BEFORE.search(before)
            or TARGET_NOUN_AFTER.match(after)
            or (STANDING.search(before) and NAMED_TARGET_AFTER.match(after))
        )
        moving = MOVE_TO.search(before)
        is_target: bool | None = None
        kind = None
        also_spent = False
        if target_noun:
            is_target = True
            # "Canada will meet NATO's 2% target this fiscal year": the target, and the year's spending
            also_spent = bool(this_period and REACH.search(before))
        elif STATE_BEFORE.search(before) and not moving:
            is_target = False
            kind = "budget" if BUDGET_NEAR.search(before) else "actual"
        elif self._past(local_before + " " + own_phrase) and not future:
            is_target, kind = False, "actual"
        elif this_period and not future:
            # "will hit 2.4% of GDP this year" is the year's plan: a budget; "currently spends" is actual
            planned = (
                BUDGET_NEAR.search(ctx.sentence)
                or moving
                or LEVEL.search(before)
                or WILL.search(local_before)
                or WOULD.search(local_before)  # reported speech: "said the country would spend 2.5% this year"
            )
            is_target, kind = False, "budget" if planned else "actual"
        elif (
            deadline
            and published
            and year == published.year + 1
            and (PROPOSAL.search(ctx.sentence) or (WILL.search(local_before) and IN_NEXT_YEAR.search(own_phrase)))
            and not by_deadline
        ):
            # "proposed raising defence spending to 66.3 trillion won next year", "will spend €90bn on defence in
            # 2026": next year's budget (a level *by* a year is a goal; *in* next year, the plan for that year)
            is_target, kind = False, "budget"
        elif (
            (RANGE_PERIOD.search(before[-40:] + " " + after[:60]) or period_before) and unit != "percent_gdp"
        ) or FOR_PERIOD.match(after):
            is_target, kind = False, "budget"
        elif (
            (moving and (future or INTENT.search(before) or WILL.search(before))) or GOAL.search(before) or by_deadline
        ):
            is_target = True
        elif BUDGET_NEAR.search(local_before) and not moving:
            # "the core defence budget is due to climb to €152.8bn in 2029": a budget's path, not a goal
            is_target, kind = False, "budget"
        elif INTENT.search(before):
            is_target = True
        elif BUDGET_NEAR.search(near_before + " " + after[:45]) or (future and LEVEL.search(before[-30:])):
            is_target, kind = False, "budget"
        elif self.last is not None and self.last.sent >= ctx.sent - 2:
            # "3.5% of GDP for core defence spending." continues the figure before it
            is_target, kind = self.last.is_target, self.last.kind
            if is_target and deadline is None:
                deadline = self.last.deadline  # a part of a package takes the whole's deadline
        log.debug("  target=%s kind=%s deadline=%s", is_target, kind, deadline)
        if is_target is None:
            return
        # "reaching that 3% target", "the 2.5% that we will deliver": a target named before
        named_before = any(t.value == ctx.quantity.value and t.unit == unit for t in self.targets)
        if DEFINITE_BEFORE.search(before) and not deadline and named_before:
            return
        if is_target:
            self._emit_target(ctx, unit, deadline)
            if also_spent:
                self._emit_expenditure(ctx, unit, "budget", countries_only=True)
        else:
            self._emit_expenditure(ctx, unit, kind)

    def _past(self, text: str) -> bool:
        """ "last year", or a year before the article's: spending that happened."""
        if LAST_YEAR.search(text):
            return True
        published = self.analysis.published
        years = [int(y) for y in IN_YEAR.findall(text)]
        return bool(published and years and max(years) < published.year)

    def _local_unit(self, unit: str, holders: list[str]) -> str:
        local = self.lex.money.local_currencies.get(unit)
        if local:  # "$" in an Australian sentence is the Australian dollar
            return next((local[h] for h in holders if h in local), next(iter(local.values())))
        return unit

    def _emit_target(self, ctx: _Context, unit: str, deadline: str | None) -> None:
        holders = self.holders(ctx, True)
        log.debug("  holders=%s", holders)
        if not holders:
            return
        if unit != "percent_gdp" and all(not gazetteer_country(h) for h in holders) and holders != ["allies"]:
            log.debug("  an organisation's own money: neither target nor spending")
            return
        fact = SpendingFact(True, ctx.quantity.value, self._local_unit(unit, holders), holders, sent=ctx.sent)
        fact.deadline = deadline
        fact.set_by = self.set_by(ctx, holders)
        self._add_target(fact)

    def _emit_expenditure(self, ctx: _Context, unit: str, kind: str | None, countries_only: bool = False) -> None:
        q_token = self.token_at(ctx.quantity.start)
        named = [m for m in self.analysis.mentions if m.sent == ctx.sent and m.kind == "country" and m.end <= q_token]
        if ALLIES.search(ctx.before) and not named:
            log.debug("  spent by a group of states, not one")  # "EU member states spent €326 billion"
            return
        holders = self.holders(ctx, False, countries_only=True)
        log.debug("  spender=%s", holders)
        holder = next((h for h in holders if gazetteer_country(h)), None)
        if holder is None:
            return
        published = self.analysis.published
        before, after = ctx.before, ctx.after
        fact = SpendingFact(False, ctx.quantity.value, self._local_unit(unit, [holder]), [holder], sent=ctx.sent)
        if ESTIMATE.search(before[-50:]):
            kind = "estimate"
        fact.kind = kind or "budget"
        # the period in the figure's own phrase, then before it, then further on
        own = SPENT_PHRASE_END.split(after[:60], maxsplit=1)[0]
        fact.year = (
            dates.period(COMPARISON_YEAR.sub(" ", own), published)
            or dates.period(COMPARISON_YEAR.sub(" ", before[-60:]), published)
            or dates.period(COMPARISON_YEAR.sub(" ", after[:60]), published)
        )
        if fact.year is None and self.last is not None and self.last.sent == ctx.sent and not self.last.is_target:
            fact.year = self.last.year
        fact.precision = len(NOT_DIGIT.sub("", self.analysis.text[ctx.quantity.start : ctx.quantity.end]))
        self._add_expenditure(fact)

    def _add_target(self, fact: SpendingFact) -> None:
        self.last = fact
        for t in self.targets:
            if t.value == fact.value and t.unit == fact.unit and set(t.holders) & set(fact.holders):
                t.deadline = t.deadline or fact.deadline
                return
        self.targets.append(fact)

    def _add_expenditure(self, fact: SpendingFact) -> None:
        self.last = fact
        for e in self.expenditures:
            close = abs(e.value - fact.value) <= 0.03 * max(e.value, fact.value)
            if (
                e.holders == fact.holders
                and e.unit == fact.unit
                and close
                and (e.year is None or fact.year is None or e.year == fact.year)
            ):
                if fact.precision > e.precision:
                    e.value, e.precision = fact.value, fact.precision
                e.year = e.year or fact.year
                return
        self.expenditures.append(fact)


def find_spending(
    analysis: Analysis, officials: list[Official], home: str | None, speaker: str | None = None
) -> tuple[list[SpendingFact], list[SpendingFact]]:
    """The article's spending targets and expenditures."""
    reader = SpendingReader(analysis, officials, home, speaker)
    reader.read()
    return reader.targets, reader.expenditures


__all__ = ["SpendingFact", "find_spending"]
