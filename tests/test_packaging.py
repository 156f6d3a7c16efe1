"""The package metadata as setuptools reads it: no deprecation banner when `make demo` installs it."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement
from packaging.version import Version

from kg.settings import PROJECT_ROOT


def test_the_license_is_an_spdx_expression_and_setuptools_is_new_enough_to_read_it() -> None:
    """A table (``{ text = "MIT" }``) makes setuptools 77+ print a deprecation banner on every build step."""
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    (setuptools,) = [Requirement(r) for r in pyproject["build-system"]["requires"] if r.startswith("setuptools")]
    assert setuptools.specifier.contains(Version("77.0")) and not setuptools.specifier.contains(Version("76.9"))
