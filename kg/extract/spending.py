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
from kg.extract.model import spending_model
from kg.extract.officials import Official
from kg.extract.quantities import Quantity, find_quantities
from kg.extract.spending_features import candidate_features
from kg.extract.spending_patterns import (
    ALLIES,
    ANOTHER_BEFORE,
    ASIDE,
    BUDGET_NEAR,
    BY_DEADLINE,
    BY_YEAR_FURTHER,
    CHANGE_AFTER,
    CHANGE_BEFORE,
    COMPARISON_YEAR,
    CURRENT,
    DASH,
    DEFENCE_NEAR,
    DEFINITE_BEFORE,
    ECONOMY_AFTER,
    ECONOMY_BEFORE,
    ESTIMATE,
    EXISTING_GOAL_AFTER,
    EXISTING_GOAL_BEFORE,
    FIRST_PERSON,
    FOR_PERIOD,
    FROM_LEVEL_BEFORE,
    FRONTED_DEADLINE,
    GDP_AFTER,
    GOAL,
    IN_NEXT_YEAR,
    IN_YEAR,
    INTENT,
    LAST_YEAR,
    LEVEL,
    LIST_GAP,
    MOVE_TO,
    NAMED_TARGET_AFTER,
    NATION_POSSESSIVE,
    NEGATION,
    NOT_DIGIT,
    OTHER_SCOPE,
    OTHERS_ALLIES,
    PART_AFTER,
    PART_BEFORE,
    PERIOD_BEFORE,
    PHRASE_END,
    PROPOSAL,
    RANGE_PERIOD,
    REACH,
    REFERS_BACK,
    SHARE_OF,
    SPENDING_SHARE,
    SPENT_PHRASE_END,
    STANDING,
    STATE_BEFORE,
    TARGET_NOUN_AFTER,
    TARGET_NOUN_BEFORE,
    TARGET_OWNER_AFTER,
    THRESHOLD,
    TO_LEVEL_AFTER,
    WILL,
    WOULD,
)
from kg.extract.spending_reading import Candidate, Decision, reading
from kg.gazetteer import is_country as gazetteer_country

log = logging.getLogger(__name__)


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
    confidence: float | None = None  # the model's probability for the reading, when a model decided


def _surer(a: float | None, b: float | None) -> float | None:
    """The higher of two confidences: a fact stated twice is as sure as its surest statement."""
    return b if a is None else a if b is None else max(a, b)


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

    def __init__(
        self, analysis: Analysis, officials: list[Official], home: str | None, speaker: str | None, record: bool = False
    ) -> None:
        self.analysis = analysis
        self.record = record  # keep every figure considered, with its features (for training)
        self.candidates: list[Candidate] = []
        self.officials = officials
        self.home = home
        self.speaker = next((o for o in officials if o.name == speaker), None)
        self.lex = lexicon()
        self.token_starts = analysis.idx
        self.nato_context = any(m.code == "NATO" for m in analysis.mentions)
        self.targets: list[SpendingFact] = []
        self.expenditures: list[SpendingFact] = []
        self.last: SpendingFact | None = None  # the last fact emitted
        # the rules' last reading of a figure as a level, emitted or not: what "continues the figure
        # before it" refers to, the same whether or not a model makes the final call
        self.rule_last: Decision | None = None
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
        # "France (1.9%)", "the UK and Estonia (both 2.1%)": the states the bracket follows
        bracketed = self._bracketed(ctx, q_token)
        if bracketed:
            return bracketed
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

    def _bracketed(self, ctx: _Context, q_token: int) -> list[str]:
        """The state a figure in brackets follows ("Germany (1.4%)"), or the states it follows when
        the bracket says "both" ("the UK and Estonia (both 2.1%)")."""
        lower = self.analysis.lower
        k = q_token - 1
        both = k >= 0 and lower[k] == "both"
        if lower[k] in ("both", "about", "around", "roughly", "some", "nearly", "almost"):
            k -= 1
        if k < 1 or lower[k] not in ("(", "（"):
            return []
        states = [m for m in self.analysis.mentions if m.sent == ctx.sent and m.kind == "country" and m.end <= k]
        if not states or states[-1].end != k:
            return []
        last = states[-1]
        if both and len(states) > 1 and states[-2].end + 1 == last.start and lower[states[-2].end] == "and":
            return [states[-2].code, last.code]
        return [last.code]

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
        """Who set or called for a target: an alliance for its own standing goal ("the current 2%
        guideline"), else the official acting, else a state acting on others ("Washington has urged
        its allies to spend 3.5%"), else whom it applies to."""
        existing = EXISTING_GOAL_BEFORE.search(ctx.before[-60:]) or EXISTING_GOAL_AFTER.match(ctx.after)
        if holders and holders[0] in ("NATO", "EU") and existing:
            return holders[0]
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

    def _screen(self, ctx: _Context) -> str | None:
        """Why the figure is not a level of defence spending, by the rules; None when it may be one."""
        q = ctx.quantity
        log.debug("quantity %s %s | before=%r | after=%r", q.value, q.unit, ctx.before[-60:], ctx.after[:60])
        changed = CHANGE_BEFORE.search(ctx.before[-45:]) or CHANGE_AFTER.match(ctx.after)
        # "plus another 1.5%" is a part of a package, kept
        if changed and not (q.is_percent and ANOTHER_BEFORE.search(ctx.before)):
            return "change"
        if NEGATION.search(ctx.before[-60:]):
            return "negated"
        if THRESHOLD.search(ctx.before) and not GOAL.search(ctx.before[-40:]):
            return "threshold"  # but "an aim of over 2%" is a goal
        if q.is_percent:
            if ECONOMY_BEFORE.search(ctx.before[-60:]) or ECONOMY_AFTER.match(ctx.after):
                return "economy"
            if not ctx.gdp_after:
                if SHARE_OF.match(ctx.after) or q.value > 10:
                    return "share"  # "40% of the defence budget of European allies", "100% confident"
                if not SPENDING_SHARE.search(ctx.sentence):
                    return "not_gdp"
            return None
        window = ctx.before + " " + ctx.after[:40]
        if PART_BEFORE.search(ctx.before) or PART_AFTER.match(ctx.after):
            return "part"
        if OTHER_SCOPE.search(window) and not DEFENCE_NEAR.search(window):
            return "other_scope"
        return None

    def _read(self, ctx: _Context) -> bool:
        """Read one quantity; True when it is a change, so a list continuing it is one too.

        The rules screen and classify the figure; with a model, the model makes the final call from
        the rules' cues, their guess and the words around the figure, and gives its probability.
        """
        screen = self._screen(ctx)
        unit = "percent_gdp" if ctx.quantity.is_percent else ctx.quantity.unit
        decision = self._decide(ctx, unit, screen)
        label, confidence = decision.label, None
        model = spending_model()
        if model is not None or self.record:
            feats = candidate_features(self.analysis, ctx, decision)
            if self.record:
                self.candidates.append(Candidate(ctx.sent, ctx.quantity, unit, decision, feats))
            if model is not None:
                label, confidence = reading(model, feats, decision.label)
        log.debug("  screen=%s rule=%s label=%s p=%s", screen, decision.label, label, confidence)
        if label == "target":
            self._emit_target(ctx, unit, decision.deadline, confidence)
            if decision.also_spent:
                self._emit_expenditure(ctx, unit, "budget", confidence, countries_only=True)
        elif label != "none":
            self._emit_expenditure(ctx, unit, label, confidence)
        return screen == "change"

    def _decide(self, ctx: _Context, unit: str, screen: str | None) -> Decision:
        """The rules' reading of a figure (see the module's docstring), with the cues it rests on."""
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
        cues = {
            "deadline": deadline is not None,
            "by_deadline": by_deadline,
            "future": bool(deadline and published and year > published.year) or (by_deadline and not published),
            "next_year": bool(deadline and published and year == published.year + 1),
            "past_year": bool(deadline and published and year < published.year),
            "this_period": not by_deadline
            and (
                bool(CURRENT.search(local_before + " " + own_phrase))
                or bool(deadline and published and year == published.year)
            ),
            "period_before": bool(PERIOD_BEFORE.search(before[-45:])),
            "target_noun": bool(
                TARGET_NOUN_BEFORE.search(before)
                or TARGET_NOUN_AFTER.match(after)
                or (STANDING.search(before) and NAMED_TARGET_AFTER.match(after))
            ),
            "moving": bool(MOVE_TO.search(before)),
            "state_before": bool(STATE_BEFORE.search(before)),
            "past": self._past(local_before + " " + own_phrase),
            # "raise spending from 2% to 3%": the figure after "from" is the level it starts at
            "from_level": bool(FROM_LEVEL_BEFORE.search(before[-15:]) and TO_LEVEL_AFTER.match(after)),
            "budget_sentence": bool(BUDGET_NEAR.search(ctx.sentence)),
            "budget_local": bool(BUDGET_NEAR.search(local_before)),
            "budget_before": bool(BUDGET_NEAR.search(before)),
            "budget_near": bool(BUDGET_NEAR.search(near_before + " " + after[:45])),
            "level": bool(LEVEL.search(before)),
            "level_near": bool(LEVEL.search(before[-30:])),
            "will_local": bool(WILL.search(local_before)),
            "will": bool(WILL.search(before)),
            "would_local": bool(WOULD.search(local_before)),
            "proposal": bool(PROPOSAL.search(ctx.sentence)),
            "in_next_year": bool(IN_NEXT_YEAR.search(own_phrase)),
            "range_period": bool(RANGE_PERIOD.search(before[-40:] + " " + after[:60])),
            "for_period": bool(FOR_PERIOD.match(after)),
            "goal": bool(GOAL.search(before)),
            "intent": bool(INTENT.search(before)),
            "reach": bool(REACH.search(before)),
            "estimate": bool(ESTIMATE.search(before[-50:])),
            "gdp_after": bool(ctx.gdp_after),
            "allies": bool(ALLIES.search(before)),
            "definite_before": bool(DEFINITE_BEFORE.search(before)),
            "named_before": any(t.value == ctx.quantity.value and t.unit == unit for t in self.targets),
            "last_near": self.rule_last is not None and self.rule_last.sent >= ctx.sent - 2,
            "last_target": self.rule_last is not None
            and self.rule_last.sent >= ctx.sent - 2
            and self.rule_last.label == "target",
        }
        is_target, kind, also_spent = self._rule(cues, unit)
        if is_target and deadline is None and cues.get("continues") and self.rule_last is not None:
            deadline = self.rule_last.deadline  # a part of a package takes the whole's deadline
        if is_target is not None and cues["definite_before"] and not deadline and cues["named_before"]:
            is_target, screen = None, "named_before"  # "reaching that 3% target": a target named before
        label = "none"
        if screen is None and is_target is not None:
            label = "target" if is_target else ("estimate" if cues["estimate"] else kind or "budget")
        log.debug("  target=%s kind=%s deadline=%s", is_target, kind, deadline)
        decision = Decision(label, deadline, also_spent and label == "target", screen, cues, ctx.sent)
        if label != "none":
            self.rule_last = decision
        return decision

    def _rule(self, cues: dict[str, bool], unit: str) -> tuple[bool | None, str | None, bool]:
        """Target or expenditure from the cues, nearest words first: (is_target, kind, also this year's spending).

        None for is_target when nothing decides; "continues" in the cues when the figure goes on from
        the one before it."""
        c = cues
        if c["target_noun"]:
            # "Canada will meet NATO's 2% target this fiscal year": the target, and the year's spending
            return True, None, c["this_period"] and c["reach"]
        if c["state_before"] and not c["moving"]:
            return False, "budget" if c["budget_before"] else "actual", False
        if c["from_level"]:
            return False, "actual", False
        if c["past"] and not c["future"]:
            return False, "actual", False
        if c["this_period"] and not c["future"]:
            # "will hit 2.4% of GDP this year" is the year's plan: a budget; "currently spends" is actual;
            # reported speech: "said the country would spend 2.5% this year"
            planned = c["budget_sentence"] or c["moving"] or c["level"] or c["will_local"] or c["would_local"]
            return False, "budget" if planned else "actual", False
        if c["next_year"] and (c["proposal"] or (c["will_local"] and c["in_next_year"])) and not c["by_deadline"]:
            # "proposed raising defence spending to 66.3 trillion won next year", "will spend €90bn on defence in
            # 2026": next year's budget (a level *by* a year is a goal; *in* next year, the plan for that year)
            return False, "budget", False
        if ((c["range_period"] or c["period_before"]) and unit != "percent_gdp") or c["for_period"]:
            return False, "budget", False
        if (c["moving"] and (c["future"] or c["intent"] or c["will"])) or c["goal"] or c["by_deadline"]:
            return True, None, False
        if c["budget_local"] and not c["moving"]:
            # "the core defence budget is due to climb to €152.8bn in 2029": a budget's path, not a goal
            return False, "budget", False
        if c["intent"]:
            return True, None, False
        if c["budget_near"] or (c["future"] and c["level_near"]):
            return False, "budget", False
        if c["last_near"] and self.rule_last is not None:
            # "3.5% of GDP for core defence spending." continues the figure before it
            c["continues"] = True
            last = self.rule_last.label
            return last == "target", None if last == "target" else last, False
        return None, None, False

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

    def _emit_target(self, ctx: _Context, unit: str, deadline: str | None, confidence: float | None) -> None:
        holders = self.holders(ctx, True)
        log.debug("  holders=%s", holders)
        if not holders:
            return
        if unit != "percent_gdp" and all(not gazetteer_country(h) for h in holders) and holders != ["allies"]:
            log.debug("  an organisation's own money: neither target nor spending")
            return
        fact = SpendingFact(True, ctx.quantity.value, self._local_unit(unit, holders), holders, sent=ctx.sent)
        fact.deadline, fact.confidence = deadline, confidence
        fact.set_by = self.set_by(ctx, holders)
        self._add_target(fact)

    def _emit_expenditure(
        self, ctx: _Context, unit: str, kind: str | None, confidence: float | None, countries_only: bool = False
    ) -> None:
        q_token = self.token_at(ctx.quantity.start)
        named = [m for m in self.analysis.mentions if m.sent == ctx.sent and m.kind == "country" and m.end <= q_token]
        if ALLIES.search(ctx.before) and not named:
            log.debug("  spent by a group of states, not one")  # "EU member states spent €326 billion"
            return
        holders = self.holders(ctx, False, countries_only=True)
        log.debug("  spender=%s", holders)
        if len(holders) > 1 and holders == self._bracketed(ctx, q_token):
            for state in holders[:-1]:  # "the UK and Estonia (both 2.1%)": each spends it
                self._emit_spent_by(ctx, unit, kind, confidence, state)
            holders = holders[-1:]
        holder = next((h for h in holders if gazetteer_country(h)), None)
        if holder is None:
            return
        self._emit_spent_by(ctx, unit, kind, confidence, holder)

    def _emit_spent_by(self, ctx: _Context, unit: str, kind: str | None, confidence: float | None, holder: str) -> None:
        published = self.analysis.published
        before, after = ctx.before, ctx.after
        fact = SpendingFact(False, ctx.quantity.value, self._local_unit(unit, [holder]), [holder], sent=ctx.sent)
        fact.kind, fact.confidence = kind or "budget", confidence
        if FROM_LEVEL_BEFORE.search(before[-15:]) and TO_LEVEL_AFTER.match(after):
            # "from 1.25% in 2017 to 1.5%": the level's own year, else now (the level a change starts from)
            own = after[: after.lower().find(" to ")]
            fact.year = dates.period(own, published) or (str(published.year) if published else None)
        else:
            # the period in the figure's own phrase, then before it, then further on
            own = SPENT_PHRASE_END.split(after[:60], maxsplit=1)[0]
            fact.year = (
                dates.period(COMPARISON_YEAR.sub(" ", own), published)
                or dates.period(COMPARISON_YEAR.sub(" ", before[-60:]), published)
                or dates.period(COMPARISON_YEAR.sub(" ", after[:60]), published)
            )
            last = self.last
            if fact.year is None and last is not None and last.sent == ctx.sent and not last.is_target:
                fact.year = last.year
        fact.precision = len(NOT_DIGIT.sub("", self.analysis.text[ctx.quantity.start : ctx.quantity.end]))
        self._add_expenditure(fact)

    def _add_target(self, fact: SpendingFact) -> None:
        self.last = fact
        for t in self.targets:
            if t.value == fact.value and t.unit == fact.unit and set(t.holders) & set(fact.holders):
                t.deadline = t.deadline or fact.deadline
                t.confidence = _surer(t.confidence, fact.confidence)
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
                e.confidence = _surer(e.confidence, fact.confidence)
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


def spending_candidates(
    analysis: Analysis, officials: list[Official], home: str | None, speaker: str | None = None
) -> list[Candidate]:
    """Every figure the reader considers in the article, with its features (for training)."""
    reader = SpendingReader(analysis, officials, home, speaker, record=True)
    reader.read()
    return reader.candidates


__all__ = ["Candidate", "Decision", "SpendingFact", "find_spending", "spending_candidates"]
