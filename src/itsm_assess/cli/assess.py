"""`itsm-assess assess` commands."""

from __future__ import annotations

import click


@click.group()
def assess() -> None:
    """(under construction)"""
