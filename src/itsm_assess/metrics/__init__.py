"""Productivity and wellbeing measurement: KPIs from ITSM tool exports, a staff survey, one scorecard.

Polars does the reading and aggregating; it is imported inside the functions that need it, so
that importing this package (and ``itsm-assess --help``) stays light.
"""
