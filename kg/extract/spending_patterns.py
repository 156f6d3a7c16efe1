"""The words and phrases that frame a figure in a sentence about defence money.

Each pattern reads the text right before or after an amount or share ("an increase of", "target
of", "stood at", "by 2030"); ``kg.extract.spending`` uses them to decide what the figure is and
whose, and ``kg.extract.spending_features`` turns them into features for the learned decision.
"""

from __future__ import annotations

import re

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
#: A goal spoken of as one already set, before the figure ("the current 2% guideline", "NATO's 2%
#: target") or after it ("the 2% benchmark that allies agreed"); not one someone now wants raised.
EXISTING_GOAL_BEFORE = re.compile(
    r"\b(?:current|existing|old|previous|long-standing|longstanding|standing|agreed|original|earlier|former)\b"
    r"[^.;,]{0,30}$|(?:NATO|alliance|EU)(?:'s|’s)\s+(?:\w+\s+)?$",
    re.I,
)
EXISTING_GOAL_AFTER = re.compile(
    r"^\s*(?:of\s+GDP\s+)?(?:\w+\s+)?(?:target|goal|guideline|benchmark|threshold)\s+(?:that|which)?\s*"
    r"(?:allies|members|NATO|the\s+alliance)\s+(?:agreed|set|adopted)",
    re.I,
)

#: "from 2% to 3%", "from 0.5% of GDP in 2023 to 2%": a level a change starts from.
FROM_LEVEL_BEFORE = re.compile(r"\bfrom\s*(?:about|around|roughly|some|nearly|almost|just|only)?\s*$", re.I)
TO_LEVEL_AFTER = re.compile(
    r"^\s*(?:of\s+(?:its\s+|their\s+)?(?:gdp|gross\s+domestic\s+product)\s+)?(?:in\s+(?:fiscal\s+)?(?:19|20)\d\d\s+|"
    r"(?:last|this)\s+year\s+|now\s+)?,?\s*to\s+(?:about\s+|around\s+|roughly\s+|at\s+least\s+)?[\d$€£¥]",
    re.I,
)
