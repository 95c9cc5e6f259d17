"""Importing projects from spreadsheets, through the import core (zhaoshang/core/imports).

rows.py declares the project sheet's fields and checks each row; lookups.py and investors.py match rows
against the database; service.py plans and writes (`project_import`); writing.py holds the bulk inserts.
"""

from zhaoshang.core.imports import FileRefused, Limits, Problem
from zhaoshang.projects.importers.service import ProjectImportResult, project_import

__all__ = ["FileRefused", "Limits", "Problem", "ProjectImportResult", "project_import"]
