"""Importing service cases from the exports government service platforms produce (cases.py)."""

from zhaoshang.approvals.importers.cases import case_import

__all__ = ["case_import"]
