"""``python -m kg`` runs the CLI."""

from kg.cli import app

app(prog_name="kg")
