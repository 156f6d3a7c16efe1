"""The facts model: gold files load and save unchanged; bad input gets one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from kg.errors import FactsError
from kg.facts import ArticleFacts, Evidence, load_facts, parse_facts, save_facts


def test_every_gold_file_loads_and_saves_to_the_same_json(gold_files: list[Path], tmp_path: Path) -> None:
    assert len(gold_files) >= 20
    for path in gold_files:
        facts = load_facts(path)
        assert facts.to_dict() == json.loads(path.read_text(encoding="utf-8")), path.name
        again = load_facts(save_facts(facts, tmp_path / path.name))
        assert again == facts


def test_facts_save_and_load_as_yaml(gold_files: list[Path], tmp_path: Path) -> None:
    facts = load_facts(gold_files[0])
    path = save_facts(facts, tmp_path / "facts.yaml")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["id"] == facts.id
    assert load_facts(path) == facts


def test_provenance_is_kept_and_only_written_when_known() -> None:
    facts = parse_facts(
        {
            "id": "a1",
            "countries": ["JP", "US", "JP"],
            "spending_targets": [
                {
                    "applies_to": ["JP"],
                    "value": 2,
                    "unit": "percent_gdp",
                    "evidence": {"sentence": "Japan aims for 2%.", "start": 10, "end": 28},
                    "confidence": 0.9,
                }
            ],
            "meetings": [{"participants": ["JP", "US"]}],
        },
        "inline",
    )
    assert facts.countries == ["JP", "US"]  # sorted, unique
    assert facts.spending_targets[0].evidence == Evidence(sentence="Japan aims for 2%.", start=10, end=28)
    data = facts.to_dict()
    assert data["spending_targets"][0]["confidence"] == 0.9
    assert "evidence" not in data["meetings"][0] and "confidence" not in data["meetings"][0]


VALID = {
    "id": "t1",
    "countries": ["JP"],
    "organizations": ["NATO"],
    "officials": [{"name": "Jane Roe", "title": "Defence Minister", "country": "JP", "former": False}],
    "spending_targets": [{"applies_to": ["NATO"], "value": 5.0, "unit": "percent_gdp", "deadline": "2035"}],
}


def _with(path: str, value: object) -> dict:
    data = json.loads(json.dumps(VALID))
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value is KeyError:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        (_with("spending_targets.0.value", "two percent"), "spending_targets[0].value", "valid number"),
        (_with("spending_targets.0.value", True), "spending_targets[0].value", "valid number"),
        (_with("countries", ["XX"]), "countries", "unknown country code 'XX'"),
        (_with("spending_targets.0.applies_to", ["XX"]), "spending_targets[0].applies_to", "unknown country code"),
        (_with("officials.0.name", KeyError), "officials[0].name", "Field required"),
        (_with("id", KeyError), "id", "Field required"),
        (_with("officials.0.country", "Japan"), "officials[0].country", "neither an ISO country code"),
        (_with("spending_targets.0.unit", "percent"), "spending_targets[0].unit", "pattern"),
        (_with("spending_targets.0.deadline", "soon"), "spending_targets[0].deadline", "pattern"),
        (_with("spending_targets.0.applies_to", []), "spending_targets[0].applies_to", "at least 1"),
        (_with("officials.0.party", "X"), "officials[0].party", "Extra inputs"),
    ],
)
def test_bad_facts_name_the_field_and_the_problem(data: dict, field: str, problem: str) -> None:
    with pytest.raises(FactsError) as info:
        parse_facts(data, "bad.json")
    assert info.value.field == field
    assert problem in info.value.problem
    assert str(info.value).startswith(f"bad.json: {field}: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.json", "", "empty file"),
        ("blank.yaml", "  \n", "empty file"),
        ("broken.json", '{"id": "x",', "invalid JSON at line 1"),
        ("broken.yaml", "id: [unclosed\n", "invalid YAML at line"),
        ("list.json", "[1, 2]", "expected an object"),
        ("binary.json", b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_unreadable_files_are_rejected_with_the_file_name(tmp_path: Path, name: str, content, problem: str) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_facts(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FactsError, match="cannot read"):
        load_facts(tmp_path / "nope.json")


def test_hand_written_yaml_with_a_date_loads(tmp_path: Path) -> None:
    path = tmp_path / "hand.yml"
    path.write_text(
        "id: hand-1\npublished: 2025-06-25\ncountries: [DE]\n"
        "expenditures:\n  - {country: DE, value: 62400000000, unit: EUR, year: '2025', kind: budget}\n",
        encoding="utf-8",
    )
    facts = load_facts(path)
    assert isinstance(facts, ArticleFacts)
    assert facts.published.isoformat() == "2025-06-25"
    assert facts.expenditures[0].value == 62_400_000_000
