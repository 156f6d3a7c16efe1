"""One article, analysed once: spaCy tokens and sentences, the parts that are not the story
(bylines, datelines, credits), and where states and organisations are named.

Every extractor reads this shared analysis instead of re-reading the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

import numpy
import spacy
from spacy.attrs import IS_PUNCT, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import lexicon
from kg.sources.article import Article

BYLINE = re.compile(r"^\s*(by|written by|reporting by|editing by)\s+[A-Z]", re.I)
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?)(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:,\s*[A-Z][A-Za-z.'’ ]{1,30}?)?"
    r"(?:\s*\([A-Z][A-Za-z]+\))?"
    r"\s*(?:—|--|–|:|-)\s+"
)
CREDIT = re.compile(
    r"\((?:photo|photos|image|images|credit|file photo)[^)]{0,40}\)|\([^)]*\b(?:photo|pic|images?)\)|"
    r"\((?:AP|AFP|PTI|ANI|Reuters|EPA|Xinhua|Yonhap|Kyodo|IANS|UNI)\)|/\s*[A-Z]{3,}\s*$",
    re.I,
)
#: The characters that end a dateline and open a credit: a line with none of them has neither, so the
#: (slower) patterns are not tried on it.
DATELINE_ENDS = ("—", "-", "–", ":")
CREDIT_OPENS = ("(", "/")
PUBLISHED_LINE = re.compile(r"^\s*(published|updated|posted|last updated)\b", re.I)


@dataclass(frozen=True)
class Mention:
    """A state or organisation named in the text."""

    kind: str  # "country" or "organization"
    code: str  # ISO code or acronym
    form: str  # "name", "demonym", "capital", "institution" or "organization"
    start: int  # token indices in the Doc
    end: int
    sent: int  # index of the sentence


@dataclass
class Analysis:
    """What every extractor needs to know about one article.

    ``tokens``, ``texts`` and ``lower`` hold each token of the Doc, its text and its lower-case
    form, and ``sentence_texts`` each sentence's text, all read once: indexing a Doc builds a new
    Token object on every access and a Span joins its tokens' texts each time it is asked for its
    text, which the rules would otherwise do thousands of times per article.
    """

    article: Article
    doc: Doc
    sentences: list[Span]
    excluded: list[tuple[int, int]]  # character ranges that are not the story
    mentions: list[Mention] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    lower: list[str] = field(default_factory=list)
    sentence_texts: list[str] = field(default_factory=list)  # each sentence's text, as ``Span.text`` gives it

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> dt.date | None:
        return self.article.published

    def is_excluded(self, char: int) -> bool:
        return any(a <= char < b for a, b in self.excluded)

    def sent_index(self, i: int) -> int:
        """The index of the sentence holding token ``i``."""
        return self._sent_of_token[i]

    def mentions_in(self, sent: int) -> list[Mention]:
        return [m for m in self.mentions if m.sent == sent]

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The mention covering exactly the tokens start..end (or ending at end)."""
        for m in self.mentions:
            if m.start >= start and m.end == end:
                return m
        return None

    _sent_of_token: list[int] = field(default_factory=list)


#: What ends a sentence for spaCy's rule-based sentencizer: ".", "!", "?" and their kin in other scripts.
SENTENCE_PUNCT = frozenset(Sentencizer.default_punct_chars)


def sentence_starts(texts: list[str], punct: list[bool]) -> list[bool]:
    """Which tokens start a sentence, given each token's text and whether it is punctuation.

    The rule of spaCy's sentencizer (a sentence ends after a run of ".", "!" or "?" and of the
    punctuation that follows it), and one more: a line break ends a sentence, since headlines,
    captions and datelines have no full stop.
    """
    n = len(texts)
    starts = [False] * n
    if not n:
        return starts
    starts[0] = True
    start, seen_period = 0, False
    for i, text in enumerate(texts):
        ends = text in SENTENCE_PUNCT
        if seen_period and not punct[i] and not ends:
            starts[start] = True
            start, seen_period = i, False
        elif ends:
            seen_period = True
    starts[start] = True
    for i in range(n - 1):
        if "\n" in texts[i]:
            starts[i + 1] = True
    return starts


def token_strings(doc: Doc, attr: int = ORTH) -> list[str]:
    """Each token's text (``ORTH``) or lower-case form (``LOWER``), read from the Doc's arrays.

    The same strings as ``token.text`` and ``token.lower_``, without building a Token per token.
    """
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(attr).tolist()]


@Language.component("news_sentences")
def news_sentences(doc: Doc) -> Doc:
    """Mark sentence starts (``sentence_starts``) on the Doc.

    Sets what spaCy's sentencizer followed by a line-break rule would, in one pass over arrays
    rather than two over Token objects.
    """
    if len(doc):
        starts = sentence_starts(token_strings(doc), doc.to_array(IS_PUNCT).astype(bool).tolist())
        values = numpy.where(numpy.array(starts), 1, -1).astype(numpy.int64)
        doc.from_array([SENT_START], values.astype(numpy.uint64))  # spaCy stores -1 ("not a start") wrapped
    return doc


@cache
def pipeline() -> tuple[Language, PhraseMatcher]:
    """spaCy's blank English pipeline with a sentencizer, and the matcher of place names."""
    nlp = spacy.blank("en")
    # "U.S.-Japan" is two names: split a hyphen after an abbreviation's full stop.
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z]\.)-(?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    nlp.add_pipe("news_sentences")
    places = lexicon().places
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for form, table, kind in (
        ("name", places.names, "country"),
        ("demonym", places.demonyms, "country"),
        ("capital", places.capitals, "country"),
        ("institution", places.institutions, "country"),
        ("organization", places.organizations, "organization"),
    ):
        by_code: dict[str, list[str]] = {}
        for phrase, code in table.items():
            by_code.setdefault(code, []).append(phrase)
        for code, phrases in by_code.items():
            matcher.add(f"{kind}|{form}|{code}", [nlp.make_doc(p) for p in phrases])
    matcher.add("idiom|idiom|-", [nlp.make_doc(p) for p in lexicon().idioms])
    return nlp, matcher


def _excluded_ranges(text: str) -> list[tuple[int, int]]:
    """Bylines, publication-date lines, datelines and photo or agency credits."""
    out = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and (BYLINE.match(line) or PUBLISHED_LINE.match(line) or "| by " in line.lower()):
            out.append((offset, offset + len(line)))
        else:
            m = DATELINE.match(line) if any(c in line for c in DATELINE_ENDS) else None
            place = m and m.group("place").strip()
            looks_like_place = place and (place.isupper() or place in lexicon().places.capitals or place.istitle())
            if m and looks_like_place and len(place.split()) <= 3 and not place.lower().startswith(("the ", "a ")):
                out.append((offset, offset + m.end()))
            if any(c in line for c in CREDIT_OPENS):
                for c in CREDIT.finditer(line):
                    out.append((offset + c.start(), offset + c.end()))
        offset += len(line)
    return out


def _is_government(doc: Doc, start: int, end: int) -> bool:
    """A capital standing for its government ("Seoul said", "Tokyo adopted", "warned Helsinki"), not a
    place ("talks in Tokyo", "Paris, France", "New Taipei City", "a Washington-based group")."""
    nxt = doc[end] if end < len(doc) else None
    prev = doc[start - 1] if start > 0 else None
    if nxt is not None and nxt.lower_ in ("'s", "’s"):
        return True
    if prev is not None and (
        prev.lower_ in lexicon().words["not_actor"] or prev.text[:1].isupper() or prev.text == "-"
    ):
        return False
    if nxt is not None and (nxt.text in ("-", ",", "(") or nxt.text[:1].isupper() or nxt.is_digit):
        return False  # "Washington-based", "Paris, France", "Tokyo Tower", "Beijing (PTI)"
    return nxt is not None and nxt.is_alpha


def _surname_like(token: Token) -> bool:
    words = lexicon().words
    return token.text[:1].isupper() and token.is_alpha and not token.is_upper and token.lower_ not in words["not_names"]


def analyse(article: Article) -> Analysis:
    """Tokenise, split sentences, mark what is not the story, and find the places named."""
    nlp, matcher = pipeline()
    text = article.text
    doc = nlp(text)
    # blank lines are not sentences (a Span's text is the article's text between its character offsets)
    sentences = [s for s in doc.sents if text[s.start_char : s.end_char].strip()]
    sent_of_token = [0] * len(doc)
    for i, sent in enumerate(sentences):
        end = len(doc) if i + 1 == len(sentences) else sentences[i + 1].start
        sent_of_token[sent.start : end] = [i] * (end - sent.start)
    analysis = Analysis(
        article,
        doc,
        sentences,
        _excluded_ranges(text),
        tokens=list(doc),
        texts=token_strings(doc, ORTH),
        lower=token_strings(doc, LOWER),
        sentence_texts=[text[s.start_char : s.end_char] for s in sentences],
        _sent_of_token=sent_of_token,
    )
    spans = []
    for match_id, start, end in matcher(doc):
        spans.append(Span(doc, start, end, label=match_id))
    spans = spacy.util.filter_spans(spans)  # the longest name wins: "Ukraine Defence Contact Group" is not Ukraine
    first_names = lexicon().words["country_first_names"]
    for span in spans:
        kind, form, code = span.label_.split("|")
        if kind == "idiom" or analysis.is_excluded(span.start_char):
            continue
        nxt = analysis.tokens[span.end] if span.end < len(doc) else None
        if kind == "country" and nxt is not None and nxt.lower_ in ("dollar", "dollars", "$"):
            continue  # "US dollars" is a currency, not the state
        if form == "capital" and not _is_government(doc, span.start, span.end):
            continue
        if text[span.start_char : span.end_char].lower() in first_names and nxt is not None and _surname_like(nxt):
            continue  # "Jordan Smith", "Israel Katz": a person's name
        analysis.mentions.append(Mention(kind, code, form, span.start, span.end, sent_of_token[span.start]))
    return analysis
