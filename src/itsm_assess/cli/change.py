"""`itsm-assess change` commands."""

from __future__ import annotations

import click


@click.group()
def change() -> None:
    """(under construction)"""
