"""`itsm-assess score` commands."""

from __future__ import annotations

import click


@click.group()
def score() -> None:
    """(under construction)"""
