"""`itsm-assess checklist` commands."""

from __future__ import annotations

import click


@click.group()
def checklist() -> None:
    """(under construction)"""
