"""The project's exceptions: each message names the file, field or entity and what is wrong.

The library raises these; the CLI turns them into one red line and a non-zero exit code.
"""

from __future__ import annotations


class KGError(Exception):
    """Base of every error defense-kg reports to a user."""


class FactsError(KGError):
    """A facts file that cannot be loaded: unreadable, malformed or not in the facts schema."""

    def __init__(self, source: str, problem: str, field: str | None = None) -> None:
        self.source, self.field, self.problem = source, field, problem
        where = f"{source}: {field}" if field else source
        super().__init__(f"{where}: {problem}")


class ExtractionError(KGError):
    """Extracting one article's facts failed; the article is skipped and the batch goes on."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query that is unknown, unreadable or invalid."""


class ValidationFailed(KGError):
    """The graph does not conform to the SHACL shapes."""
