"""The walkthrough notebook runs from top to bottom, headless, so it never rots."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from kg.settings import PROJECT_ROOT

NOTEBOOK = PROJECT_ROOT / "notebooks" / "walkthrough.ipynb"


def test_the_walkthrough_runs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(PROJECT_ROOT)}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in outputs)
    assert "articles" in text and "triples" in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "the plot is drawn"
    assert any("text/html" in o.get("data", {}) and "iframe" in o["data"]["text/html"] for o in outputs)
