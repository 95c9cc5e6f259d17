"""Importing projects from spreadsheets. One reader module per file type, registered by extension:

    READERS = {".csv": csv_reader.read, ".xlsx": xlsx_reader.read}

A reader takes a binary stream and the limits and yields (row number as the user sees it, cells);
adding a format means copying a sibling reader and listing its EXTENSIONS.
"""

from zhaoshang.projects.importers.base import FileRefused, Limits, Problem
from zhaoshang.projects.importers.service import READERS, ImportResult, may_import, project_import

__all__ = ["READERS", "FileRefused", "ImportResult", "Limits", "Problem", "may_import", "project_import"]
