"""Check a graph of facts against the SHACL shapes of the ontology (``ontology/shapes.ttl``).

The shapes say what a well-formed article, entity, fact and piece of evidence looks like: which
properties each must have, how many, of which datatype or class. ``validate_graph`` runs them with
pySHACL, the ontology (``ontology/defense.ttl``) mixed into the data so that ``sh:class`` and
``sh:targetClass`` follow its ``rdfs:subClassOf`` axioms (a ``dkg:Strategy`` is checked as a
``dkg:Fact`` too), and returns the results as plain ``Violation`` records with short IRIs
(``dkg:value``, ``dkgr:target/…``), ready to print.

No entailment is applied to the data: the subclass axioms are all the shapes need, and RDFS
entailment of ``rdfs:range`` would hide real errors (an expenditure ``dkg:spentBy`` an
organisation would make that organisation a ``dkg:Country`` instead of being reported).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

import pyshacl
from rdflib import SH, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kg.namespaces import DKGSH, PREFIXES
from kg.settings import ONTOLOGY_DIR

#: The namespace of the shapes themselves, for naming the shape behind a result.
_PREFIXES: dict[str, Namespace] = {**PREFIXES, "dkgsh": DKGSH}

#: The SHACL shapes of the graph.
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
#: The OWL ontology of the graph.
ONTOLOGY_PATH = ONTOLOGY_DIR / "defense.ttl"

#: Entailment applied to the data before the shapes are checked (pySHACL's ``inference``).
INFERENCE = "none"

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Violation:
    """One result of validation: a node, the property at fault, the value, and what to do.

    ``severity`` is ``"Violation"``, ``"Warning"`` or ``"Info"``; ``path`` is ``None`` when the
    whole node is at fault, ``value`` when no single value is.
    """

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    shape: str | None

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        got = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity}: {where}: {self.message}{got}"


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, and every result, sorted by node then property."""

    conforms: bool
    violations: list[Violation]

    def summary(self) -> str:
        """One line: ``"conforms"``, or e.g. ``"3 violations in 2 nodes"``.

        >>> ValidationReport(True, []).summary()
        'conforms'
        >>> v = Violation("dkgr:x", "dkg:value", None, "no value", "Violation", None)
        >>> ValidationReport(False, [v, v]).summary()
        '2 violations in 1 node'
        >>> ValidationReport(True, [Violation("dkgr:x", None, None, "no label", "Warning", None)]).summary()
        'conforms (1 warning in 1 node)'
        """
        if not self.violations:
            return "conforms"
        counts = Counter(v.severity for v in self.violations)
        parts = [
            _plural(counts[severity], severity.lower())
            for severity in ("Violation", "Warning", "Info")
            if counts[severity]
        ]
        text = " and ".join(parts) + " in " + _plural(len({v.focus for v in self.violations}), "node")
        return f"conforms ({text})" if self.conforms else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@cache
def load_shapes() -> Graph:
    """The shapes graph, parsed once; shared between callers, so do not modify it."""
    return Graph().parse(SHAPES_PATH, format="turtle")


@cache
def load_ontology() -> Graph:
    """The ontology graph, parsed once; shared between callers, so do not modify it."""
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def shorten(node: Node) -> str:
    """An IRI as ``prefix:rest`` with the project's prefixes, a literal as in Turtle.

    >>> shorten(URIRef("https://w3id.org/defense-kg/ontology#value"))
    'dkg:value'
    >>> shorten(URIRef("https://w3id.org/defense-kg/id/country/JP"))
    'dkgr:country/JP'
    >>> shorten(DKGSH.AmountValue)
    'dkgsh:AmountValue'
    >>> shorten(Literal("2.5", datatype=XSD.decimal))
    '"2.5"^^xsd:decimal'
    >>> shorten(Literal("two percent"))
    '"two percent"'
    """
    if isinstance(node, Literal):
        text = '"' + str(node).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{text}^^{shorten(node.datatype)}"
        return text
    if isinstance(node, BNode):
        return f"_:{node}"
    iri = str(node)
    best = max(
        ((prefix, str(ns)) for prefix, ns in _PREFIXES.items() if iri.startswith(str(ns))),
        key=lambda item: len(item[1]),
        default=None,
    )
    if best is None:
        return f"<{iri}>"
    prefix, ns = best
    return f"{prefix}:{iri[len(ns) :]}"


def _one(results: Graph, subject: Node, predicate: URIRef) -> Node | None:
    """One object of ``subject predicate``, the smallest if there are several (for stable output)."""
    objects = sorted(results.objects(subject, predicate), key=str)
    return objects[0] if objects else None


def _shape_name(shape: Node | None) -> str | None:
    """The shape behind a result; for an unnamed property shape, the node shape that holds it."""
    if isinstance(shape, BNode):
        owners = sorted(load_shapes().subjects(SH.property, shape), key=str)
        shape = owners[0] if owners else None
    return shorten(shape) if isinstance(shape, URIRef) else None


def _violation(results: Graph, result: Node) -> Violation:
    focus = _one(results, result, SH.focusNode)
    path = _one(results, result, SH.resultPath)
    value = _one(results, result, SH.value)
    message = _one(results, result, SH.resultMessage)
    severity = _one(results, result, SH.resultSeverity)
    shape = _one(results, result, SH.sourceShape)
    return Violation(
        focus=shorten(focus) if focus is not None else "?",
        # A path other than a single property is a blank node; its shape's message tells more.
        path=shorten(path) if isinstance(path, URIRef) else None if path is None else "(complex path)",
        value=shorten(value) if value is not None else None,
        message=str(message) if message is not None else "does not conform",
        severity=_SEVERITIES.get(severity, shorten(severity) if severity is not None else "Violation"),
        shape=_shape_name(shape),
    )


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` (one graph: flatten named graphs first) against the shapes.

    ``data`` is not modified. Warnings (e.g. a fact without a label) are reported but do not
    make the graph non-conforming. ``advanced`` enables the SPARQL target of the share-of-GDP
    check (SHACL Advanced Features); without it that check would be skipped silently.
    """
    conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=load_shapes(),
        ont_graph=load_ontology(),
        inference=INFERENCE,
        allow_warnings=True,
        advanced=True,
    )
    assert isinstance(results, Graph)
    found = {_violation(results, r) for r in results.objects(None, SH.result)}
    ordered = sorted(found, key=lambda v: (v.focus, v.path or "", v.message, v.value or "", v.shape or ""))
    return ValidationReport(conforms=bool(conforms), violations=ordered)
