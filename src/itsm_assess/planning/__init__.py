"""Engagement planning: multi-site and record sampling, the certification audit programme, the
audit plan with its agenda, the pre-audit document request list and interview guides.

Rules here are pure functions over the catalogue and plain data; writers sit beside them.
"""
