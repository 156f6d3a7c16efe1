"""Settings in one place: where the store lives and where the project's data files are."""

from __future__ import annotations

import os
from pathlib import Path

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
#: with a clear message rather than slowing the whole batch.
MAX_ARTICLE_BYTES = 2_000_000
#: Largest input file (a JSON Lines file or a feed may hold many articles), in bytes.
MAX_FILE_BYTES = 200_000_000
#: Most items read from one feed file.
MAX_FEED_ITEMS = 10_000
#: Fetching ``http(s)://`` URLs: seconds before giving up, and the most bytes read.
FETCH_TIMEOUT_SECONDS = 15.0
MAX_FETCH_BYTES = 5_000_000
