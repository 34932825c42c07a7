"""`itsm-assess report` commands."""

from __future__ import annotations

import click


@click.group()
def report() -> None:
    """(under construction)"""
