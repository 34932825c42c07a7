"""Fieldwork out and back in: questionnaires for staff and online-form question lists.

(The auditor's fieldwork workbook and survey aggregation still live in ``itsm_assess.workbook``
and ``itsm_assess.survey``; new fieldwork code goes here.)
"""
