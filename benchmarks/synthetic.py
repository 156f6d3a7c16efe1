"""Synthetic inputs at scale: made-up news articles about defence spending, and made-up facts.

usage: python benchmarks/synthetic.py articles N [--seed S] [--words W] --out FILE.jsonl
       python benchmarks/synthetic.py facts TRIPLES [--seed S] --out DIR

The samples and the shared corpus hold a few dozen real articles; measuring reading, extraction and
the store at scale needs tens of thousands. ``articles`` writes JSON Lines records as the project's
reader takes them (``id``, ``url``, ``title``, ``published``, ``text``): a headline, a dateline and
paragraphs in the styles of defence reporting (officials with their offices, spending targets,
budgets, meetings, strategy documents) padded with prose that states no fact, so the length is
realistic. ``facts`` writes one facts file per article, sized so that their RDF mapping totals about
TRIPLES triples, for loading a store of a given size.

Countries, organisations, offices and currencies come from the project's gazetteer and lexicons;
people are invented from syllables, so no real person is named. The same arguments always give the
same output. ``synthetic_articles(..., with_gold=True)`` also gives the facts each article was
written to state, in the facts schema, for checking what extraction recovers.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import string
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, overload

import yaml

import kg
from kg import gazetteer
from kg.facts import ArticleFacts
from kg.rdf import facts_to_triples

LEXICONS = Path(kg.__file__).resolve().parent / "extract" / "lexicons"

# --- vocabulary ----------------------------------------------------------------------------

#: The states articles are about: ISO code, currency, the usual size of a year's defence budget in
#: billions of that currency (low-high), and marks: N a member of NATO, R a republic (a president
#: beside the head of government), P a president who heads the government, A the American spelling.
STATES = """
US USD 820-1000 NRPA
GB GBP 54-72 N
FR EUR 47-67 NR
DE EUR 52-108 NR
IT EUR 28-45 NR
ES EUR 17-33 N
NL EUR 19-28 N
BE EUR 6.5-12 N
PL PLN 150-200 NR
RO USD 8-14 NR
FI EUR 5.5-8 NR
EE EUR 1.3-2.5 NR
LV EUR 1.1-2 NR
LT EUR 2.1-4 NR
SE SEK 130-200 N
NO NOK 95-160 N
DK DKK 45-85 N
GR EUR 6-8.5 NR
PT EUR 3.4-6 NR
CZ USD 5.5-9 NR
SK EUR 2.3-4 NR
HU USD 4.5-7 NR
BG USD 1.6-3.2 NR
HR EUR 1.3-2.6 NR
SI EUR 0.6-1.6 NR
CA CAD 41-80 N
TR TRY 700-1600 NR
JP JPY 7800-10200 -
KR KRW 57000-72000 R
AU AUD 53-75 -
NZ NZD 5-9 -
IN INR 6000-8500 R
TW TWD 600-1000 R
PH PHP 230-320 RPA
ID IDR 130000-180000 RP
MY MYR 18-23 -
TH THB 190-215 -
IL ILS 100-150 R
SA SAR 260-300 -
UA UAH 1700-2400 R
CH CHF 6-10 -
BR BRL 110-135 RP
AE USD 20-26 -
"""

#: How the news writes an amount in each currency: {n} the number, {s} the scale word, {b} its
#: abbreviation ("bn"); a form with a bare "$" or "kroner" is used only for its own country.
MONEY: dict[str, tuple[str, ...]] = {
    "USD": ("US${n} {s}", "{n} {s} US dollars"),
    "EUR": ("{n} {s} euros", "€{n} {s}", "€{n}{b}", "EUR {n} {s}"),
    "GBP": ("£{n} {s}", "£{n}{b}", "{n} {s} pounds"),
    "JPY": ("{n} {s} yen", "¥{n} {s}"),
    "KRW": ("{n} {s} won", "₩{n} {s}", "KRW {n} {s}"),
    "INR": ("₹{n} {s}", "Rs {n} {s}", "{n} {s} rupees"),
    "PLN": ("{n} {s} zlotys", "PLN {n} {s}", "{n} {s} złoty"),
    "ILS": ("{n} {s} shekels", "NIS {n} {s}", "₪{n} {s}"),
    "TWD": ("NT${n} {s}", "{n} {s} New Taiwan dollars"),
    "AUD": ("A${n} {s}", "{n} {s} Australian dollars"),
    "CAD": ("C${n} {s}", "{n} {s} Canadian dollars"),
    "NZD": ("NZ${n} {s}",),
    "CHF": ("CHF {n} {s}", "{n} {s} Swiss francs"),
    "SEK": ("SEK {n} {s}", "{n} {s} kronor"),
    "NOK": ("{n} {s} Norwegian kroner",),
    "DKK": ("{n} {s} Danish kroner", "DKK {n} {s}"),
    "TRY": ("{n} {s} lira", "₺{n} {s}"),
    "BRL": ("R${n} {s}", "{n} {s} reais"),
    "UAH": ("{n} {s} hryvnias", "UAH {n} {s}"),
    "MYR": ("{n} {s} ringgit",),
    "THB": ("{n} {s} baht",),
    "PHP": ("{n} {s} pesos",),
    "IDR": ("{n} {s} rupiah",),
    "SAR": ("{n} {s} riyals",),
}
#: Forms for a country's own dollar or krone, which the reader resolves from the sentence's country.
LOCAL_MONEY: dict[str, tuple[str, ...]] = {
    "US": ("${n} {s}", "${n}{b}"),
    "AU": ("${n} {s}",),
    "CA": ("${n} {s}",),
    "NZ": ("${n} {s}",),
    "NO": ("{n} {s} kroner",),
}
SCALES = {"million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh crore": 1e12}
ABBREVIATIONS = {"million": "m", "billion": "bn", "trillion": "tn"}

#: Names the running text uses where the lexicon's first name is not the usual one.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # code: (names, possessives, adjectives)
    "US": (("the United States", "the U.S."), ("America's", "the United States'"), ("U.S.", "American")),
    "GB": (("Britain", "the United Kingdom", "the UK"), ("Britain's", "the UK's"), ("British",)),
    "NL": (("the Netherlands",), ("the Netherlands'",), ("Dutch",)),
    "CZ": (("the Czech Republic", "Czechia"), ("the Czech Republic's", "Czechia's"), ("Czech",)),
    "AE": (("the United Arab Emirates", "the UAE"), ("the UAE's",), ("Emirati",)),
    "PH": (("the Philippines",), ("the Philippines'",), ("Philippine", "Filipino")),
    "TR": (("Turkey", "Türkiye"), ("Turkey's", "Türkiye's"), ("Turkish",)),
    "KR": (("South Korea",), ("South Korea's",), ("South Korean",)),
    "NZ": (("New Zealand",), ("New Zealand's",), ("New Zealand",)),
}
#: Datelines for countries whose capital the lexicon does not list as standing for the state.
DATELINES = {"NL": "The Hague", "BE": "Brussels"}
#: Offices of those who speak for, set targets for, and meet for a state; "q" is a counterpart abroad.
P_OFFICES = ("defence", "defence", "hog", "finance", "hos")
MEETING_OFFICES = ("defence", "defence", "hog", "foreign", "hos")
LESSER_OFFICES = ("deputy", "security", "procurement", "finance", "foreign", "hos")
FOREIGN_SPEAKERS = ("defence", "foreign", "hog")
Q_OFFICES = ("defence", "defence", "foreign", "hog")

#: Offices: a key, the titles written before a name, and the same offices in apposition.
OFFICES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "hog": (("Prime Minister",), ("prime minister",)),
    "hos": (("President",), ("president",)),
    "defence": (("Defence Minister", "Minister of Defence"), ("defence minister", "minister of defence")),
    "deputy": (("Deputy Defence Minister",), ("deputy defence minister",)),
    "foreign": (("Foreign Minister",), ("foreign minister",)),
    "finance": (("Finance Minister",), ("finance minister",)),
    "security": (("National Security Adviser",), ("national security adviser",)),
    "procurement": (("Defence Procurement Minister",), ("defence procurement minister",)),
}
#: Offices as particular states name them.
LOCAL_OFFICES: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "US": {
        "defence": (("Defense Secretary", "Secretary of Defense"), ("defense secretary",)),
        "deputy": (("Deputy Defense Secretary",), ("deputy defense secretary",)),
        "foreign": (("Secretary of State",), ("secretary of state",)),
        "finance": (("Treasury Secretary",), ("treasury secretary",)),
        "procurement": (("Undersecretary of Defense for Acquisition",), ("undersecretary of defense for acquisition",)),
    },
    "GB": {
        "defence": (("Defence Secretary",), ("defence secretary",)),
        "foreign": (("Foreign Secretary",), ("foreign secretary",)),
        "finance": (("Chancellor of the Exchequer",), ("chancellor of the exchequer",)),
    },
    "DE": {"hog": (("Chancellor",), ("chancellor",))},
    "FR": {"defence": (("Armed Forces Minister", "Defence Minister"), ("armed forces minister", "defence minister"))},
    "PL": {"defence": (("Defence Minister", "Minister of National Defence"), ("defence minister",))},
    "TW": {"hog": (("Premier",), ("premier",))},
}
#: Officials of organisations: (organisation, titles before a name, titles in apposition).
ORG_OFFICES = (
    ("NATO", ("Secretary General",), ("secretary general",)),
    ("EU", ("High Representative",), ("high representative",)),
)

#: Named strategy documents: (name, acronym or None).
STRATEGIES = (
    ("National Security Strategy", "NSS"),
    ("National Defence Strategy", "NDS"),
    ("Strategic Defence Review", "SDR"),
    ("Defence White Paper", None),
    ("Defence Industrial Strategy", None),
    ("National Military Strategy", "NMS"),
    ("Defence Capability Plan", None),
    ("National Defence Concept", None),
    ("Defence Policy Update", None),
    ("Defence Investment Programme", None),
    ("Military Doctrine", None),
    ("National Defence Programme Guidelines", "NDPG"),
)

#: Cities where ministers meet, besides the capitals.
CITIES = (
    "Brussels",
    "The Hague",
    "Geneva",
    "Munich",
    "Davos",
    "Ramstein",
    "Istanbul",
    "Sydney",
    "Osaka",
    "Busan",
    "Kraków",
    "Gdańsk",
    "Lviv",
    "Odesa",
    "Strasbourg",
    "Honolulu",
)
#: Gatherings on whose sidelines talks are held: (text, city or None, organisations named).
EVENTS = (
    ("a NATO summit in {city}", "NATO"),
    ("a meeting of NATO defence ministers in Brussels", "NATO"),
    ("an EU defence ministers' meeting in Brussels", "EU"),
    ("the Munich Security Conference", None),
    ("a G7 gathering in {city}", "G7"),
    ("the UN General Assembly in New York", "UN"),
    ("an OSCE ministerial meeting in Vienna", "OSCE"),
    ("a regional security forum in {city}", None),
)
TOPICS = (
    "air defence",
    "ammunition production",
    "joint procurement",
    "military mobility",
    "maritime security",
    "cyber defence",
    "defence industrial cooperation",
    "long-range strike capabilities",
    "the training of troops",
    "border security",
    "regional security",
    "drone production",
    "support for the arms industry",
    "the protection of undersea cables",
    "intelligence sharing",
    "the security of supply chains",
)
AIMS = (
    "a larger standing army",
    "faster purchases of air defence systems",
    "a stronger domestic arms industry",
    "closer cooperation with allies",
    "bigger stocks of ammunition",
    "a modern navy",
    "more reservists",
    "better protection of critical infrastructure",
    "new long-range missiles",
    "a dedicated space command",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}
#: Shares of GDP that governments set as goals.
TARGET_LEVELS = (2.0, 2.5, 3.0, 3.0, 3.5, 3.5, 4.0, 5.0, 2.2, 2.4, 2.8, 3.2)


# --- sentence templates --------------------------------------------------------------------
#
# Placeholders: {C}/{c} the country of the fact (capitalised or not), {c_s} its possessive,
# {c_adj} its adjective, {c_gov} its capital standing for its government; {o...} a second
# country; {p} an official (introduced with their office the first time, by surname later),
# {p_o} the same where a name in apposition would not fit, {p_s} a later mention; {q...} a second
# official; {f} a former official; {nato}, {eu}: those organisations. Other fields are values.


@dataclass(frozen=True)
class Template:
    text: str
    meta: dict[str, Any]
    fields: frozenset[str]


def _templates(*rows: str | tuple[str, dict[str, Any]]) -> tuple[Template, ...]:
    out = []
    for row in rows:
        text, meta = (row, {}) if isinstance(row, str) else row
        fields = frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)
        out.append(Template(text, meta, fields))
    return tuple(out)


# by: who set the target ("p", "q" an official; "c" the country; "NATO"); fy: a fiscal year.
TARGETS = _templates(
    ("{p} pledged to raise {c_s} defence spending to {pct} of GDP by {year}.", {"by": "p"}),
    ("{p} said {c} would lift military spending to {pct} of gross domestic product by {year}.", {"by": "p"}),
    ("{C} aims to spend {pct} of its GDP on defence by {year}, {p_o} told parliament.", {"by": "p"}),
    ("The government of {c} has committed to devoting {pct} of economic output to defence by {year}.", {"by": "c"}),
    ("{C_adj} officials have set a goal of spending {pct} of GDP on the armed forces by {year}.", {"by": "c"}),
    (
        "{p} reaffirmed the goal of lifting {c_s} defence outlays to {pct} of gross domestic product by {year}.",
        {"by": "p"},
    ),
    ("Under the coalition agreement, {c} is committed to a defence spending target of {pct} of GDP by {year}.", {}),
    ("{q} urged {c} to raise its defence spending to {pct} of GDP by {year}.", {"by": "q"}),
    ("{c_gov} has promised to increase military spending to {pct} of GDP by {year}.", {"by": "c"}),
    ("{p} told reporters that {c} intends to reach defence spending of {pct} of GDP by {year}.", {"by": "p"}),
    ("{C_s} new plan sets a target of {pct} of GDP for defence by fiscal {year}.", {"fy": True}),
    ("By {year}, {c} wants its defence spending to reach {pct} of gross domestic product, {p_o} said.", {"by": "p"}),
    ("{C} will seek to lift defence spending to {pct} of GDP by {year}, {p_o} said on {weekday}.", {"by": "p"}),
)
NATO_TARGETS = _templates(
    ("{nato} allies agreed to raise core defence spending to {pct} of GDP by {year}.", {"by": "NATO"}),
    ("Under the new {nato} pledge, members aim to spend {pct} of GDP on defence by {year}.", {"by": "NATO"}),
    ("{nato} members have committed to a goal of {pct} of GDP on core defence by {year}.", {"by": "NATO"}),
    ("{p} said {c} backed the {nato} target of spending {pct} of GDP on defence by {year}.", {"by": "NATO"}),
)

# kind: the expenditure's kind; rel: a year relative to publication; fy: a fiscal year.
BUDGETS_SPENT = _templates(
    ("The cabinet approved a defence budget of {amount} for {year}.", {"kind": "budget"}),
    ("{C_s} parliament passed a {year} defence budget of {amount} on {weekday}.", {"kind": "budget"}),
    ("The draft budget allocates {amount} to defence in {year}, {p_o} said.", {"kind": "budget"}),
    ("{C_s} defence spending is budgeted at {amount} for fiscal {year}.", {"kind": "budget", "fy": True}),
    ("{p} presented a military budget of {amount} for {year}, a record for {c}.", {"kind": "budget"}),
    ("Lawmakers in {c} approved a defence budget of {amount} for {year}.", {"kind": "budget"}),
    ("The government plans to allocate {amount} to the armed forces next year.", {"kind": "budget", "rel": 1}),
    ("The {year} defence budget of {amount} is the largest in {c_s} history.", {"kind": "budget"}),
    ("{C} spent {amount} on defence in {year}, according to government figures.", {"kind": "actual"}),
    ("{C_s} military spending totalled {amount} last year.", {"kind": "actual", "rel": -1}),
    ("{C_s} defence expenditure reached {amount} in {year}.", {"kind": "actual"}),
    ("Analysts estimate that {c} spent {amount} on its military in {year}.", {"kind": "estimate"}),
    ("Independent researchers estimated {c_s} military spending in {year} at {amount}.", {"kind": "estimate"}),
)
SHARES_SPENT = _templates(
    ("{C_s} military spending stood at {share} of GDP in {year}.", {"kind": "actual"}),
    ("{C} currently spends {share} of its gross domestic product on defence.", {"kind": "actual", "rel": 0}),
    ("Last year {c} spent {share} of GDP on its armed forces.", {"kind": "actual", "rel": -1}),
    ("In {year}, {c_s} defence outlays amounted to {share} of economic output.", {"kind": "actual"}),
    ("{C_s} defence spending is estimated at {share} of GDP for {year}.", {"kind": "estimate"}),
    ("{C} spent an estimated {share} of GDP on defence in {year}.", {"kind": "estimate"}),
    ("The {year} budget puts {c_s} defence spending at {share} of GDP.", {"kind": "budget"}),
)
COUNTRY_FIELDS = frozenset({"c", "C", "c_s", "C_s", "c_adj", "C_adj", "c_gov"})
NAMED_BUDGETS = tuple(t for t in BUDGETS_SPENT if t.fields & COUNTRY_FIELDS)
NAMED_SHARES = tuple(t for t in SHARES_SPENT if t.fields & COUNTRY_FIELDS)

# loc: the meeting's place is written; day: its weekday is written.
MEETINGS = _templates(
    ("{p} met {q_o} in {city} on {weekday}.", {"loc": True, "day": True}),
    ("{p} held talks with {q_o} on the sidelines of {event}.", {"event": True}),
    ("{p} and {q_o} met in {city} on {weekday} to discuss {topic}.", {"loc": True, "day": True}),
    ("During a visit to {city}, {p} discussed {topic} with {q_o}.", {"loc": True}),
    ("{p} spoke by phone with {q_o} on {weekday} about {topic}.", {"day": True}),
    ("{p} hosted {q_o} in {city} on {weekday} for talks on {topic}.", {"loc": True, "day": True}),
    ("{p} exchanged views on {topic} with {q_o} in {city}.", {"loc": True}),
    ("In {city} on {weekday}, {p} held a meeting with {q_o} on {topic}.", {"loc": True, "day": True}),
    ("{p} and {q_o} signed a defence cooperation agreement in {city} on {weekday}.", {"loc": True, "day": True}),
    (
        "{q} welcomed {p_o} to {city} on {weekday}, and the two agreed to deepen cooperation on {topic}.",
        {"loc": True, "day": True},
    ),
)

# year: the document's year is written; acr: its acronym is written.
STRATEGY_TEMPLATES = _templates(
    ("The {sname} published in {month} directs the armed forces to prepare for a long confrontation.", {}),
    ("{C_s} {sname} ({acr}), adopted in {syear}, calls for {aim}.", {"year": True, "acr": True}),
    ("Under the {syear} {sname}, {c} plans to build {aim}.", {"year": True}),
    ("{p} presented the new {sname} to parliament on {weekday}.", {}),
    ("The latest {sname} calls for closer ties with {o} and other partners.", {}),
    ("According to the {sname}, the country needs {aim}.", {}),
    ("The {sname}, released in {month} {syear}, sets out plans for {aim}.", {"year": True}),
    ("Officials said the {sname} ({acr}) would guide procurement decisions for the next decade.", {"acr": True}),
    ("{C_s} {sname} was drawn up after a year of consultations with the armed forces.", {}),
)

FORMER = _templates(
    "The plan was first drawn up under former {f}.",
    "Former {f} criticised the pace of the build-up in a newspaper interview.",
    "Critics, including former {f}, say the plans lack detail.",
    "The idea was first floated by former {f} several years ago.",
    "{f_a} said the country had waited too long to act.",
)

STATEMENTS = _templates(
    "{p} said the increase reflected a more dangerous security environment.",
    "{p} told reporters that the armed forces needed to recruit faster.",
    "“We cannot afford to wait,” said {p_o}.",
    "{p} warned that delays in deliveries were the biggest risk to the plans.",
    "{p} described the package as the largest investment in the military in a generation.",
    "Speaking in parliament, {p_o} said the government would not back down.",
    "{p} said {c} would keep its commitments to its allies.",
    "{p} said the priority was to rebuild stocks of ammunition.",
)

HEADLINES = _templates(
    "{C} sets out plans for higher defence spending",
    "{C_adj} cabinet backs record military budget",
    "{C} pledges to strengthen its armed forces",
    "Defence spending debate heats up in {c}",
    "{C} and allies discuss defence cooperation",
    "{C_adj} government unveils new security plans",
    "Budget plans put {c_s} military at centre of debate",
    "{C} moves to rearm as security concerns grow",
    "{C_s} defence budget set to climb",
)

FILLER = _templates(
    "Analysts said the shift reflected a broader change in how {c_adj} voters view security.",
    "The debate has exposed divisions within the governing coalition over how to pay for the plans.",
    "Opposition parties have questioned whether the extra money can be spent quickly enough.",
    "“This is about making sure our soldiers have what they need,” {p_s} said.",
    "Arms makers have struggled to keep up with orders since the war in Europe began.",
    "The ministry did not give a breakdown of how the money would be divided among the services.",
    "{C_s} armed forces have long complained of shortages of spare parts and ammunition.",
    "Critics argue that higher spending alone will not fix problems with recruitment and retention.",
    "The finance ministry has warned that the plans will put pressure on other parts of the budget.",
    "Public support for a stronger military has risen sharply in recent polls.",
    "Officials said the details would be worked out in the coming months.",
    "{p_s} said the government would not cut social programmes to pay for the armed forces.",
    "Several large procurement projects have been delayed by supply chain problems.",
    "The air force is expected to be the main beneficiary of the new money.",
    "Economists say the effect on public finances will depend on how fast the economy grows.",
    "The navy has asked for new frigates and patrol vessels to protect shipping lanes.",
    "Some members of parliament want a special fund set up outside the regular budget.",
    "{p_s} dismissed suggestions that the figures had been inflated to please allies.",
    "Industry groups have long called for more predictable orders from the state.",
    "Military planners have been told to prepare for a long period of tension in the region.",
    "The government says it will publish a detailed investment plan later this year.",
    "“We have to be ready for the worst while working for the best,” {p_s} told a news conference.",
    "Much of the new money will go on air defence, drones and long-range missiles.",
    "Recruitment remains a weak point, with the army short of several thousand soldiers.",
    "The plans still need the approval of parliament, where the government has a narrow majority.",
    "{C_adj} defence companies are expanding their factories to meet rising demand.",
    "Think tanks in {c} have called for a wider debate on national security priorities.",
    "Questions remain over how the country will staff the new units it plans to create.",
    "Officials in {o} are watching the debate closely.",
    "Relations between {c} and {o} have grown closer over the past decade.",
    "The ministry said a review of stockpiles had found serious gaps.",
    "The build-up comes amid growing concern over threats to undersea cables and power grids.",
    "{p_s} is expected to give further details in a speech to parliament.",
    "Unions representing public sector workers have warned against cuts elsewhere.",
    "“Security is the foundation of everything else we do,” {p_s} said in a statement.",
    "The defence ministry has also promised to simplify procurement rules that industry says are too slow.",
    "Commentators noted that the figures are still below the levels seen during the Cold War.",
    "A large share of the money is expected to flow to domestic suppliers.",
    "The government has faced criticism for relying on one-off funds rather than lasting increases.",
    "Military officials say recent wars have shown the value of cheap drones and electronic warfare.",
    "The reserve forces are also set to grow, with new training centres planned across the country.",
    "{C_s} allies have been pressing for faster deliveries of promised equipment.",
    "It is not yet clear how the plans will be financed in later years.",
    "Budget watchdogs have asked the government to publish clearer figures.",
    "The opposition said the plans were long overdue but lacked a clear timetable.",
    "{p_s} acknowledged that the new goals would be hard to meet without borrowing.",
    "Some of the money will be used to repair barracks and housing for military families.",
    "Cyber defence units have been given more staff after a series of attacks on government networks.",
    "The {nato} alliance has asked its members to invest more in air defence.",
    "Diplomats say the decision was closely watched by neighbouring countries.",
    "“Nobody should doubt our resolve,” {p_s} said.",
    "Defence experts warn that shortages of skilled workers could slow production.",
)

#: Prose built from two halves, for more variety than whole sentences give.
OPENERS = (
    "Analysts say",
    "Critics argue that",
    "Several diplomats noted that",
    "Officials privately concede that",
    "Industry executives say",
    "Many economists believe",
    "Opposition figures warn that",
    "Military commentators point out that",
    "According to people familiar with the plans,",
    "Independent experts caution that",
    "Some members of parliament suspect that",
    "Retired officers say",
)
CLAUSES = (
    "the new money will take years to turn into real capability",
    "the armed forces lack the staff to absorb a rapid expansion",
    "rising prices will eat into much of the increase",
    "domestic factories cannot yet meet the demand for artillery shells",
    "the plans depend on a strong economy",
    "the country has long underinvested in its reserves",
    "procurement rules remain too slow for a fast build-up",
    "public support could fade if taxes rise",
    "closer cooperation with neighbours would cut costs",
    "training ranges and barracks need urgent repair",
    "the navy has been neglected for a generation",
    "the shift marks a break with decades of caution",
    "the government will struggle to find enough recruits",
    "much depends on the outcome of the next election",
    "arms makers will need long-term contracts before they expand",
    "air defence should come first",
    "the region has become markedly more dangerous",
    "the army needs more engineers and logistics troops",
    "cyber attacks have become a daily concern for the military",
    "the headline figures hide large differences between the services",
)

FILLER_OUTSIDE_NATO = tuple(t for t in FILLER if "nato" not in t.fields)


# --- people --------------------------------------------------------------------------------

ONSETS = (*"bdfghjklmnprstvz", "br", "dr", "kr", "st", "tr", "sh", "ch", "gr", "vl", "")
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ei", "ia")
CODAS = ("", "", "", "n", "r", "l", "s", "m", "t", "k")
FIRST_ENDINGS = ("", "", "a", "o", "in", "el", "an", "e", "ius", "ard")
SURNAME_ENDINGS = ("", "", "ski", "ova", "sen", "ari", "ez", "ovic", "enko", "ard", "eau", "ini", "mann")
SURNAME_ENDINGS += ("berg", "ic", "escu", "os", "ur", "ak", "oni", "ley", "ton")


@dataclass
class Person:
    name: str
    surname: str
    office: str  # a key of OFFICES, or "org"
    holder: str  # ISO code, or an organisation's acronym
    before: tuple[str, ...]  # titles written before the name
    after: tuple[str, ...]  # titles written in apposition


@cache
def _forbidden_words() -> frozenset[str]:
    """Words a made-up name must not be: the lexicons' place names, months, offices, closed classes."""
    words: set[str] = set()
    with open(LEXICONS / "countries.csv", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for row in csv.reader(lines, delimiter="|"):
        for cell in row[1:]:
            for value in cell.split(";"):
                words.update(value.lower().split())
    for place in gazetteer.countries().values():
        words.update(place.label.lower().split())
    for place in gazetteer.organizations().values():
        words.update(place.label.lower().split())
    cities = (LEXICONS / "cities.txt").read_text(encoding="utf-8").splitlines()
    words.update(w.lower() for line in cities if not line.startswith("#") for w in line.split())
    for name in ("words.yaml", "offices.yaml", "cues.yaml"):
        for values in yaml.safe_load((LEXICONS / name).read_text(encoding="utf-8")).values():
            items = values if isinstance(values, list) else list(values)
            words.update(str(v).lower() for v in items)
    return frozenset(words)


class Names:
    """Fresh names from syllables: a given name and a surname no one else in the world has."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames: set[str] = set()
        self.forbidden = _forbidden_words()

    def _word(self, syllables: int, endings: tuple[str, ...]) -> str:
        r = self.rng
        parts = [r.choice(ONSETS) + r.choice(VOWELS) + r.choice(CODAS) for _ in range(syllables)]
        word = "".join(parts) + r.choice(endings)
        return word[:1].upper() + word[1:]

    def person(self) -> tuple[str, str]:
        while True:
            first = self._word(self.rng.choice((1, 2, 2, 2)), FIRST_ENDINGS)
            surname = self._word(self.rng.choice((1, 2, 2, 3)), SURNAME_ENDINGS)
            if (
                len(first) < 3
                or len(surname) < 4
                or surname in self.surnames
                or first.lower() in self.forbidden
                or surname.lower() in self.forbidden
            ):
                continue
            self.surnames.add(surname)
            return f"{first} {surname}", surname


@dataclass(frozen=True)
class Country:
    code: str
    names: tuple[str, ...]
    possessives: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: str | None
    dateline: str
    currency: str
    budget: tuple[float, float]
    nato: bool
    republic: bool
    presidential: bool
    american: bool


@cache
def _countries() -> dict[str, Country]:
    """The states of ``STATES``, named as the extractor's lexicon names them."""
    with open(LEXICONS / "countries.csv", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    rows = {row["code"]: row for row in csv.DictReader(lines, delimiter="|")}
    out = {}
    for line in STATES.strip().splitlines():
        code, currency, budget, marks = line.split()
        low, high = map(float, budget.split("-"))
        row = rows[code]
        name = row["names"].split(";")[0]
        demonym = row["demonyms"].split(";")[0]
        capital = row["capitals"].split(";")[0] or None
        names, possessives, adjectives = NAMES.get(code, ((name,), (f"{name}'s",), (demonym,)))
        dateline = capital or DATELINES.get(code) or name
        flags = [mark in marks for mark in "NRPA"]
        out[code] = Country(code, names, possessives, adjectives, capital, dateline, currency, (low, high), *flags)
    return out


class World:
    """What articles share: the countries, who holds which office, and each state's documents.

    Office holders recur from article to article; now and then one is replaced, and the one who
    leaves may later be quoted as a former office holder. Lesser officials are new each time.
    """

    MAIN_OFFICES = ("hog", "defence", "foreign", "finance")

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names = Names(rng)
        self.countries = _countries()
        self.codes = sorted(self.countries)
        self.holders: dict[tuple[str, str], Person] = {}
        self.levels: dict[tuple[str, int], tuple[float, float]] = {}
        self.base = {
            code: (rng.uniform(1.0, 3.0), rng.uniform(c.budget[0], (c.budget[0] + c.budget[1]) / 2))
            for code, c in self.countries.items()
        }
        self.formers: dict[str, list[Person]] = {}
        self.documents = {
            code: [(*rng.choice(STRATEGIES), str(rng.randint(2017, 2025))) for _ in range(2)] for code in self.codes
        }

    def level(self, code: str, year: int) -> tuple[float, float]:
        """A state's defence spending in a year: a share of GDP, and billions of its currency.

        Every article that reports the year gives the same figures (as a budget, the spending or
        an estimate of it); spending grows from year to year.
        """
        key = (code, year)
        found = self.levels.get(key)
        if found is None:
            r = self.rng
            share, billions = self.base[code]
            years = year - 2022
            share = max(0.5, share + 0.12 * years + r.uniform(-0.08, 0.08))
            billions *= 1.07**years * r.uniform(0.98, 1.02)
            found = self.levels[key] = (round(share, r.choice((1, 1, 2))), billions)
        return found

    def _new(self, holder: str, office: str) -> Person:
        name, surname = self.names.person()
        if office == "org":
            _, before, after = next(o for o in ORG_OFFICES if o[0] == holder)
        else:
            if office == "hog" and self.countries[holder].presidential:
                office = "hos"  # the president heads the government
            before, after = LOCAL_OFFICES.get(holder, {}).get(office) or OFFICES[office]
        return Person(name, surname, office, holder, before, after)

    def official(self, code: str, office: str) -> Person:
        """The holder of a main office, or a new lesser official."""
        country = self.countries[code]
        if office == "hos" and (country.presidential or not country.republic):
            office = "hog"
        if office not in self.MAIN_OFFICES and office != "hos":
            return self._new(code, office)
        key = (code, office)
        person = self.holders.get(key)
        if person is None:
            person = self.holders[key] = self._new(code, office)
        return person

    def org_official(self, org: str) -> Person:
        key = (org, "org")
        person = self.holders.get(key)
        if person is None:
            person = self.holders[key] = self._new(org, "org")
        return person

    def turnover(self, code: str) -> None:
        old = self.holders.pop((code, self.rng.choice(self.MAIN_OFFICES)), None)
        if old is not None:
            self.formers.setdefault(code, []).append(old)

    def former(self, code: str) -> Person:
        formers = self.formers.get(code)
        if formers:
            return self.rng.choice(formers)
        person = self._new(code, self.rng.choice(self.MAIN_OFFICES))
        self.formers[code] = [person]
        return person


# --- writing one article -------------------------------------------------------------------


def _pct(value: float, rng: random.Random) -> str:
    number = f"{value:g}"
    if value in NUMBER_WORDS and rng.random() < 0.2:
        number = NUMBER_WORDS[int(value)]
    return number + rng.choice(("%", "%", "%", " percent", " per cent"))


class Roles(dict):
    """Who a sentence is about: "c" its country, "o" another; "p", "q", "f" officials, chosen on first use."""

    def __init__(self, writer: Writer, kind: str, c: Country, o: Country, offices: tuple[str, ...]) -> None:
        super().__init__(c=c, o=o)
        self.writer = writer
        self.kind = kind
        self.offices = offices

    def __missing__(self, key: str) -> Person:
        value = self[key] = self.writer.official_for(self, key)
        return value


class Slots(dict):
    """Values for a template's fields; entities are written (and recorded) on first use."""

    def __init__(self, writer: Writer, values: dict[str, Any], roles: Roles) -> None:
        super().__init__(values)
        self.writer = writer
        self.roles = roles

    def __missing__(self, key: str) -> str:
        value = self.writer.slot(key, self.roles)
        self[key] = value
        return value


@dataclass
class Draft:
    """One article as written: its text and, with offsets into it, the facts it states."""

    id: str
    published: dt.date
    title: str = ""
    text: str = ""
    countries: set[str] = field(default_factory=set)
    organizations: set[str] = field(default_factory=set)
    officials: list[dict[str, Any]] = field(default_factory=list)
    strategies: list[dict[str, Any]] = field(default_factory=list)
    spending_targets: list[dict[str, Any]] = field(default_factory=list)
    expenditures: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"https://example.org/synthetic/{self.id}"

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat(),
            "text": self.text,
        }

    def facts(self, evidence: bool) -> dict[str, Any]:
        """The facts in the schema's JSON form, with or without each item's evidence."""
        lists = {}
        for kind in ("officials", "strategies", "spending_targets", "expenditures", "meetings"):
            items = getattr(self, kind)
            lists[kind] = items if evidence else [{k: v for k, v in i.items() if k != "evidence"} for i in items]
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat(),
            "countries": sorted(self.countries),
            "organizations": sorted(self.organizations),
            **lists,
        }


class Writer:
    """Writes articles one after another from one random stream, over one shared world.

    With ``canonical_titles`` (for facts, not text) an official's title is always their office's
    first name and an article's spelling is its country's, so one office is one title in the graph.
    """

    def __init__(self, seed: int, *, canonical_titles: bool = False) -> None:
        self.rng = random.Random(seed)
        self.random = self.rng.random
        self.world = World(self.rng)
        self.canonical_titles = canonical_titles

    def choice(self, seq: Any) -> Any:
        """``random.choice``, faster: the generator's inner loop calls it a hundred times an article."""
        return seq[int(self.random() * len(seq))]

    # -- entities, written on first use ---------------------------------------------------
    def slot(self, key: str, roles: Roles) -> str:
        role, _, form = key.partition("_")
        lower = role.lower()
        if lower in ("c", "o"):
            return self._country(roles[lower], form, role.isupper())
        if role in ("p", "q"):
            return self._person(roles[role], form)
        if role == "f":
            return self._former(roles["f"], form)
        if role == "nato":
            self.draft.organizations.add("NATO")
            return "NATO"
        if role == "event":
            text, org = roles["event"]
            if org:
                self.draft.organizations.add(org)
            return text
        raise KeyError(key)

    def _country(self, country: Country, form: str, capital: bool) -> str:
        self.draft.countries.add(country.code)
        if form == "s":
            text = self.choice(country.possessives)
        elif form == "adj":
            text = self.choice(country.adjectives)
        elif form == "gov":
            text = country.capital or self.choice(country.names)
        else:
            text = self.choice(country.names)
        return text[:1].upper() + text[1:] if capital else text

    def _holder_words(self, person: Person) -> tuple[str, str]:
        """How a title names the official's state: before it ("Poland's") and in apposition."""
        if person.office == "org":
            self.draft.organizations.add(person.holder)
            return person.holder, f"the {person.holder}"
        country = self.world.countries[person.holder]
        self.draft.countries.add(country.code)
        if self.rng.random() < 0.5:
            possessive = self.choice(country.possessives)
            return possessive, possessive
        adjective = self.choice(country.adjectives)
        return adjective, f"the {adjective}"

    def _person(self, person: Person, form: str) -> str:
        if person.surname in self.introduced:
            return person.surname
        self.introduced.add(person.surname)
        r = self.rng
        home = person.holder == self.home.code
        # where the name may be followed by commas, any style; elsewhere only a title before it
        style = r.random() if form == "" else r.random() * 0.6
        if style < 0.6:
            title = self.choice(person.before)
            if home and style < 0.3:
                text = f"{title} {person.name}"  # "Defence Minister Anna Kowal"
            else:
                before, _ = self._holder_words(person)
                text = f"{before} {title} {person.name}"  # "Poland's Defence Minister Anna Kowal"
        elif style < 0.8:
            title = self.choice(person.after)
            _, after = self._holder_words(person)
            text = f"{person.name}, {after} {title},"  # "Anna Kowal, the Polish defence minister,"
        elif style < 0.9:
            title = self.choice(person.after)
            text = f"{self._possessive(person)} {title}, {person.name},"  # "Poland's defence minister, Anna Kowal,"
        else:
            title = self.choice(person.after)
            holder = "" if home else self._possessive(person) + " "
            text = f"{person.name}, who serves as {holder}{title},"
        self._official(person, title, former=False)
        return text

    def _possessive(self, person: Person) -> str:
        if person.office == "org":
            self.draft.organizations.add(person.holder)
            return f"{person.holder}'s"
        self.draft.countries.add(person.holder)
        return self.choice(self.world.countries[person.holder].possessives)

    def _former(self, person: Person, form: str) -> str:
        if person.surname in self.introduced:
            return person.name if form == "a" else person.surname
        self.introduced.add(person.surname)
        if form == "a":
            title = self.choice(person.after)
            text = f"{person.name}, a former {title},"
        else:
            title = self.choice(person.before)
            text = f"{title} {person.name}"
        self._official(person, title, former=True)
        return text

    def _official(self, person: Person, title: str, former: bool) -> None:
        title = person.before[0] if self.canonical_titles else self._spell(title)
        self.draft.officials.append({"name": person.name, "title": title, "country": person.holder, "former": former})
        self.sentence_items.append(self.draft.officials[-1])

    def _spell(self, text: str) -> str:
        if self.american:
            return text.replace("efence", "efense").replace("programme", "program")
        return text

    # -- sentences -------------------------------------------------------------------------
    def write(self, template: Template, values: dict[str, Any], roles: Roles) -> str:
        text = template.text.format_map(Slots(self, values, roles)) if template.fields else template.text
        return self._spell(text)

    def _pick(self, templates: tuple[Template, ...]) -> Template:
        """A template, if possible one this article has not used yet."""
        for _ in range(4):
            template = self.choice(templates)
            if template.text not in self.used:
                break
        self.used.add(template.text)
        return template

    def _fresh(self, phrases: tuple[str, ...]) -> str:
        """A phrase, if possible one this article has not used yet."""
        for _ in range(4):
            phrase = self.choice(phrases)
            if phrase not in self.used:
                break
        self.used.add(phrase)
        return phrase

    def _say(self, template: Template, values: dict[str, Any], roles: Roles) -> tuple[str, list[dict]]:
        self.sentence_items = []
        text = self.write(template, values, roles)
        return text, self.sentence_items

    def _add(self, kind: str, item: dict[str, Any], key: object) -> dict[str, Any]:
        """Record a fact once: a repeat fills in what the first statement left out."""
        seen = self.seen.setdefault(kind, {})
        first = seen.get(key)
        if first is None:
            seen[key] = item
            getattr(self.draft, kind).append(item)
            return item
        for name, value in item.items():
            if first.get(name) is None:
                first[name] = value
        return first

    def _year(self, meta: dict[str, Any], year: int) -> str:
        return f"FY{year}" if meta.get("fy") else str(year)

    def target(self, roles: Roles) -> tuple[str, list[dict]]:
        r, pub = self.rng, self.draft.published
        code = roles["c"].code
        # one goal per state (and one for the alliance) an article: a second mention restates it
        if roles["c"].nato and r.random() < 0.2:
            template = self._pick(NATO_TARGETS)
            applies, by = ["NATO"], "NATO"
            if "NATO" not in self.goals:
                self.goals["NATO"] = (self.choice((3.5, 5.0, 5.0)), 2035)
        else:
            template = self._pick(TARGETS)
            applies, by = [code], template.meta.get("by")
            if code not in self.goals:
                now = self.world.level(code, pub.year)[0]
                value = self.choice([v for v in TARGET_LEVELS if v > now] or [5.0])
                self.goals[code] = (value, self.choice((pub.year + r.randint(1, 10), 2030, 2035)))
        value, year = self.goals[applies[0]]
        values = {"pct": _pct(value, r), "year": year, "weekday": self.choice(WEEKDAYS)}
        text, items = self._say(template, values, roles)
        set_by = roles[by].name if by in ("p", "q") else roles["c"].code if by == "c" else by
        item = {
            "applies_to": applies,
            "value": value,
            "unit": "percent_gdp",
            "deadline": self._year(template.meta, year),
            "set_by": set_by,
        }
        item = self._add("spending_targets", item, (*applies, value))
        self.figure = applies[0]
        return text, [*items, item]

    def _amount(self, country: Country, billions: float) -> tuple[str, float, str]:
        r = self.rng
        if billions >= 1000:
            scale, number = "trillion", round(billions / 1000, 2)
        elif billions >= 1:
            scale, number = "billion", round(billions, 1 if billions >= 10 else 2)
        else:
            scale, number = "million", float(round(billions * 1000))
        forms = MONEY[country.currency] + LOCAL_MONEY.get(country.code, ())
        form = self.choice(forms)
        if country.currency == "INR" and scale == "trillion" and r.random() < 0.5:
            scale = "lakh crore"
        abbreviation = "" if scale == "lakh crore" or "{b}" not in form else ABBREVIATIONS[scale]
        text = form.format(n=f"{number:g}", s=scale, b=abbreviation)
        return text, round(number * SCALES[scale], 2), country.currency

    def expenditure(self, roles: Roles) -> tuple[str, list[dict]]:
        r, pub = self.rng, self.draft.published
        country = roles["c"]
        # a sentence may leave the country unsaid only when it is the one the last figure was about
        named = self.figure != (country.code if self.figure else self.home.code)
        in_money = r.random() < 0.6
        if in_money:
            template = self._pick(NAMED_BUDGETS if named else BUDGETS_SPENT)
        else:
            template = self._pick(NAMED_SHARES if named else SHARES_SPENT)
        meta = template.meta
        if "rel" in meta:
            year = pub.year + meta["rel"]
        elif meta["kind"] == "budget":
            year = pub.year + self.choice((0, 1))
        else:
            year = pub.year - self.choice((1, 1, 2))
        share, billions = self.world.level(country.code, year)
        if in_money:
            amount, value, unit = self._amount(country, billions)
            values = {"amount": amount}
        else:
            value, unit = share, "percent_gdp"
            values = {"share": _pct(value, r)}
        values.update(year=year, weekday=self.choice(WEEKDAYS))
        text, items = self._say(template, values, roles)
        item = {
            "country": country.code,
            "value": value,
            "unit": unit,
            "year": self._year(meta, year),
            "kind": meta["kind"],
        }
        item = self._add("expenditures", item, (country.code, value, unit, item["year"]))
        self.figure = country.code
        return text, [*items, item]

    def meeting(self, roles: Roles) -> tuple[str, list[dict]]:
        r, pub = self.rng, self.draft.published
        template = self._pick(MEETINGS)
        p, q = roles["p"], roles["q"]
        pick = r.random()
        if pick < 0.4:
            city = self.home.dateline
        elif pick < 0.7 and q.office != "org":
            city = self.world.countries[q.holder].dateline
        else:
            city = self.choice(CITIES)
        event_text, event_org = self.choice(EVENTS)
        event_city = self.choice(CITIES) if "{city}" in event_text else None
        if event_city:
            event_text = event_text.format(city=event_city)
        elif " in " in event_text:
            event_city = event_text.rsplit(" in ", 1)[1]
        day = r.randrange(7)
        values = {"city": city, "weekday": WEEKDAYS[day], "topic": self.choice(TOPICS)}
        roles["event"] = (event_text, event_org)
        text, items = self._say(template, values, roles)
        meta = template.meta
        location = city if meta.get("loc") else event_city if meta.get("event") else None
        date = pub - dt.timedelta(days=(pub.weekday() - day) % 7) if meta.get("day") else None
        item = {
            "participants": [p.name, q.name],
            "location": location,
            "date": date.isoformat() if date else None,
        }
        item = self._add("meetings", item, frozenset(item["participants"]))
        return text, [*items, item]

    def strategy(self, roles: Roles) -> tuple[str, list[dict]]:
        country = roles["c"]
        name, acronym, year = self.choice(self.world.documents[country.code])
        candidates = STRATEGY_TEMPLATES if acronym else tuple(t for t in STRATEGY_TEMPLATES if "acr" not in t.fields)
        template = self._pick(candidates)
        values = {
            "sname": name,
            "acr": acronym,
            "syear": year,
            "month": self.choice(MONTHS),
            "aim": self.choice(AIMS),
            "weekday": self.choice(WEEKDAYS),
        }
        text, items = self._say(template, values, roles)
        meta = template.meta
        item = {
            "name": self._spell(name),
            "acronym": acronym if meta.get("acr") else None,
            "country": country.code,
            "year": year if meta.get("year") else None,
        }
        item = self._add("strategies", item, item["name"].casefold())
        return text, [*items, item]

    def former(self, roles: Roles) -> tuple[str, list[dict]]:
        return self._say(self._pick(FORMER), {}, roles)

    def statement(self, roles: Roles) -> tuple[str, list[dict]]:
        return self._say(self._pick(STATEMENTS), {}, roles)

    def filler(self, roles: Roles, plain: bool = False) -> tuple[str, list[dict]]:
        r = self.rng
        if plain or r.random() < 0.3:
            return self._spell(f"{self._fresh(OPENERS)} {self._fresh(CLAUSES)}."), []
        if not self.deck:
            pool = FILLER if self.home.nato else FILLER_OUTSIDE_NATO
            self.deck = r.sample(pool, len(pool))
        return self._say(self.deck.pop(), {}, roles)

    # -- the article -----------------------------------------------------------------------
    def _roles(self, kind: str) -> Roles:
        """Who and what a sentence of this kind is about (its officials are chosen when named)."""
        home, other = self.home, self.other
        offices = P_OFFICES
        if kind == "statement":
            if self.random() < 0.3:
                home, other, offices = other, home, FOREIGN_SPEAKERS
            else:
                offices = LESSER_OFFICES
        elif kind == "meeting":
            offices = MEETING_OFFICES
        elif kind == "expenditure" and self.random() < 0.15:
            home, other = other, home
        return Roles(self, kind, home, other, offices)

    def official_for(self, roles: Roles, key: str) -> Person:
        """The official a sentence names as ``key``: "p" its actor, "q" a counterpart, "f" a former one."""
        w = self.world
        if key == "f":
            return w.former(self.home.code)
        if key == "q":
            if roles.kind == "meeting" and self.random() < 0.1:
                return w.org_official(self.choice(("NATO", "NATO", "EU")))
            return w.official(roles["o"].code, self.choice(Q_OFFICES))
        if roles.kind == "filler":  # someone of the home state the article has already named
            own = [p for p in self.cast if p.holder == self.home.code]
            return self.choice(own) if own else w.official(self.home.code, "defence")
        return w.official(roles["c"].code, self.choice(roles.offices))

    def article(self, index: int, words: int, *, filler: bool = True) -> Draft:
        """The next article: about ``words`` words, one fact for every 65 or so, and prose between.

        Without ``filler`` it is only its headline and the sentences that state facts (no dateline),
        which is all that facts need; their evidence spans then point into that shorter text.
        """
        r, w = self.rng, self.world
        start = dt.date(2022, 1, 3)
        published = start + dt.timedelta(days=r.randrange(365 * 4))
        self.home = w.countries[self.choice(w.codes)]
        self.other = w.countries[self.choice([c for c in w.codes if c != self.home.code])]
        if r.random() < 0.2:
            w.turnover(self.home.code)
        self.american = self.home.american or (not self.canonical_titles and r.random() < 0.25)
        self.draft = draft = Draft(f"synth-{index:06d}", published)
        self.introduced: set[str] = set()
        self.cast: list[Person] = []
        self.sentence_items: list[dict] = []
        self.used: set[str] = set()
        self.deck: list[Template] = []
        self.seen: dict[str, dict[object, dict[str, Any]]] = {}
        self.figure: str | None = None  # whose spending the last figure was
        self.goals: dict[str, tuple[float, int]] = {}  # the spending goal of each state named

        n_facts = max(2, round(words / 65))
        kinds = ["target", "expenditure", "meeting", "strategy", "statement", "former"]
        weights = [24, 28, 18, 14, 10, 6]
        plan = [self.choice(("target", "expenditure", "expenditure", "meeting"))]
        plan += r.choices(kinds, weights, k=n_facts - 1)

        draft.title = self.write(self._pick(HEADLINES), {}, self._roles("headline"))
        target = words * r.uniform(0.95, 1.04) if filler else 0
        high = words * 1.12
        # (sentence, items it states); a paragraph ends where the sentence is None
        sentences: list[tuple[str | None, list[dict]]] = []
        total = len(draft.title.split())
        for i, kind in enumerate(plan):
            roles = self._roles(kind)
            text, items = getattr(self, kind)(roles)
            self.cast.extend(p for p in (roles.get("p"), roles.get("q")) if p and p.surname in self.introduced)
            sentences.append((text, items))
            total += len(text.split())
            # prose without facts up to this fact's share of the length, in paragraphs of 1-3 sentences
            goal = target * (i + 1) / n_facts
            in_paragraph, size_of_paragraph, tries = 1, self.choice((1, 2, 2, 3)), 0
            filler_roles = self._roles("filler")
            while total < goal and tries < 20:
                tries += 1
                # near the end, only prose that names no one, so a sentence too long can be dropped
                text, items = self.filler(filler_roles, plain=total + 40 > target)
                size = len(text.split())
                if total + size > high and not items:
                    continue
                if in_paragraph >= size_of_paragraph:
                    sentences.append((None, []))
                    in_paragraph, size_of_paragraph = 0, self.choice((2, 3))
                sentences.append((text, items))
                total += size
                in_paragraph += 1
            sentences.append((None, []))
        self._join(sentences, filler)
        return draft

    def _join(self, sentences: list[tuple[str | None, list[dict]]], dateline: bool) -> None:
        """The text, with each item's evidence: its sentence and span."""
        draft = self.draft
        parts: list[str] = []
        offset = 0
        if dateline:
            head = f"{draft.title}\n\n{self.home.dateline.upper()} — "
            parts.append(head)
            offset = len(head)
        paragraph_start = True
        for text, items in sentences:
            if text is None:
                if not paragraph_start:
                    parts.append("\n\n")
                    offset += 2
                paragraph_start = True
                continue
            if not paragraph_start:
                parts.append(" ")
                offset += 1
            paragraph_start = False
            parts.append(text)
            if items:
                evidence = {"sentence": text, "start": offset, "end": offset + len(text)}
                for item in items:
                    item.setdefault("evidence", evidence)
            offset += len(text)
        draft.text = "".join(parts).rstrip()


# --- the API -------------------------------------------------------------------------------


@overload
def synthetic_articles(
    n: int, seed: int = 0, words: int = 500, *, with_gold: Literal[False] = False
) -> Iterator[dict[str, Any]]: ...
@overload
def synthetic_articles(
    n: int, seed: int = 0, words: int = 500, *, with_gold: Literal[True]
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]: ...
def synthetic_articles(
    n: int, seed: int = 0, words: int = 500, *, with_gold: bool = False
) -> Iterator[dict[str, Any]] | Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """``n`` articles as JSON Lines records (ids ``synth-000001`` ...), each about ``words`` words
    (within 15% from about 150 words up).

    With ``with_gold``, each comes as ``(record, gold)``: the facts the article was written to
    state, in the facts schema (without evidence), ready for ``ArticleFacts.model_validate``.
    """
    writer = Writer(seed)
    for index in range(1, n + 1):
        draft = writer.article(index, words)
        yield (draft.record(), draft.facts(evidence=False)) if with_gold else draft.record()


def synthetic_facts(triples: int, seed: int = 0) -> Iterator[ArticleFacts]:
    """Facts of made-up articles until their RDF mapping totals at least ``triples`` triples.

    Each article's facts carry their evidence sentences and spans; countries and organisations
    come from a shared pool, and office holders recur across articles as they would in the news.
    """
    for facts, _ in counted_facts(triples, seed):
        yield facts


def counted_facts(triples: int, seed: int = 0) -> Iterator[tuple[ArticleFacts, int]]:
    """``synthetic_facts``, each with the number of triples its article's graph holds."""
    writer = Writer(seed, canonical_titles=True)
    total, index = 0, 0
    while total < triples:
        index += 1
        draft = writer.article(index, 500, filler=False)
        facts = ArticleFacts.model_validate(draft.facts(evidence=True))
        count = len(facts_to_triples(facts))
        total += count
        yield facts, count


# --- the command line ----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    articles = commands.add_parser("articles", help="write N articles as JSON Lines")
    articles.add_argument("n", type=int, metavar="N")
    articles.add_argument("--seed", type=int, default=0)
    articles.add_argument("--words", type=int, default=500)
    articles.add_argument("--out", type=Path, required=True, help="the .jsonl file to write")
    facts = commands.add_parser("facts", help="write facts files totalling about TRIPLES triples")
    facts.add_argument("triples", type=int, metavar="TRIPLES")
    facts.add_argument("--seed", type=int, default=0)
    facts.add_argument("--out", type=Path, required=True, help="the folder to write the .json files to")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    if args.command == "articles":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as handle:
            for record in synthetic_articles(args.n, args.seed, args.words):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        seconds = time.perf_counter() - start
        print(f"{args.n} articles -> {args.out} in {seconds:.1f} s ({args.n / max(seconds, 1e-9):.0f} articles/s)")
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        count = total = 0
        for f, size in counted_facts(args.triples, args.seed):
            (args.out / f"{f.id}.json").write_text(f.to_json(), encoding="utf-8")
            count += 1
            total += size
        seconds = time.perf_counter() - start
        print(f"{count} facts files, {total} triples -> {args.out} in {seconds:.1f} s")


if __name__ == "__main__":
    main()
