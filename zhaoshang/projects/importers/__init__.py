"""Importing projects from spreadsheets.

One reader module per file type, registered here by extension. A reader takes a binary stream and the
limits and yields (row number as the user sees it, cells); adding a format means copying a sibling
reader and listing it below. `project_import` (service.py) does the rest.
"""

from zhaoshang.projects.importers import csv_reader, xlsx_reader

READERS = {ext: module.read for module in (csv_reader, xlsx_reader) for ext in module.EXTENSIONS}

from zhaoshang.projects.importers.base import FileRefused, Limits, Problem  # noqa: E402
from zhaoshang.projects.importers.service import ImportResult, project_import  # noqa: E402

__all__ = ["READERS", "FileRefused", "ImportResult", "Limits", "Problem", "project_import"]
