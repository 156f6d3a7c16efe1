"""Meeting words: the words that report a meeting, and whether the meeting they report took place.

A meeting word ("met", "held talks", "spoke by phone", "agreed") reports a meeting held unless the
words around it say it is still to come ("will meet", "is scheduled to", "next week"), was only
sought or did not happen ("sought talks", "held no meeting", "were cancelled"), or that "met" means
reached ("met the 2% target", "was met with criticism").
"""

from __future__ import annotations

import re

from kg.extract.lexicon import lexicon


def _phrases(*phrases: str) -> re.Pattern[str]:
    r"""``\b(?:PHRASE|...)\b``, case-insensitive, for phrases that each begin with a letter.

    A look-ahead for the phrases' first letters comes first. It changes no match, but lets the
    search pass over words that begin no phrase instead of trying every phrase at each word (``re``
    cannot scan ahead for a case-insensitive alternation), which halves the time of a search.
    """
    if not all(p[:1].isalpha() and p[1:2] not in ("?", "*", "{") for p in phrases):
        raise ValueError("each phrase must begin with a letter")
    firsts = "".join(sorted({p[0].lower() for p in phrases}))
    return re.compile(rf"\b(?=[{firsts}])(?:{'|'.join(phrases)})\b", re.I)


def _leading_words(*phrases: str) -> tuple[str, ...]:
    """The word each phrase begins with, in lower case: where a ``_phrases`` pattern matches, one of
    them starts (a letter a quantifier makes optional is left off)."""
    words = set()
    for phrase in phrases:
        depth = 0
        for c in phrase:
            depth += (c == "(") - (c == ")")
            if c == "|" and not depth:
                raise ValueError(f"a phrase with an alternative outside brackets: {phrase}")
        word = re.match("[A-Za-z]+", phrase)
        if word is None:
            raise ValueError(f"a phrase must begin with a letter: {phrase}")
        text = word.group()
        if phrase[len(text) : len(text) + 1] in ("?", "*", "{"):
            text = text[:-1]
        words.add(text.lower())
    # "meeting" is enough to find "meetings"
    return tuple(sorted(w for w in words if not any(w != v and w.startswith(v) for v in words)))


MEETING_PHRASES = (
    "met", "meet", "meets", "meeting", "meetings", "talks", "talked", r"held\s+(?:discussions|talks|a\s+call)",
    "discussed", r"discussions\s+with", r"exchanged\s+views", "spoke", "speak", "speaks", "chatting", "chatted",
    "conversation", r"phone\s+call", r"telephone\s+call", r"video\s+call", r"calls?\s+(?:with|from)", "phoned",
    "telephoned", "negotiations", "negotiated", "hosted", "agreed", "signed", r"summit\s+with",
    r"held\s+(?:\w+\s+){0,3}summit", r"dialogue\s+with", "conferred", r"consult(?:ed|ations)\s+with",
    r"sat\s+down\s+with", r"shook\s+hands", "received", "told", r"chair(?:ed|ing)\s+(?:a|the)\s+(?:meeting|session)",
    r"attended\s+by", "welcomed", "spoken", "negotiating", "talking", r"brought\s+together", r"called\s+on",
    r"courtesy\s+call\s+on", r"bilateral\s+with", r"video[\s-]?conference", "greeted", r"co-?chaired",
)  # fmt: skip
MEETING = _phrases(*MEETING_PHRASES)
#: A sentence without one of these words has no meeting phrase (and is not searched for one).
MEETING_WORDS = _leading_words(*MEETING_PHRASES)
#: Before a trigger: a meeting still to come ("will meet", "is scheduled to hold talks", "ahead of the meeting").
PLANNED_BEFORE = re.compile(
    r"\b(?:will|would|shall|could|might|may)\b|'ll\b|(?i:\bto\s+(?:meet|hold|visit|sign|attend|host|join)\b|"
    r"\b(?:scheduled|planned|upcoming|proposed|possible|potential|future|expected|set\s+to|due\s+to|plans?\s+to|"
    r"(?:is|are|was|were)\s+due|"
    r"planning|intends?\s+to|ahead\s+of|prepar\w*\s+for|invit\w*))"
)
#: Before a trigger: a meeting told as past in courtesy words ("I was pleased to meet", "had the chance to meet").
COURTESY = re.compile(
    r"(?i:\b(?:was|were|have\s+been|had\s+been)\s+(?:very\s+)?(?:pleased|glad|delighted|happy|honou?red)\s+to\b|"
    r"\bhad\s+the\s+(?:opportunity|chance|honou?r|pleasure)\s+to\b)"
)
#: Before a trigger: a meeting that did not take place, or was only sought ("held no meeting", "sought talks").
NOT_HELD = re.compile(
    r"(?i:\b(?:no|not|never|without|cancel\w*|called\s+off|postpone\w*|declined|refused|failed|sought|seek\w*|"
    r"request\w*|secure|securing|secured|hop\w*\s+(?:to|for)|wants?\s+to|wanted\s+to|push\w*\s+for|calls?\s+for|"
    r"called\s+for|urg(?:e|es|ed|ing))\b|n't\b)"
)
#: After a trigger: when it is still to come, or that it was called off.
PLANNED_AFTER = re.compile(
    r"(?i:^to\s+(?:meet|hold|visit|resume)\b|\b(?:next\s+(?:week|month|year)|tomorrow|later\s+this\s+(?:week|month|year)|"
    r"(?:is|are)\s+(?:scheduled|expected|set|due|planned)|will\s+take\s+place|to\s+be\s+held|"
    r"(?:to|will)\s+(?:begin|start|open|resume))\b)"
)
#: After a trigger and its parties: that it was called off ("talks between A and B were cancelled").
CALLED_OFF = re.compile(r"(?i:\b(?:was|were|has\s+been|had\s+been)\s+(?:cancel\w*|postponed|called\s+off|scrapped)\b)")
#: How many words before a trigger may tell that the meeting is planned or was not held.
WINDOW = 8


def held(text: str, trigger: re.Match[str]) -> bool:
    """Whether the trigger reports a meeting that took place: not one planned, sought or called off,
    and not "met" in the sense of reached ("met the 2% target", "was met with criticism")."""
    if trigger.group().lower().startswith("meet") or trigger.group().lower() == "met":
        reached = lexicon().cues["meeting_reached"]
        # lower-case words only: "met Mark Rutte" is a meeting, "met the 2% mark" is not
        if any(w.strip(".,;:'’\"") in reached for w in text[trigger.end() :].split()[:4]):
            return False
    before = text[: trigger.start()].split()[-WINDOW:]
    window = " ".join(before) + " " + trigger.group()
    after = " ".join(text[trigger.end() :].split()[:WINDOW])
    planned = PLANNED_BEFORE.search(window) and not COURTESY.search(window)
    called_off = CALLED_OFF.search(" ".join(text[trigger.end() :].split()[: 2 * WINDOW]))
    return not (planned or called_off or NOT_HELD.search(window) or PLANNED_AFTER.search(after))
