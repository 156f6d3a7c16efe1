"""``kg train`` and ``kg eval``: fit the learned decisions of extraction on a gold corpus, and
measure extraction by cross-validation over whole articles (``kg.train``).

Registered on ``kg.cli``'s app by ``register``; kept apart so the main CLI module stays small.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import KGError
from kg.extract.model import MODEL_DIR
from kg.facts import FACT_KINDS

console = Console()
errors = Console(stderr=True, soft_wrap=True)

CorpusArgument = Annotated[
    Path, typer.Argument(help="A gold corpus folder: NAME.txt beside NAME.json (the facts schema).", show_default=False)
]


def train_command(
    corpus: CorpusArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the model files.")] = MODEL_DIR,
) -> None:
    """Train the model that decides what each spending figure is (target, expenditure, neither) on a gold corpus.

    Deterministic: the same corpus gives the same weights. The files hold weights and feature names, no article text.

    Example: `kg train ../shared/corpus/dev`
    """
    from kg.train import train

    try:
        path, model, labels = train(corpus, out)
    except KGError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    figures = ", ".join(f"{n} {label}" for label, n in sorted(labels.items()))
    features = len(model.decision.weights) + (len(model.kind.weights) if model.kind else 0)
    console.print(f"trained on {sum(labels.values())} figures ({figures}); {features} weighted features")
    console.print(f"wrote {path}")


def eval_command(
    corpus: CorpusArgument,
    folds: Annotated[int, typer.Option("--folds", "-k", help="Folds of whole articles.")] = 5,
    scorer: Annotated[
        Path | None,
        typer.Option("--scorer", help="The corpus's score.py (default: score.py beside the corpus folder)."),
    ] = None,
) -> None:
    """Cross-validate extraction by article: train on all folds but one, extract the one left out, each in turn.

    Prints F1 per kind pooled over every held-out article, with the mean and spread over folds, for the learned
    model and for the rules alone. This, not the score on articles the model was trained on, estimates how
    extraction does on news it has never read.

    Example: `kg eval ../shared/corpus/dev --folds 5`
    """
    from kg.train import cross_validate

    scorer = scorer or corpus.resolve().parent / "score.py"
    try:
        with console.status("cross-validating") as status:
            results = cross_validate(corpus, scorer, folds, progress=lambda s: status.update(s))
    except KGError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    table = Table(title=f"{folds}-fold cross-validation by article on {corpus}")
    table.add_column("kind", no_wrap=True)
    for result in results:
        table.add_column(f"{result.name.split()[0]} F1", justify="right")
    table.add_column("mean±sd", justify="right", no_wrap=True)
    table.add_column("P", justify="right")
    table.add_column("R", justify="right")
    learned = results[-1]
    for kind in (*FACT_KINDS, "overall"):
        mean, spread = learned.spread(kind)
        scores = learned.pooled["kinds"].get(kind)
        p_r = ("", "") if scores is None else (f"{scores['precision']:.3f}", f"{scores['recall']:.3f}")
        table.add_row(kind, *(f"{r.f1(kind):.3f}" for r in results), f"{mean:.3f}±{spread:.3f}", *p_r)
    table.caption = (
        "F1 pooled over all held-out articles, by the rules alone and with the learned decisions; "
        "the folds' mean and sd, P and R are the learned extraction's"
    )
    console.print(table)
    for name, value in learned.pooled["attributes"].items():
        if value["accuracy"] is not None:
            console.print(f"  {name:28} accuracy {value['accuracy']:.3f} over {value['pairs']} matched (learned)")


def register(app: typer.Typer) -> None:
    app.command("train")(train_command)
    app.command("eval")(eval_command)
