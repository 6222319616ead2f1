"""Helpers of the ``casework`` commands: refusals as one-line messages, progress bars."""
import sys
from contextlib import contextmanager

import click

from casework.core.errors import DomainError
from casework.core.extensions import db


@contextmanager
def domain_errors():
    """Turn a refused request into a one-line message and exit code 1, writing nothing."""
    try:
        yield
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None


@contextmanager
def progress_bar(length: int, label: str):
    """Yield a callback taking steps done: a progress bar on a terminal, silence in scripts."""
    if not sys.stderr.isatty():
        yield lambda _steps: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update
