"""Settings in one place: where the store lives, where the project's data files are, and the input limits.

Every limit has a default here and an environment variable that overrides it, read each time the
limit is used (``limit(name)``), so no code needs editing to read bigger inputs:

========================================  =====================================================
``DEFENSE_KG_MAX_ARTICLE_BYTES``          largest article (text, HTML page, JSON Lines record),
                                          in bytes; default 2,000,000
``DEFENSE_KG_MAX_FILE_BYTES``             largest JSON Lines or feed file, in bytes; default
                                          200,000,000
``DEFENSE_KG_MAX_FEED_ITEMS``             most items read from one feed; default 10,000
``DEFENSE_KG_FETCH_TIMEOUT``              seconds an ``http(s)://`` fetch may take; default 15
``DEFENSE_KG_MAX_FETCH_BYTES``            largest response fetched from a URL, in bytes; default
                                          5,000,000
========================================  =====================================================

A value must be a positive number (whole for bytes and items); anything else is a ``SettingsError``
naming the variable and the value. An empty variable counts as unset. The module attributes
(``MAX_ARTICLE_BYTES``, ...) are the defaults: set one (``settings.MAX_FEED_ITEMS = 50``) to change
a limit from Python; the environment variable, when set, still wins.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

#: Environment variable that overrides the default store location (``--store`` overrides both).
STORE_ENV = "DEFENSE_KG_STORE"

#: The repository root: the ontology and shapes live beside the package, in ``ontology/``.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
QUERIES_DIR = Path(__file__).resolve().parent / "queries"


def default_store_path() -> Path:
    """``$DEFENSE_KG_STORE``, else ``$XDG_DATA_HOME/defense-kg/store`` (``~/.local/share/...``)."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "defense-kg" / "store"


#: Largest article (text, HTML page, JSON Lines record) read, in bytes: bigger inputs are refused
#: with a clear message rather than slowing the whole batch. ``$DEFENSE_KG_MAX_ARTICLE_BYTES``.
MAX_ARTICLE_BYTES = 2_000_000
#: Largest input file (a JSON Lines file or a feed may hold many articles), in bytes.
#: ``$DEFENSE_KG_MAX_FILE_BYTES``.
MAX_FILE_BYTES = 200_000_000
#: Most items read from one feed file. ``$DEFENSE_KG_MAX_FEED_ITEMS``.
MAX_FEED_ITEMS = 10_000
#: Fetching ``http(s)://`` URLs: seconds before giving up (``$DEFENSE_KG_FETCH_TIMEOUT``), and the
#: most bytes read (``$DEFENSE_KG_MAX_FETCH_BYTES``).
FETCH_TIMEOUT_SECONDS = 15.0
MAX_FETCH_BYTES = 5_000_000


class SettingsError(KGError):
    """A setting's environment variable holds a value that cannot be used."""


@dataclass(frozen=True)
class Limit:
    """A limit's environment variable and what its value counts."""

    env: str
    unit: str  # "bytes", "items" or "seconds"

    @property
    def whole(self) -> bool:
        """True for limits counted in whole units (bytes, items); seconds may have a fraction."""
        return self.unit != "seconds"


#: The limits by the name of their default above.
LIMITS: dict[str, Limit] = {
    "MAX_ARTICLE_BYTES": Limit("DEFENSE_KG_MAX_ARTICLE_BYTES", "bytes"),
    "MAX_FILE_BYTES": Limit("DEFENSE_KG_MAX_FILE_BYTES", "bytes"),
    "MAX_FEED_ITEMS": Limit("DEFENSE_KG_MAX_FEED_ITEMS", "items"),
    "FETCH_TIMEOUT_SECONDS": Limit("DEFENSE_KG_FETCH_TIMEOUT", "seconds"),
    "MAX_FETCH_BYTES": Limit("DEFENSE_KG_MAX_FETCH_BYTES", "bytes"),
}


def _parse(raw: str, whole: bool) -> int | float | None:
    """A number from an environment variable's text (an int if ``whole``); None if it is not one."""
    try:
        value = float(raw)  # "2e9" and "2_000_000" too
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    if not whole:
        return value
    try:
        return int(raw)  # exact, however large
    except ValueError:
        return int(value) if value.is_integer() else None


def limit(name: str) -> int | float:
    """The limit ``name`` (``"MAX_ARTICLE_BYTES"``, ...): its environment variable if set, else the default.

    Raises ``SettingsError``, one line naming the variable and its value, when that is not a
    positive number (or not a whole one, for bytes and items).

    For example, with ``DEFENSE_KG_MAX_FEED_ITEMS=lots`` in the environment::

        DEFENSE_KG_MAX_FEED_ITEMS='lots' is not a positive whole number of items (the default is 10000)
    """
    spec = LIMITS[name]
    default = globals()[name]
    raw = os.environ.get(spec.env, "").strip()
    if not raw:
        return default
    value = _parse(raw, spec.whole)
    if value is None or value <= 0:
        shown = raw if len(raw) <= 40 else raw[:39] + "…"
        kind = "whole number" if spec.whole else "number"
        usual = f"{default:g}" if isinstance(default, float) else str(default)
        raise SettingsError(f"{spec.env}={shown!r} is not a positive {kind} of {spec.unit} (the default is {usual})")
    return value


def raise_hint(name: str) -> str:
    """How to raise the limit ``name``, for messages: ``'raise it with DEFENSE_KG_MAX_ARTICLE_BYTES'``."""
    return f"raise it with {LIMITS[name].env}"


def check_limits() -> None:
    """Raise ``SettingsError`` if any limit's environment variable is not a usable value."""
    for name in LIMITS:
        limit(name)
