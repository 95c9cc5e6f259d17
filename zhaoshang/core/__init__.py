"""Pieces that belong to no domain: settings helpers, errors, attributed writes, uploads, numerals,
figure formatting, change history, the import core and the API types every app shares.

Nothing here imports a domain app; every domain app may import from here.
"""
