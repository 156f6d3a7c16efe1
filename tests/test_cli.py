"""The `kg` command, run as a user types it, against a real store in tmp_path."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph

from kg.cli import app
from kg.query import named_queries
from kg.store import Store
from tests.conftest import table_row


def test_ingest_prints_a_summary_table(kg, gold_files: list[Path]) -> None:
    result = kg("ingest", *gold_files)
    assert result.exit_code == 0, result.output
    assert table_row(result.stdout, "articles") == str(len(gold_files))
    targets = sum(len(json.loads(path.read_text(encoding="utf-8"))["spending_targets"]) for path in gold_files)
    assert targets > 0 and table_row(result.stdout, "spending targets") == str(targets)
    assert int(table_row(result.stdout, "triples added")) > 1000
    assert table_row(result.stdout, "errors") == "0"


def test_ingest_a_folder_twice_adds_nothing_the_second_time(kg, sample_facts_dir: Path) -> None:
    assert kg("ingest", sample_facts_dir).exit_code == 0
    again = kg("ingest", sample_facts_dir)
    assert again.exit_code == 0
    assert table_row(again.stdout, "triples added") == "0"


def test_ingesting_unchanged_articles_says_unchanged_instead_of_counting_again(kg, sample_facts_dir: Path) -> None:
    first = kg("ingest", sample_facts_dir)
    stored = int(table_row(first.stdout, "articles"))
    assert stored > 1 and table_row(first.stdout, "new or changed") == str(stored)
    again = kg("ingest", sample_facts_dir)
    assert again.exit_code == 0
    assert "nothing changed" in again.stdout
    assert table_row(again.stdout, "unchanged (stored already, as read)") == str(stored)
    assert table_row(again.stdout, "new or changed") == "0"
    assert "spending targets" not in again.stdout and "facts read" not in again.stdout


def test_ingest_and_stats_say_which_triples_they_count(kg, sample_facts_dir: Path) -> None:
    ingested = kg("ingest", sample_facts_dir)
    stats = kg("stats")
    in_graphs = int(table_row(stats.stdout, "triples in article graphs"))
    assert int(table_row(ingested.stdout, "triples added")) == in_graphs
    assert int(table_row(stats.stdout, "distinct triples")) < in_graphs  # articles share countries' triples
    assert "distinct" in ingested.stdout  # the ingest summary says what kg stats counts instead
    assert int(table_row(stats.stdout, "Country nodes")) < int(table_row(ingested.stdout, "countries"))


BAD_FILES = {
    "wrong-type.json": (
        '{"id": "w", "spending_targets": [{"applies_to": ["JP"], "value": "two percent", "unit": "percent_gdp"}]}',
        "spending_targets[0].value",
    ),
    "unknown-country.json": ('{"id": "u", "countries": ["XX"]}', "unknown country code 'XX'"),
    "missing-field.json": (
        '{"id": "m", "officials": [{"title": "Defence Minister"}]}',
        "officials[0].name: Field required",
    ),
    "invalid.json": ('{"id": ', "invalid JSON"),
    "invalid.yaml": ("id: [x\n", "invalid YAML"),
    "empty.json": ("", "empty file"),
}


def test_bad_files_are_rejected_one_line_each_and_the_rest_is_stored(
    kg, tmp_path: Path, gold_files: list[Path]
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, (content, _) in BAD_FILES.items():
        (folder / name).write_text(content, encoding="utf-8")
    result = kg("ingest", folder, gold_files[0], gold_files[1])
    assert result.exit_code == 1
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected:")]
    assert len(rejected) == len(BAD_FILES)
    for name, (_, problem) in BAD_FILES.items():
        assert any(name in line and problem in line for line in rejected), (name, rejected)
    assert table_row(result.stdout, "articles") == "2"
    with Store(kg.store_path, read_only=True) as store:
        assert sorted(store.article_ids()) == sorted([gold_files[0].stem, gold_files[1].stem])


@pytest.fixture
def loaded(kg, gold_files: list[Path]):
    assert kg("ingest", *gold_files).exit_code == 0
    return kg


def test_query_formats(loaded) -> None:
    as_csv = loaded("query", "spending-targets", "--param", "code=JP", "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {r["applies_to"] for r in rows} == {"JP"} and len(rows) >= 3
    as_tsv = loaded("query", "spending-targets", "-p", "code=JP", "--format", "tsv")
    assert as_tsv.stdout.splitlines()[0].split("\t")[:3] == ["applies_to", "value", "unit"]
    as_json = json.loads(loaded("query", "spending-targets", "-p", "code=JP", "--format", "json").stdout)
    assert {r["value"] for r in as_json} == {2.0}
    as_md = loaded("query", "officials", "-p", "code=US", "--format", "markdown").stdout
    assert as_md.startswith("| country | office | official |") and "Elbridge Colby" in as_md
    table = loaded("query", "meetings", "--format", "table")
    assert table.exit_code == 0
    rows = []  # the table's rows, each cell's folded lines joined again (a row starts where its article does)
    for line in table.stdout.splitlines():
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip("│").split("│")]
            if cells[3] or not rows:
                rows.append(cells)
            else:
                rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
    assert ["Elbridge Colby · Takehiro Funakoshi", "Tokyo", "", "dev-000", ""] in rows


def test_query_from_file_text_and_ask(loaded, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a dkg:Country }")
    from_file = loaded("query", "--file", path, "--format", "csv")
    assert from_file.exit_code == 0 and int(from_file.stdout.splitlines()[1]) > 20
    assert loaded("query", "ASK { ?c dkg:isoCode 'JP' }").stdout.strip() == "true"
    construct = loaded("query", "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a dkg:Country ; rdfs:label ?l }")
    assert len(Graph().parse(data=construct.stdout, format="turtle")) > 20


def test_query_list_shows_every_named_query(loaded) -> None:
    result = loaded("query", "--list")
    for name in named_queries():
        assert name in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "spending-target"], "did you mean spending-targets"),
        (["query", "SELECT ?x WHERE {"], "invalid SPARQL"),
        (["query", "officials", "--param", "code"], "expected NAME=VALUE"),
        (["query", "officials", "--format", "xml"], "--format 'xml'"),
        (["remove", "no-such-article"], "no article 'no-such-article'"),
        (["export", "--format", "rdfxml"], "unknown export format"),
    ],
)
def test_errors_are_one_red_line(loaded, args: list[str], message: str) -> None:
    result = loaded(*args)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_export_to_stdout_and_file(loaded, tmp_path: Path) -> None:
    out = loaded("export")
    assert out.exit_code == 0 and out.stdout.startswith("@prefix")
    path = tmp_path / "g.trig"
    assert loaded("export", "--format", "trig", "-o", path).exit_code == 0
    assert "GRAPH" in path.read_text() or "{" in path.read_text()


def test_stats_validate_and_remove(loaded, gold_files: list[Path]) -> None:
    ids = {json.loads(path.read_text(encoding="utf-8"))["id"] for path in gold_files}
    assert "dev-000" in ids
    stats = loaded("stats")
    assert stats.exit_code == 0 and table_row(stats.stdout, "articles") == str(len(ids))
    validate = loaded("validate")
    assert validate.exit_code == 0, validate.output
    assert "conforms" in validate.stderr  # piped, the rows go to stdout as CSV and the summary to stderr
    removed = loaded("remove", "dev-000")
    assert removed.exit_code == 0 and "removed dev-000" in removed.stdout
    assert table_row(loaded("stats").stdout, "articles") == str(len(ids) - 1)


def test_validate_reports_violations(kg, tmp_path: Path) -> None:
    path = tmp_path / "store"
    with Store(path) as store:
        store.oxigraph.update(
            "INSERT DATA { GRAPH <https://w3id.org/defense-kg/id/article/x> {"
            " <https://w3id.org/defense-kg/id/target/t> a <https://w3id.org/defense-kg/ontology#SpendingTarget> ;"
            " <https://w3id.org/defense-kg/ontology#value> 'two percent' } }"
        )
    result = kg("validate", "--store", path, store=False)
    assert result.exit_code == 1
    assert "dkg:value" in result.stdout and "dkg:unit" in result.stdout


def test_validate_lists_the_warnings_of_a_graph_that_conforms(kg, tmp_path: Path) -> None:
    path = tmp_path / "store"
    with Store(path) as store:
        store.oxigraph.update(
            "INSERT DATA { GRAPH <https://w3id.org/defense-kg/id/article/x> {"
            " <https://w3id.org/defense-kg/id/official/jd-vance> a <https://w3id.org/defense-kg/ontology#Official> ;"
            " <http://www.w3.org/2000/01/rdf-schema#label> 'J.D. Vance', 'JD Vance' } }"
        )
    result = kg("validate", "--store", path, store=False)
    assert result.exit_code == 0, result.output
    assert "conforms (1 warning in 1 node)" in result.stderr
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert row["severity"] == "Warning" and row["node"] == "dkgr:official/jd-vance" and row["property"] == "rdfs:label"
    as_json = json.loads(kg("validate", "--store", path, "--format", "json", store=False).stdout)
    assert [r["node"] for r in as_json] == ["dkgr:official/jd-vance"]


def test_store_comes_from_the_environment(tmp_path: Path, gold_files: list[Path], monkeypatch) -> None:
    from typer.testing import CliRunner

    monkeypatch.setenv("DEFENSE_KG_STORE", str(tmp_path / "env-store"))
    result = CliRunner().invoke(app, ["ingest", str(gold_files[0])])
    assert result.exit_code == 0
    assert (tmp_path / "env-store").is_dir()


STORE_COMMANDS = ["ingest", "query", "export", "stats", "validate", "remove", "view", "demo"]


@pytest.mark.parametrize("command", [*STORE_COMMANDS, "extract"])
def test_every_command_has_help_ending_with_an_example(command: str) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert ("--store" in result.stdout) == (command in STORE_COMMANDS)


def test_the_extract_summary_speaks_only_of_what_it_counts(kg, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Estonia budget\n\nEstonia will spend 3% of GDP on defence by 2030.\n", encoding="utf-8")
    result = kg("extract", article, "--out", tmp_path / "out", store=False)
    assert result.exit_code == 0, result.output
    assert "facts: as each article states them" in " ".join(result.stdout.split())
    assert "triples" not in result.stdout
