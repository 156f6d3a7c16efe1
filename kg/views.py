"""VIEW: the graph as a self-contained, offline HTML page (pyvis builds the network data).

The page inlines vis-network from the copy that ships inside the pyvis package, so it opens from
``file://`` with no request to any other host. Text from articles reaches the page only as JSON
data that vis-network draws as text, never as markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
from pyvis.network import Network
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.namespaces import DKG, SCHEMA
from kg.store import Store


@dataclass(frozen=True)
class Style:
    colour: str
    shape: str


#: Colour and shape per class; the legend is drawn from this table.
STYLES: dict[URIRef, Style] = {
    DKG.Country: Style("#1f77b4", "dot"),
    DKG.Organization: Style("#9467bd", "hexagon"),
    DKG.Group: Style("#8c564b", "hexagon"),
    DKG.Official: Style("#ff7f0e", "diamond"),
    DKG.Office: Style("#ffbb78", "triangle"),
    DKG.Strategy: Style("#2ca02c", "square"),
    DKG.SpendingTarget: Style("#d62728", "star"),
    DKG.Expenditure: Style("#e377c2", "star"),
    DKG.Meeting: Style("#17becf", "triangleDown"),
}

#: Edges not drawn: provenance and literal-valued properties become tooltips instead.
HIDDEN = {RDF.type, DKG.evidence, SCHEMA.mentions}

_TEMPLATE = jinja2.Environment(
    loader=jinja2.PackageLoader("kg", "templates"), autoescape=jinja2.select_autoescape(["html"])
)


def _vis_network_js() -> str:
    lib = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    return lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")


def _vis_network_css() -> str:
    lib = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    return lib.joinpath("vis-network.css").read_text(encoding="utf-8")


def _short(prop: URIRef) -> str:
    text = str(prop)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def build_network(graph: Graph, limit: int = 500) -> tuple[Network, int]:
    """A pyvis Network of the typed nodes of ``graph`` (at most ``limit``, the best connected)."""
    typed = {s: o for s, o in graph.subject_objects(RDF.type) if o in STYLES}
    degree = {n: 0 for n in typed}
    edges = []
    for s, p, o in graph:
        if p in HIDDEN or s not in typed or o not in typed:
            continue
        edges.append((s, p, o))
        degree[s] += 1
        degree[o] += 1
    keep = set(sorted(typed, key=lambda n: (-degree[n], str(n)))[:limit])
    net = Network(height="100%", width="100%", directed=True)
    for node in sorted(keep, key=str):
        cls = typed[node]
        label = str(graph.value(node, RDFS.label) or _short(node))
        facts = [
            f"{_short(p)}: {o}" for p, o in graph.predicate_objects(node) if isinstance(o, Literal) and p != RDFS.label
        ]
        sources = [
            str(graph.value(a, SCHEMA.headline) or graph.value(a, DKG.articleId) or a)
            for a in graph.objects(node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        ]
        title = "\n".join([f"{_short(cls)}: {label}", *sorted(facts), *(f"source: {s}" for s in sorted(sources))])
        style = STYLES[cls]
        net.add_node(str(node), label=label, title=title, color=style.colour, shape=style.shape, group=_short(cls))
    for s, p, o in edges:
        if s in keep and o in keep:
            net.add_edge(str(s), str(o), label=_short(p), title=_short(p))
    return net, len(typed) - len(keep)


def _json_for_script(data: object) -> str:
    """JSON that is safe inside a <script> element (no '</script>' or '<!--' can close it)."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_graph_html(graph: Graph, title: str = "defense-kg", limit: int = 500) -> str:
    """The whole page as a string."""
    net, left_out = build_network(graph, limit)
    nodes, edges, _, _, _, _ = net.get_network_data()
    legend = [{"name": _short(c), "colour": s.colour, "shape": s.shape} for c, s in STYLES.items()]
    return _TEMPLATE.get_template("graph.html").render(
        title=title,
        nodes_json=_json_for_script(nodes),
        edges_json=_json_for_script(edges),
        legend=legend,
        node_count=len(nodes),
        edge_count=len(edges),
        left_out=left_out,
        vis_js=_vis_network_js(),
        vis_css=_vis_network_css(),
    )


def write_graph_view(store: Store, path: Path | str, title: str = "defense-kg", limit: int = 500) -> Path:
    """Write the whole-graph view of ``store`` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_graph_html(store.union_graph(), title, limit), encoding="utf-8")
    return path
