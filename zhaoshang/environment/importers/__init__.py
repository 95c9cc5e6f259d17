"""Importing water readings from spreadsheets, through the import core (zhaoshang/core/imports).

readings.py declares the readings sheet (断面, 日期, 项目, 数值, 单位, 来源: one parameter a row) and
`reading_import`. Adding another sheet shape (one column per parameter, as some monitoring exports are)
means copying it as a sibling module.
"""

from zhaoshang.environment.importers.readings import ReadingSheet, reading_import

__all__ = ["ReadingSheet", "reading_import"]
