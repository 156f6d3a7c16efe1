"""One article, analysed once: spaCy tokens and sentences, the parts that are not the story
(bylines, datelines, credits), and where states and organisations are named.

Every extractor reads this shared analysis instead of re-reading the text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import NamedTuple

import numpy
import spacy
from spacy.attrs import IDX, IS_PUNCT, LIKE_NUM, NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token

from kg.extract.lexicon import lexicon
from kg.sources.article import Article

BYLINE_WORDS = ("by", "written by", "reporting by", "editing by")
BYLINE = re.compile(rf"^\s*({'|'.join(BYLINE_WORDS)})\s+[A-Z]", re.I)
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
#: What ends a dateline (a dash or a colon, then a space) and what opens a credit: a line with neither
#: has neither, so the (slower) patterns are not tried on it.
DATELINE_ENDS = ("—", "–", ":", "-")
DATELINE_END = re.compile(r"[—–:-]\s")
CREDIT_OPENS = ("(", "/")
PUBLISHED_WORDS = ("published", "updated", "posted", "last updated")
PUBLISHED_LINE = re.compile(rf"^\s*({'|'.join(PUBLISHED_WORDS)})\b", re.I)


#: The characters outside ASCII that a case-insensitive pattern takes for an ASCII letter: "İ" and
#: "ı" for "i", "ſ" for "s", the Kelvin sign for "k".
CASE_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")


def case_forms(letters: Iterable[str]) -> frozenset[str]:
    """Every character a case-insensitive pattern takes for one of ``letters`` (ASCII)."""
    return frozenset(
        c for letter in letters for c in (letter.lower(), letter.upper(), *CASE_FOLDS) if re.fullmatch(letter, c, re.I)
    )


#: What a byline or a publication-date line begins with, after spaces: no other line is tried
#: against those patterns.
LINE_FIRSTS = case_forms(w[0] for w in BYLINE_WORDS + PUBLISHED_WORDS)


def word_starts(text: str, words: Iterable[str]) -> list[int] | None:
    """Every place in ``text`` where one of ``words`` (ASCII, lower case) starts, in any case, in order.

    Where a case-insensitive pattern can match only at such a place, these are the places to try it
    (``str.find`` is far quicker than the pattern's search). None when ``text`` has one of
    ``CASE_FOLDS``, which lower-casing does not turn into the letter the pattern takes them for (or
    turns into two characters).
    """
    words = list(words)
    if any(c in text for c in CASE_FOLDS) or not all(w.isascii() and w.islower() for w in words):
        return None
    lowered = text.lower()  # the same length: of what lower-casing lengthens, the text has none
    out = []
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            out.append(at)
            at = lowered.find(word, at + 1)
    return sorted(set(out))


@dataclass(frozen=True)
class Mention:
    """A state or organisation named in the text."""

    kind: str  # "country" or "organization"
    code: str  # ISO code or acronym
    form: str  # "name", "demonym", "capital", "institution" or "organization"
    start: int  # token indices in the Doc
    end: int
    sent: int  # index of the sentence


class Sentence(NamedTuple):
    """A sentence's tokens (``start`` to ``end``) and characters, as spaCy's sentence ``Span`` has them."""

    start: int
    end: int
    start_char: int
    end_char: int


@dataclass
class Analysis:
    """What every extractor needs to know about one article.

    ``texts`` and ``lower`` hold each token's text and lower-case form, ``idx`` where it starts in
    the text, ``is_punct`` (and ``like_num``, read when first asked for) what ``Token`` says of it,
    and ``sentence_texts`` each sentence's text, all read once from the Doc's arrays: indexing a Doc
    builds a new Token object on every access and a Span joins its tokens' texts each time it is
    asked for its text, which the rules would otherwise do thousands of times per article.
    """

    article: Article
    doc: Doc
    sentences: list[Sentence]
    excluded: list[tuple[int, int]]  # character ranges that are not the story
    mentions: list[Mention] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    lower: list[str] = field(default_factory=list)
    idx: list[int] = field(default_factory=list)
    is_punct: list[int] = field(default_factory=list)  # 1 or 0, as ``Token.is_punct``
    sentence_texts: list[str] = field(default_factory=list)  # each sentence's text, as ``Span.text`` gives it

    @cached_property
    def like_num(self) -> list[int]:
        """1 or 0 for each token, as ``Token.like_num``."""
        return self.doc.to_array(LIKE_NUM).tolist()

    def space_after(self, i: int) -> bool:
        """Whether a space follows token ``i`` (``Token.whitespace_``): then the next token starts one
        character after it ends, since any other whitespace is a token of its own."""
        if i + 1 < len(self.texts):
            return self.idx[i + 1] != self.idx[i] + len(self.texts[i])
        return bool(self.doc[i].whitespace_)

    def is_alpha(self, i: int) -> bool:
        """``Token.is_alpha``: spaCy's flag is ``str.isalpha`` of the token's text."""
        return self.texts[i].isalpha()

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> dt.date | None:
        return self.article.published

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens ``start`` (0 or more) to ``end``, as ``doc[start:end].text`` gives it, read
        from the article's text: the tokens and the spaces after them cover it exactly."""
        end = min(end, len(self.texts))
        if end <= start:
            return ""
        return self.article.text[self.idx[start] : self.idx[end - 1] + len(self.texts[end - 1])]

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


#: Typographic opening quote marks (the ASCII '"' may open or close, so it is left to the punctuation rule).
OPENING_QUOTE_KEYS = numpy.array(sorted(get_string_id(c) for c in "“‘«„"), dtype=numpy.uint64)

#: The same characters as spaCy's keys (ORTH) for them.
SENTENCE_PUNCT_KEYS = numpy.array(sorted(get_string_id(c) for c in SENTENCE_PUNCT), dtype=numpy.uint64)


def sentence_starts(orth: numpy.ndarray, punct: numpy.ndarray, breaks: list[int]) -> numpy.ndarray:
    """Which tokens start a sentence, given each token's key (ORTH), whether it is punctuation, and
    the tokens that hold a line break.

    The rule of spaCy's sentencizer (a sentence ends after a run of ".", "!" or "?" and of the
    punctuation that follows it), and one more: a line break ends a sentence, since headlines,
    captions and datelines have no full stop. Read as arrays: after each ".", "!" or "?", the first
    token that is neither punctuation nor one of them opens the next sentence; a typographic opening
    quote mark ("“") counts as such a token, so it opens the sentence it quotes.
    """
    n = len(orth)
    starts = numpy.zeros(n, dtype=bool)
    if not n:
        return starts
    starts[0] = True
    found = SENTENCE_PUNCT_KEYS.searchsorted(orth).clip(max=len(SENTENCE_PUNCT_KEYS) - 1)
    ends = SENTENCE_PUNCT_KEYS[found] == orth
    # an opening quote mark after the full stop opens the next sentence rather than closing this one
    quoting = numpy.isin(orth, OPENING_QUOTE_KEYS)
    openers = numpy.flatnonzero(~(ends | (punct.astype(bool) & ~quoting)))
    following = numpy.searchsorted(openers, numpy.flatnonzero(ends), side="right")
    starts[openers[following[following < len(openers)]]] = True
    for i in breaks:
        if i + 1 < n:
            starts[i + 1] = True
    return starts


#: Each word's text and lower-case form by its key (``ORTH``), read once per process: the
#: vocabulary's StringStore decodes the string again on every lookup, and an article makes over a
#: thousand.
_TEXTS: dict[int, str] = {}
_LOWER: dict[int, str] = {}


def token_strings(orth: list[int], doc: Doc) -> tuple[list[str], list[str]]:
    """Each token's text and lower-case form (``Token.text``, ``Token.lower_``) from its key
    (spaCy's ``LOWER`` is the lexeme's text lower-cased)."""
    try:
        return list(map(_TEXTS.__getitem__, orth)), list(map(_LOWER.__getitem__, orth))
    except KeyError:  # words not seen before
        strings = doc.vocab.strings
        for key in set(orth).difference(_TEXTS):
            text = _TEXTS[key] = strings[key]
            _LOWER[key] = text.lower()
        return list(map(_TEXTS.__getitem__, orth)), list(map(_LOWER.__getitem__, orth))


def _line_breaks(text: str, idx: list[int]) -> list[int]:
    """The tokens that hold a line break (whitespace is a token of its own, so each break is inside one)."""
    out = []
    at = text.find("\n")
    while at >= 0:
        token = bisect.bisect_right(idx, at) - 1
        if not out or out[-1] != token:
            out.append(token)
        at = text.find("\n", at + 1)
    return out


def _mark_sentences(doc: Doc, text: str, orth: numpy.ndarray, punct: numpy.ndarray, idx: list[int]) -> numpy.ndarray:
    """Set and return the sentence starts of ``doc``, the tokens of ``text``."""
    starts = sentence_starts(orth, punct, _line_breaks(text, idx))
    if len(starts):
        values = numpy.where(starts, 1, -1).astype(numpy.int64)
        doc.from_array([SENT_START], values.astype(numpy.uint64))  # spaCy stores -1 ("not a start") wrapped
    return starts


@Language.component("news_sentences")
def news_sentences(doc: Doc) -> Doc:
    """Mark sentence starts (``sentence_starts``) on the Doc.

    Sets what spaCy's sentencizer followed by a line-break rule would, over arrays rather than
    Token objects.
    """
    if len(doc):
        columns = doc.to_array([ORTH, IS_PUNCT, IDX])
        _mark_sentences(doc, doc.text, columns[:, 0], columns[:, 1], columns[:, 2].tolist())
    return doc


#: How many distinct words (whitespace-separated chunks) the tokenizer remembers how to split; spaCy
#: keeps 10,000, which a few hundred articles of names and figures fill.
TOKENIZER_CACHE = 200_000


def news_tokenizer(tokenizer: Tokenizer, infix_finditer: Callable[[str], Iterator[re.Match[str]]]) -> Tokenizer:
    """``tokenizer`` with other infixes, without the special cases that only restate what its rules
    give ("—", "\\n", "'"), and with a larger cache: the same tokens, found faster.

    spaCy stops caching how it split a word for the rest of a text once any special case has
    applied in it, so a dash in a dateline ("WASHINGTON — ...") sends every later word of the
    article through the prefix, suffix and infix patterns again, most of the tokenizer's time. A
    special case that gives one token, the chunk itself, with no attribute the vocabulary does not
    already give, changes nothing when the rules alone give that one token too: those are dropped,
    and every token comes out the same. (The tokenizer is built once, with its final rules: setting
    them on a tokenizer reloads every special case.)
    """
    vocab, rules = tokenizer.vocab, tokenizer.rules
    patterns = {
        "prefix_search": tokenizer.prefix_search,
        "suffix_search": tokenizer.suffix_search,
        "infix_finditer": infix_finditer,
        "token_match": tokenizer.token_match,
        "url_match": tokenizer.url_match,
    }
    bare = Tokenizer(vocab, rules={}, **patterns)

    def restates(chunk: str, substrings: list[dict[int, str]]) -> bool:
        if len(substrings) != 1 or not set(substrings[0]) <= {ORTH, NORM} or substrings[0].get(ORTH) != chunk:
            return False
        norm = substrings[0].get(NORM)
        if norm is not None and norm != vocab[chunk].norm_:
            return False
        return [t.text for t in bare(chunk)] == [chunk]

    dropped = {chunk for chunk, substrings in rules.items() if restates(chunk, substrings)}
    kept = {chunk: substrings for chunk, substrings in rules.items() if chunk not in dropped}
    news = Tokenizer(
        vocab,
        rules=kept,
        **patterns,
        faster_heuristics=tokenizer.faster_heuristics,
        max_cache_size=TOKENIZER_CACHE,
    )
    # each dropped case must still come out whole from the tokenizer with the cases it keeps
    kept.update((chunk, rules[chunk]) for chunk in sorted(dropped) if [t.text for t in news(chunk)] != [chunk])
    if len(kept) != len(news.rules):
        news.rules = kept
    return news


@cache
def pipeline() -> tuple[Language, PhraseMatcher]:
    """spaCy's blank English pipeline with a sentencizer, and the matcher of place names."""
    nlp = spacy.blank("en")
    # "U.S.-Japan" is two names: split a hyphen after an abbreviation's full stop.
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z]\.)-(?=[A-Za-z])"]
    nlp.tokenizer = news_tokenizer(nlp.tokenizer, spacy.util.compile_infix_regex(infixes).finditer)
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
        if not stripped:  # a blank line: none of them
            offset += len(line)
            continue
        first = stripped[0]  # where the patterns' "^\s*" stops
        if (first in LINE_FIRSTS and (BYLINE.match(line) or PUBLISHED_LINE.match(line))) or (
            "|" in line and "| by " in line.lower()
        ):
            out.append((offset, offset + len(line)))
        else:
            dateline = "A" <= first <= "Z" and any(c in line for c in DATELINE_ENDS) and DATELINE_END.search(line)
            m = DATELINE.match(line) if dateline else None
            place = m and m.group("place").strip()
            looks_like_place = place and (place.isupper() or place in lexicon().places.capitals or place.istitle())
            if m and looks_like_place and len(place.split()) <= 3 and not place.lower().startswith(("the ", "a ")):
                out.append((offset, offset + m.end()))
            if any(c in line for c in CREDIT_OPENS):
                for c in CREDIT.finditer(line):
                    out.append((offset + c.start(), offset + c.end()))
        offset += len(line)
    return out


def _is_government(an: Analysis, start: int, end: int) -> bool:
    """A capital standing for its government ("Seoul said", "Tokyo adopted", "warned Helsinki"), not a
    place ("talks in Tokyo", "Paris, France", "New Taipei City", "a Washington-based group")."""
    texts, lower = an.texts, an.lower
    nxt = end < len(texts)
    if nxt and lower[end] in ("'s", "’s"):
        return True
    if start > 0 and (
        lower[start - 1] in lexicon().words["not_actor"] or texts[start - 1][:1].isupper() or texts[start - 1] == "-"
    ):
        return False
    if nxt and (texts[end] in ("-", ",", "(") or texts[end][:1].isupper() or an.doc[end].is_digit):
        return False  # "Washington-based", "Paris, France", "Tokyo Tower", "Beijing (PTI)"
    return nxt and an.is_alpha(end)


def _surname_like(token: Token) -> bool:
    words = lexicon().words
    return token.text[:1].isupper() and token.is_alpha and not token.is_upper and token.lower_ not in words["not_names"]


def _longest(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The matches (label, start, end) that ``spacy.util.filter_spans`` keeps, in order: the longest
    wins where they overlap, and the first of equally long ones."""
    seen: set[int] = set()
    kept = []
    for match in sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True):
        if match[1] not in seen and match[2] - 1 not in seen:
            kept.append(match)
            seen.update(range(match[1], match[2]))
    return sorted(kept, key=lambda m: m[1])


def analyse(article: Article) -> Analysis:
    """Tokenise, split sentences, mark what is not the story, and find the places named.

    The Doc is what ``pipeline()`` would make of the text: its tokens, with the sentence starts
    ``news_sentences`` sets, marked here from the arrays read for the analysis.
    """
    nlp, matcher = pipeline()
    text = article.text
    doc = nlp.make_doc(text)
    n = len(doc)
    columns = doc.to_array([ORTH, IDX, IS_PUNCT])
    orth, idx, punct = columns.T.tolist() if n else ([], [], [])
    texts, lower = token_strings(orth, doc)
    starts = _mark_sentences(doc, text, columns[:, 0], columns[:, 2], idx) if n else []
    # blank lines are not sentences (a Span's text is the article's text between its character offsets)
    bounds = [*numpy.flatnonzero(starts).tolist(), n]
    sentences = []
    for a, b in itertools.pairwise(bounds):
        start_char, end_char = idx[a], idx[b - 1] + len(texts[b - 1])
        if text[start_char:end_char].strip():
            sentences.append(Sentence(a, b, start_char, end_char))
    sent_of_token = [0] * n
    for i, sent in enumerate(sentences):
        end = n if i + 1 == len(sentences) else sentences[i + 1].start
        sent_of_token[sent.start : end] = [i] * (end - sent.start)
    analysis = Analysis(
        article,
        doc,
        sentences,
        _excluded_ranges(text),
        texts=texts,
        lower=lower,
        idx=idx,
        is_punct=punct,
        sentence_texts=[text[s.start_char : s.end_char] for s in sentences],
        _sent_of_token=sent_of_token,
    )
    first_names = lexicon().words["country_first_names"]
    # the longest name wins: "Ukraine Defence Contact Group" is not Ukraine
    for label, start, end in _longest(matcher(doc)):
        kind, form, code = _label(label, doc)
        start_char = idx[start]
        if kind == "idiom" or analysis.is_excluded(start_char):
            continue
        nxt = end < n
        if kind == "country" and nxt and lower[end] in ("dollar", "dollars", "$"):
            continue  # "US dollars" is a currency, not the state
        if form == "capital" and not _is_government(analysis, start, end):
            continue
        end_char = idx[end - 1] + len(texts[end - 1])
        if text[start_char:end_char].lower() in first_names and nxt and _surname_like(doc[end]):
            continue  # "Jordan Smith", "Israel Katz": a person's name
        analysis.mentions.append(Mention(kind, code, form, start, end, sent_of_token[start]))
    return analysis


_LABELS: dict[int, tuple[str, str, str]] = {}


def _label(key: int, doc: Doc) -> tuple[str, str, str]:
    """A place matcher's label, "kind|form|code", split."""
    label = _LABELS.get(key)
    if label is None:
        kind, form, code = doc.vocab.strings[key].split("|")
        label = _LABELS[key] = (kind, form, code)
    return label
