"""The bulletin as PDF: HTML and CSS after GB/T 9704-2012 (templates/bulletin.*), set by WeasyPrint, the
charts embedded as SVG."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from django.template import Context, Engine

from zhaoshang.bulletin import fonts, wording
from zhaoshang.bulletin.model import Bulletin

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
_engine = Engine(dirs=[str(TEMPLATES)], autoescape=True)


def html(bulletin: Bulletin) -> str:
    context = {
        "b": bulletin, "notes": bulletin.footnotes, "generated": wording.chinese_date(bulletin.generated_on),
        "fonts": fonts.font_face_css(),
        "families": {"body": fonts.BODY, "title": fonts.TITLE, "hei": fonts.HEI, "kai": fonts.KAI,
                     "song": fonts.SONG},
    }
    return _engine.get_template("bulletin.html").render(Context(context))


def write(bulletin: Bulletin, stream: BinaryIO) -> None:
    from weasyprint import HTML

    HTML(string=html(bulletin), base_url=str(TEMPLATES)).write_pdf(stream)
