"""Exports other tools read: a CISO Assistant library (:mod:`.ciso_assistant`) and OSCAL
catalogs and assessment results (:mod:`.oscal`). Each builds plain data; the CLI writes it."""
