"""Private plumbing shared by every domain package, one of each: the archive check and xlsx
reading (:mod:`.xlsx_read`), xlsx cell writing (:mod:`.xlsx_cells`), the browser and PDF printer
(:mod:`.browser`, :mod:`.pdf`) and the theme (:mod:`.theme`).

Not public API: names here may change in any release. This package imports no domain package.
"""
