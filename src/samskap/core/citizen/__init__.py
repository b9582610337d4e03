"""The citizen's pages: their language, their own page shell and language switch.

A nested app (label ``core_citizen``) so that its strings get their own catalogues in
every citizen language (see docs/languages.md); staff pages stay bokmål and English.
"""
