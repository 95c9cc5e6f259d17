"""The bulletin's file formats: one module per format, each with `write(bulletin, stream)`.

Adding a format means copying a sibling and listing it in FORMATS."""

from __future__ import annotations

import importlib
from typing import BinaryIO

from zhaoshang.bulletin.model import Bulletin

# format → (module, MIME type)
FORMATS = {
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("pdf", "application/pdf"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "md": ("markdown", "text/markdown; charset=utf-8"),
}


def bulletin_write(bulletin: Bulletin, fmt: str, stream: BinaryIO) -> None:
    module, _ = FORMATS[fmt]
    importlib.import_module(f"zhaoshang.bulletin.writers.{module}").write(bulletin, stream)
