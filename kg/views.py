"""VIEW: the graph as self-contained, offline HTML pages, and an index page that links them.

A view draws the whole graph, one entity's neighbourhood, one country or one article's facts. Each
page inlines vis-network from the copy that ships inside the pyvis package and the page's own
script, so it opens from ``file://`` with no request to any other host (a Content-Security-Policy
forbids them). Text from articles is untrusted: it reaches the page only as JSON data (with ``<``,
``>`` and ``&`` escaped) that the page's script puts into the document as text, never as markup.

Above ``limit`` nodes a view keeps the best connected ones (or, around an entity, the nearest) and
says on the page what it left out, so a big graph still opens quickly.
"""

from __future__ import annotations

import difflib
import heapq
import html
import json
import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import jinja2
import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS
from rdflib.namespace import ORG, PROV

from kg import gazetteer
from kg.errors import KGError
from kg.namespaces import DKG, DKGR, SCHEMA, WD, country_iri, slug
from kg.store import Store

#: Most nodes a view draws unless told otherwise; a browser lays out this many in about a second.
DEFAULT_LIMIT = 400
#: Steps from the entity or country that its view draws unless told otherwise.
DEFAULT_RADIUS = 2


@dataclass(frozen=True)
class Style:
    """How the nodes of one class look; the legend is drawn from the same table."""

    name: str
    plural: str
    colour: str
    shape: str
    glyph: str


#: Colour and shape per class, in the legend's order.
STYLES: dict[str, Style] = {
    str(DKG.Country): Style("Country", "countries", "#1f77b4", "dot", "●"),
    str(DKG.Organization): Style("Organization", "organisations", "#9467bd", "hexagon", "⬢"),
    str(DKG.Group): Style("Group", "groups", "#8c564b", "hexagon", "⬢"),
    str(DKG.Official): Style("Official", "officials", "#ff7f0e", "diamond", "◆"),
    str(DKG.Office): Style("Office", "offices", "#bcbd22", "triangle", "▲"),
    str(DKG.Strategy): Style("Strategy", "strategies", "#2ca02c", "square", "■"),
    str(DKG.SpendingTarget): Style("SpendingTarget", "spending targets", "#d62728", "star", "★"),
    str(DKG.Expenditure): Style("Expenditure", "expenditures", "#e377c2", "star", "★"),
    str(DKG.Meeting): Style("Meeting", "meetings", "#17becf", "triangleDown", "▼"),
}
_CLASS_ORDER = {cls: i for i, cls in enumerate(STYLES)}

#: Edge labels in the analyst's words; other properties are named after their local name.
EDGE_LABELS: dict[str, str] = {
    str(ORG.holds): "holds",
    str(DKG.formerlyHeld): "formerly held",
    str(ORG.postIn): "post in",
    str(DKG.appliesTo): "applies to",
    str(DKG.setBy): "set by",
    str(DKG.participant): "participant",
    str(DKG.strategyOf): "strategy of",
    str(DKG.spentBy): "spent by",
}
#: An office sits with its country or organisation: following ``org:postIn`` costs no step, so an
#: official is one step from the country whose office they hold.
FREE_EDGES = frozenset({str(ORG.postIn)})
#: Fact names in the tooltips, where the property's local name reads badly.
FACT_LABELS: dict[str, str] = {
    str(DKG.isoCode): "ISO code",
    str(DKG.expenditureKind): "kind",
    str(SCHEMA.name): "full name",
    str(OWL.sameAs): "Wikidata",
}
#: Properties drawn neither as edges nor as facts: typing, provenance and the label itself.
HIDDEN = frozenset(str(p) for p in (RDF.type, RDFS.label, DKG.evidence, SCHEMA.mentions, PROV.wasDerivedFrom))

_RDF_TYPE, _LABEL = str(RDF.type), str(RDFS.label)
_DERIVED, _EVIDENCE, _SENTENCE = str(PROV.wasDerivedFrom), str(DKG.evidence), str(DKG.sentence)
_ARTICLE_ID, _HEADLINE, _URL, _PUBLISHED = (
    str(DKG.articleId),
    str(SCHEMA.headline),
    str(SCHEMA.url),
    str(SCHEMA.datePublished),
)
_ACRONYM, _ISO = str(DKG.acronym), str(DKG.isoCode)
_SAME_AS, _WD = str(OWL.sameAs), str(WD)

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("kg", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    keep_trailing_newline=True,
)


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _words(iri: str) -> str:
    """``expenditureKind`` -> ``expenditure kind``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", _local_name(iri)).lower()


def _label(labels: dict[str, Counter[str]], iri: str) -> str | None:
    """The label most articles give a node (two articles may spell one official's name differently)."""
    counts = labels.get(iri)
    return min(counts, key=lambda label: (-counts[label], label)) if counts else None


def _safe_url(url: str | None) -> str | None:
    """Only web links reach a page: a ``javascript:`` or ``data:`` URL from an article is dropped."""
    return url if url and re.match(r"https?://", url, flags=re.I) else None


# --- the graph, indexed once for drawing -------------------------------------------------------


@dataclass
class ArticleInfo:
    """An article as the views cite it."""

    iri: str
    id: str
    title: str
    url: str | None = None
    date: str | None = None


@dataclass
class NodeInfo:
    """A drawable node: a resource of one of the classes in ``STYLES``."""

    iri: str
    cls: str
    label: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (article IRI, sentence)
    acronyms: set[str] = field(default_factory=set)
    iso_code: str | None = None

    @property
    def style(self) -> Style:
        return STYLES[self.cls]


@dataclass
class GraphIndex:
    """Nodes, links, facts and provenance of a store's graph, read once and shared by every view."""

    nodes: dict[str, NodeInfo]
    edges: dict[tuple[str, str, str], set[str]]  # (subject, property, object) -> the articles stating it
    articles: dict[str, ArticleInfo]
    neighbours: dict[str, list[tuple[str, bool]]]  # node -> (neighbour, free step)
    degrees: dict[str, int]  # node -> how many distinct nodes it is linked to

    @classmethod
    def from_store(cls, store: Store) -> GraphIndex:
        """Index every article graph of ``store``."""
        return cls.from_quads(store.oxigraph.quads_for_pattern(None, None, None, None))

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> GraphIndex:
        types: dict[str, str] = {}
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        wikidata: dict[str, set[str]] = defaultdict(set)
        literals: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        links: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        stated_in: dict[str, set[str]] = defaultdict(set)
        evidence_of: dict[str, set[str]] = defaultdict(set)
        sentences: dict[str, str] = {}
        derived: dict[str, str] = {}
        for q in quads:
            if isinstance(q.graph_name, ox.DefaultGraph):
                continue
            s, p, o, g = q.subject.value, q.predicate.value, q.object, q.graph_name.value
            if p == _RDF_TYPE:
                if o.value in STYLES and _CLASS_ORDER[o.value] < _CLASS_ORDER.get(types.get(s, ""), len(STYLES)):
                    types[s] = o.value
                stated_in[s].add(g)
            elif p == _LABEL:
                labels[s][o.value] += 1
            elif p == _EVIDENCE:
                evidence_of[s].add(o.value)
            elif p == _SENTENCE:
                sentences[s] = o.value
            elif p == _DERIVED:
                derived[s] = o.value
            elif isinstance(o, ox.Literal):
                literals[s][p].add(o.value)
            elif p == _SAME_AS and o.value.startswith(_WD):
                wikidata[s].add(o.value.removeprefix(_WD))
            elif isinstance(o, ox.NamedNode) and p not in HIDDEN:
                links[(s, p, o.value)].add(g)

        articles: dict[str, ArticleInfo] = {}
        for iri, props in literals.items():
            if _ARTICLE_ID in props:
                article_id = min(props[_ARTICLE_ID])
                title = min(props.get(_HEADLINE) or {_label(labels, iri) or article_id})
                url = min(props[_URL]) if props.get(_URL) else None
                date = min(props[_PUBLISHED]) if props.get(_PUBLISHED) else None
                articles[iri] = ArticleInfo(iri, article_id, title, _safe_url(url), date)

        nodes: dict[str, NodeInfo] = {}
        for iri, cls_iri in types.items():
            node = NodeInfo(iri, cls_iri, _label(labels, iri) or _local_name(iri))
            props = literals.get(iri, {})
            for prop, values in props.items():
                if prop not in HIDDEN:
                    name = FACT_LABELS.get(prop) or _words(prop)
                    node.facts.extend((name, value) for value in values)
            node.facts.extend((FACT_LABELS[_SAME_AS], q) for q in wikidata.get(iri, ()))
            node.facts.sort()
            node.acronyms = set(props.get(_ACRONYM, ()))
            node.iso_code = min(props[_ISO]) if props.get(_ISO) else None
            node.articles = {g for g in stated_in.get(iri, ()) if g in articles}
            for ev in sorted(evidence_of.get(iri, ()), key=lambda e: sentences.get(e, "")):
                if ev in sentences:
                    node.evidence.append((derived.get(ev, ""), sentences[ev]))
            nodes[iri] = node
        edges = {key: graphs for key, graphs in sorted(links.items()) if key[0] in nodes and key[2] in nodes}
        neighbours: dict[str, list[tuple[str, bool]]] = defaultdict(list)
        for s, p, o in edges:
            neighbours[s].append((o, p in FREE_EDGES))
            neighbours[o].append((s, p in FREE_EDGES))
        degrees = {n: len({other for other, _ in pairs}) for n, pairs in neighbours.items()}
        return cls(nodes, edges, articles, dict(neighbours), degrees)

    def degree(self, iri: str) -> int:
        """How many distinct nodes ``iri`` is linked to."""
        return self.degrees.get(iri, 0)

    def within(self, start: str, radius: int) -> dict[str, int]:
        """Nodes at most ``radius`` steps from ``start`` (links either way), with their distance.

        Following ``org:postIn`` costs no step (``FREE_EDGES``): an office sits with its country.
        """
        distance = {start: 0}
        frontier = [start]
        for step in range(radius + 1):
            stack = list(frontier)
            while stack:  # what is reachable for free is as near as what reached it
                for other, free in self.neighbours.get(stack.pop(), ()):
                    if free and other not in distance:
                        distance[other] = step
                        frontier.append(other)
                        stack.append(other)
            if step == radius:
                break
            ahead = []
            for node in frontier:
                for other, _ in self.neighbours.get(node, ()):
                    if other not in distance:
                        distance[other] = step + 1
                        ahead.append(other)
            frontier = ahead
        return distance

    # --- finding what the user named -------------------------------------------------------
    def resolve_entity(self, name: str) -> str:
        """The node ``name`` means: an IRI, an ISO country code, an acronym or a label.

        Raises ``KGError`` naming close matches when nothing matches, or the candidates when
        several nodes do.
        """
        text = name.strip()
        wanted = text.casefold()
        iri = text[len("dkgr:") :] if text.startswith("dkgr:") else text
        for candidate in (iri, f"{DKGR}{iri}"):
            if candidate in self.nodes:
                return candidate
        if gazetteer.looks_like_code(text.upper()) and str(country_iri(text)) in self.nodes:
            return str(country_iri(text))
        tests: list[Callable[[NodeInfo], bool]] = [
            lambda n: text in n.acronyms,
            lambda n: n.label.casefold() == wanted,
            lambda n: wanted in {a.casefold() for a in n.acronyms},
            lambda n: slug(n.label) == slug(text),
            lambda n: n.cls == str(DKG.Official) and slug(n.label).rsplit("-", 1)[-1] == slug(text),  # a surname
        ]
        for test in tests:
            hits = sorted((n for n in self.nodes.values() if test(n)), key=lambda n: (_CLASS_ORDER[n.cls], n.iri))
            if len(hits) == 1 or (hits and _CLASS_ORDER[hits[0].cls] < _CLASS_ORDER[hits[1].cls]):
                return hits[0].iri
            if hits:
                listed = "; ".join(f"{n.label} ({n.style.name}, {n.iri})" for n in hits[:6])
                raise KGError(f"{name!r} names {len(hits)} entities: {listed}; pass the IRI of the one you mean")
        raise KGError(f"no entity {name!r} in the graph{self._close(text, self.nodes.values())}")

    def resolve_country(self, code: str) -> str:
        """The country node for an ISO code (``JP``) or a country's name (``Japan``)."""
        countries = [n for n in self.nodes.values() if n.cls == str(DKG.Country)]
        iri = str(country_iri(code.strip()))
        if iri in self.nodes:
            return iri
        for node in countries:
            if node.label.casefold() == code.strip().casefold():
                return node.iri
        known = ", ".join(sorted(n.iso_code or n.label for n in countries)) or "none: the graph is empty"
        close = self._close(code, countries)
        raise KGError(f"no country {code!r} in the graph{close} (countries in the graph: {known})")

    def resolve_article(self, article: str) -> ArticleInfo:
        """An article by its id or IRI."""
        for info in self.articles.values():
            if article in (info.id, info.iri):
                return info
        ids = sorted(a.id for a in self.articles.values())
        close = difflib.get_close_matches(article, ids, n=5, cutoff=0.5)
        close += [i for i in ids if article.casefold() in i.casefold() and i not in close][: 5 - len(close)]
        hint = f"; close matches: {', '.join(close)}" if close else ""
        listed = f" (stored: {', '.join(ids[:8])}{', ...' if len(ids) > 8 else ''})" if ids else " (no articles)"
        raise KGError(f"no article {article!r} in the graph{hint}{listed}")

    @staticmethod
    def _close(text: str, nodes: Iterable[NodeInfo]) -> str:
        names: dict[str, str] = {}
        for node in nodes:
            for name in (node.label, *node.acronyms, node.iso_code or ""):
                if name:
                    names.setdefault(name.casefold(), name)
        wanted = text.strip().casefold()
        close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
        close += [key for key in sorted(names) if wanted and wanted in key and key not in close][: 5 - len(close)]
        return f"; close matches: {', '.join(repr(names[c]) for c in close)}" if close else "; no close match"


# --- views: which nodes to draw ----------------------------------------------------------------


@dataclass
class View:
    """What one page draws: the nodes kept (at most the limit) and what was left out."""

    kind: str
    name: str
    title: str
    description: str
    nodes: list[str]
    total: int
    left_out: Counter[str]
    reason: str
    focus: str | None = None
    stem: str = "graph"

    @property
    def note(self) -> str:
        """The line the page shows under its title, saying what the view holds and leaves out."""
        if not self.total:
            return "The graph is empty: ingest some articles first (kg ingest ...)."
        shown = len(self.nodes)
        if not self.left_out:
            return f"{self.description}: all {shown:,} nodes."
        rest = sum(self.left_out.values())
        kinds = ", ".join(
            f"{n:,} {STYLES[c].plural if n > 1 else STYLES[c].name.lower()}"
            for c, n in sorted(self.left_out.items(), key=lambda kv: (-kv[1], _CLASS_ORDER[kv[0]]))
        )
        return (
            f"Showing {shown:,} of {self.total:,} nodes; the rest ({rest:,}: {kinds}) are {self.reason}. "
            "Draw one entity, country or article, or raise the limit, to see them."
        )


def _keep(index: GraphIndex, ranked: list[str], limit: int) -> tuple[list[str], Counter[str]]:
    kept, rest = ranked[:limit], ranked[limit:]
    return kept, Counter(index.nodes[n].cls for n in rest)


def _hubs_first(index: GraphIndex, candidates: Iterable[str]) -> list[str]:
    """``candidates`` in the order a view keeps them: from the best connected node outwards.

    Each next node is the best connected neighbour of those already taken, so a view cut at any
    length stays connected around its hubs rather than scattering unlinked nodes.
    """
    pool = set(candidates)

    def rank(n: str) -> tuple[int, int, str, str]:
        return (-index.degree(n), _CLASS_ORDER[index.nodes[n].cls], index.nodes[n].label, n)

    order: list[str] = []
    seen: set[str] = set()
    for start in sorted(pool, key=rank):
        if start in seen:
            continue
        seen.add(start)
        frontier = [(rank(start), start)]
        while frontier:
            _, node = heapq.heappop(frontier)
            order.append(node)
            for other, _ in index.neighbours.get(node, ()):
                if other in pool and other not in seen:
                    seen.add(other)
                    heapq.heappush(frontier, (rank(other), other))
    return order


def whole_graph_view(index: GraphIndex, limit: int = DEFAULT_LIMIT) -> View:
    """Every node; above ``limit``, the best connected and those linked to them."""
    kept, left_out = _keep(index, _hubs_first(index, index.nodes), limit)
    return View(
        kind="graph",
        name="",
        title="defense-kg: the whole graph",
        description=f"The whole graph ({len(index.articles):,} articles)",
        nodes=kept,
        total=len(index.nodes),
        left_out=left_out,
        reason="less connected, or farther from the best connected",
    )


def _around(index: GraphIndex, start: str, radius: int, limit: int) -> tuple[list[str], int, Counter[str]]:
    distance = index.within(start, radius)
    ranked = sorted(
        distance,
        key=lambda n: (distance[n], -index.degree(n), _CLASS_ORDER[index.nodes[n].cls], index.nodes[n].label, n),
    )
    kept, left_out = _keep(index, ranked, limit)
    return kept, len(distance), left_out


def _within(radius: int) -> str:
    return f" and what is within {radius} step{'s' * (radius != 1)} of it" if radius else " alone"


def entity_view(index: GraphIndex, name: str, radius: int = DEFAULT_RADIUS, limit: int = DEFAULT_LIMIT) -> View:
    """One entity and what is at most ``radius`` steps from it; above ``limit``, the nearest."""
    start = index.resolve_entity(name)
    node = index.nodes[start]
    kept, total, left_out = _around(index, start, radius, limit)
    return View(
        kind="entity",
        name=node.label,
        title=f"{node.label}: its neighbourhood",
        description=f"{node.label} ({node.style.name.lower()}){_within(radius)}",
        nodes=kept,
        total=total,
        left_out=left_out,
        reason=f"farther from {node.label}",
        focus=start,
        stem=f"entity-{slug(node.label)}",
    )


def country_view(index: GraphIndex, code: str, radius: int = DEFAULT_RADIUS, limit: int = DEFAULT_LIMIT) -> View:
    """One country: its offices and officials, targets, spending, strategies and meetings."""
    start = index.resolve_country(code)
    node = index.nodes[start]
    iso = node.iso_code or _local_name(start)
    kept, total, left_out = _around(index, start, radius, limit)
    return View(
        kind="country",
        name=iso,
        title=f"{node.label} ({iso})",
        description=f"{node.label} ({iso}){_within(radius)}",
        nodes=kept,
        total=total,
        left_out=left_out,
        reason=f"farther from {node.label}",
        focus=start,
        stem=f"country-{iso.lower()}",
    )


def article_view(index: GraphIndex, article: str, limit: int = DEFAULT_LIMIT) -> View:
    """The entities and facts one article states, drawn with every link between them."""
    info = index.resolve_article(article)
    stated = [n for n, node in index.nodes.items() if info.iri in node.articles]
    kept, left_out = _keep(index, _hubs_first(index, stated), limit)
    dated = f", {info.date}" if info.date else ""
    return View(
        kind="article",
        name=info.id,
        title=f"Article: {info.title}",
        description=f"What the article {info.title!r} ({info.id}{dated}) states",
        nodes=kept,
        total=len(stated),
        left_out=left_out,
        reason="less connected, or farther from the best connected",
        stem=f"article-{slug(info.id)}",
    )


# --- the page ----------------------------------------------------------------------------------


@cache
def _vis_network_js() -> str:
    lib = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    return lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")


@cache
def _template_text(name: str) -> str:
    return resources.files("kg").joinpath("templates", name).read_text(encoding="utf-8")


def _json_for_script(data: object) -> str:
    """JSON that is safe inside a <script> element (no '</script>' or '<!--' can close it).

    >>> print(_json_for_script({"label": "</script><b>&"}))
    {"label":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def stabilisation_iterations(nodes: int) -> int:
    """Layout iterations before the page is drawn: fewer for big views, so they open in about a second."""
    return max(60, min(300, 45_000 // max(nodes, 1)))


#: Most milliseconds the page spends laying out the network before drawing it, however slow the machine.
LAYOUT_BUDGET_MS = 1500


def page_data(index: GraphIndex, view: View) -> dict[str, object]:
    """The data the page's script draws: nodes, edges, the articles they cite, and the legend."""
    kept = set(view.nodes)
    cited: dict[str, int] = {}

    def cite(article: str) -> int:
        return cited.setdefault(article, len(cited))

    nodes = []
    for iri in sorted(view.nodes, key=lambda n: (_CLASS_ORDER[index.nodes[n].cls], index.nodes[n].label, n)):
        node = index.nodes[iri]
        sources = sorted(node.articles, key=lambda a: (index.articles[a].date or "", index.articles[a].title))
        nodes.append(
            {
                "id": iri,
                "label": node.label,
                "cls": node.style.name,
                "facts": node.facts,
                "sources": [cite(a) for a in sources],
                "evidence": [[cite(a) if a in index.articles else -1, s] for a, s in node.evidence],
                "focus": iri == view.focus,
            }
        )
    edges = [
        {
            "from": s,
            "to": o,
            "label": EDGE_LABELS.get(p) or _words(p),
            "free": p in FREE_EDGES,
            "sources": [cite(a) for a in sorted(graphs) if a in index.articles],
        }
        for (s, p, o), graphs in index.edges.items()
        if s in kept and o in kept
    ]
    articles = [None] * len(cited)
    for iri, i in cited.items():
        a = index.articles[iri]
        articles[i] = {"id": a.id, "title": a.title, "url": a.url, "date": a.date}
    present = Counter(index.nodes[n].cls for n in view.nodes)
    classes = [
        {
            "name": s.name,
            "plural": s.plural,
            "colour": s.colour,
            "shape": s.shape,
            "glyph": s.glyph,
            "count": present[c],
        }
        for c, s in STYLES.items()
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "articles": articles,
        "classes": classes,
        "stabilisation": stabilisation_iterations(len(nodes)),
        "layoutBudgetMs": LAYOUT_BUDGET_MS,
    }


def render_view(index: GraphIndex, view: View, title: str | None = None, store: str = "") -> str:
    """The whole page of ``view`` as a string; ``store`` names the store it is drawn from (see ``store_label``)."""
    data = page_data(index, view)
    return _TEMPLATES.get_template("view.html").render(
        title=title or view.title,
        view=view,
        store=store,
        classes=[c for c in data["classes"] if c["count"]],
        node_count=len(data["nodes"]),
        edge_count=len(data["edges"]),
        data_json=_json_for_script(data),
        vis_js=_vis_network_js(),
        app_js=_template_text("view.js"),
    )


def _write_atomically(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # readable like any other file written here, not private as mkstemp makes it
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@dataclass(frozen=True)
class ViewFile:
    """A view written to disk: where, what it shows, and the index page updated beside it."""

    path: Path
    view: View
    edges: int
    index: Path | None


#: The built-in views by name: each makes a ``View`` of a ``GraphIndex`` for a target (a name, an
#: ISO code, an article id; none for the whole graph), a radius and a node limit.
ViewBuilder = Callable[[GraphIndex, str | None, int, int], View]
VIEWS: dict[str, ViewBuilder] = {
    "graph": lambda index, _target, _radius, limit: whole_graph_view(index, limit),
    "entity": lambda index, target, radius, limit: entity_view(index, target or "", radius, limit),
    "country": lambda index, target, radius, limit: country_view(index, target or "", radius, limit),
    "article": lambda index, target, _radius, limit: article_view(index, target or "", limit),
}


def register_view(name: str, builder: ViewBuilder) -> None:
    """Make ``builder`` available as the view called ``name``, replacing any view of that name."""
    VIEWS[name] = builder


def build_view(
    index: GraphIndex,
    kind: str = "graph",
    target: str | None = None,
    radius: int = DEFAULT_RADIUS,
    limit: int = DEFAULT_LIMIT,
) -> View:
    """The view called ``kind`` (see ``VIEWS``) of ``target``."""
    if kind not in VIEWS:
        raise KGError(f"unknown view {kind!r}; choose one of: {', '.join(VIEWS)}")
    if limit < 1:
        raise KGError(f"the node limit must be at least 1, not {limit}")
    if radius < 0:
        raise KGError(f"the radius must be 0 or more, not {radius}")
    return VIEWS[kind](index, target, radius, limit)


def write_graph_view(
    store: Store,
    path: Path | str | None = None,
    *,
    entity: str | None = None,
    country: str | None = None,
    article: str | None = None,
    radius: int = DEFAULT_RADIUS,
    limit: int = DEFAULT_LIMIT,
    title: str | None = None,
    folder: Path | str = "exports",
    index: bool = True,
    graph: GraphIndex | None = None,
    progress: Callable[[str], None] | None = None,
) -> ViewFile:
    """Write a view of the graph in ``store``: the whole graph, or one ``entity``, ``country`` or ``article``.

    ``path`` defaults to ``folder/graph.html`` (or ``entity-NAME``, ``country-CODE``,
    ``article-ID``). With ``index``, ``index.html`` beside the page is rewritten to list every view
    there. Pass ``graph`` (a ``GraphIndex``) to draw several views of one store without re-reading it.
    ``progress``, when given, is called with the name of each step as it starts (for a long view).
    Raises ``KGError`` for an unknown entity, country or article (naming close matches), or for
    more than one of them.

    >>> import tempfile
    >>> from kg.facts import ArticleFacts
    >>> folder = tempfile.mkdtemp()
    >>> with Store(f"{folder}/store") as store:
    ...     _ = store.ingest(ArticleFacts(id="a1", countries=["JP", "KR"]))
    ...     written = write_graph_view(store, folder=folder, country="JP")
    >>> written.path.name, written.view.description, written.index.name
    ('country-jp.html', 'Japan (JP) and what is within 2 steps of it', 'index.html')
    """
    chosen = [(k, v) for k, v in (("entity", entity), ("country", country), ("article", article)) if v is not None]
    if len(chosen) > 1:
        raise KGError(f"choose one of entity, country or article, not {' and '.join(k for k, _ in chosen)}")
    kind, target = chosen[0] if chosen else ("graph", None)
    step = progress or (lambda _: None)
    if graph is None:
        step("reading the graph from the store")
        graph = GraphIndex.from_store(store)
    step(f"choosing the nodes of {len(graph.nodes):,}")
    view = build_view(graph, kind, target, radius, limit)
    out = Path(path) if path is not None else Path(folder) / f"{view.stem}.html"
    step(f"writing {len(view.nodes):,} nodes to {out}")
    page = render_view(graph, view, title, store=store_label(store))
    _write_atomically(out, page)
    kept = set(view.nodes)
    edges = sum(1 for s, _, o in graph.edges if s in kept and o in kept)
    return ViewFile(out, view, edges, write_index(out.parent) if index else None)


# --- the index page ----------------------------------------------------------------------------

_KIND_ORDER = {"graph": 0, "country": 1, "entity": 2, "article": 3}
_META = re.compile(r"""<meta name="(defense-kg-view|defense-kg-store|description)" content="([^"]*)">""")
_TITLE = re.compile(r"<title>([^<]*)</title>")


@dataclass(frozen=True)
class IndexEntry:
    href: str
    kind: str
    title: str
    description: str
    store: str = ""  # the store it was drawn from ("" for a page that does not say)


def store_label(store: Store) -> str:
    """How a page names its store: the endpoint's URL, or the folder (relative to here when below it)."""
    if not isinstance(store.path, Path):
        return str(store.path)
    folder = store.path.resolve()
    try:
        return str(folder.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(folder)


def view_store(page: Path) -> str | None:
    """The store a view page says it was drawn from; None when ``page`` is not a view (or not there)."""
    try:
        with page.open(encoding="utf-8", errors="replace") as handle:
            meta = dict(_META.findall(handle.read(4096)))
    except OSError:
        return None
    return html.unescape(meta.get("defense-kg-store", "")) if "defense-kg-view" in meta else None


def _view_entries(folder: Path) -> Iterator[IndexEntry]:
    """The views in ``folder``: HTML pages that carry the ``defense-kg-view`` meta tag."""
    for page in sorted(folder.glob("*.html")):
        if page.name == "index.html":
            continue
        with page.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
        meta = dict(_META.findall(head))
        title = _TITLE.search(head)
        if "defense-kg-view" in meta:
            name = html.unescape(title.group(1)) if title else page.stem
            yield IndexEntry(
                quote(page.name),
                meta["defense-kg-view"],
                name,
                html.unescape(meta.get("description", "")),
                html.unescape(meta.get("defense-kg-store", "")),
            )


def ours(page: Path) -> bool:
    """Whether an existing ``index.html`` is one defense-kg wrote (its generator meta tag says so)."""
    try:
        with page.open(encoding="utf-8", errors="replace") as handle:
            return '<meta name="generator" content="defense-kg">' in handle.read(4096)
    except OSError:
        return False


def write_index(folder: Path | str) -> Path | None:
    """Write ``folder/index.html``, linking every view in ``folder`` with a line on each.

    Views drawn from different stores are listed under one heading per store, and the page says
    how many stores they come from, so a demo page never passes for a view of one's own store.
    An ``index.html`` that defense-kg did not write is someone's own page: it is left as it is,
    and None is returned.
    """
    folder = Path(folder)
    if (folder / "index.html").exists() and not ours(folder / "index.html"):
        return None
    entries = sorted(_view_entries(folder), key=lambda e: (_KIND_ORDER.get(e.kind, 9), e.title.casefold()))
    stores = sorted({e.store for e in entries}, key=lambda s: (s == "", s))
    groups = [(store, [e for e in entries if e.store == store]) for store in stores]
    others = sorted(
        (p.name, quote(p.name))
        for p in folder.iterdir()
        if p.is_file() and p.suffix != ".html" and not p.name.startswith(".")
    )
    page = _TEMPLATES.get_template("index.html").render(entries=entries, groups=groups, others=others)
    return _write_atomically(folder / "index.html", page)
