"""The fonts a bulletin is set in, after GB/T 9704-2012, with the open faces this machine has.

| role | the standard's face (named in Word files) | PDF: open face used, then its fallback |
| --- | --- | --- |
| 正文 body, 16 pt | 仿宋_GB2312 | FandolFang (Debian texlive-lang-chinese; GB2312 only) → Noto Serif CJK SC |
| 标题 title, 22 pt | 方正小标宋简体 | Noto Serif CJK SC Bold |
| 一级标题 一、 | 黑体 | FandolHei → Noto Sans CJK SC |
| 二级标题 （一） | 楷体_GB2312 | FandolKai → Noto Serif CJK SC |
| 页码, 14 pt | 宋体 | Noto Serif CJK SC |

WeasyPrint falls back along the font-family list glyph by glyph, so a rarer character in a company's name
that FandolFang lacks (镕, 堃) comes from Noto Serif CJK SC instead of showing as a box. The Fandol faces
live in TeX's tree, which fontconfig does not scan, so the PDF loads them by file (@font-face).
"""

from __future__ import annotations

from pathlib import Path

FANDOL_DIRS = (Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),
               Path("/usr/share/texmf/fonts/opentype/public/fandol"))
FANDOL = {"BulletinFang": "FandolFang-Regular.otf", "BulletinHei": "FandolHei-Regular.otf",
          "BulletinKai": "FandolKai-Regular.otf"}

# The names Word on the reader's machine expects (w:eastAsia); Word substitutes if they are missing.
WORD_BODY, WORD_TITLE, WORD_HEI, WORD_KAI, WORD_SONG = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
WORD_LATIN = "Times New Roman"


def fandol_files() -> dict[str, Path]:
    """The Fandol faces found on this machine, by the family name the bulletin's CSS gives them."""
    found = {}
    for family, name in FANDOL.items():
        for folder in FANDOL_DIRS:
            if (folder / name).is_file():
                found[family] = folder / name
                break
    return found


def font_face_css() -> str:
    return "\n".join(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); }}'
                     for family, path in fandol_files().items())


BODY = '"BulletinFang", "Noto Serif CJK SC", serif'
TITLE = '"Noto Serif CJK SC", serif'
HEI = '"BulletinHei", "Noto Sans CJK SC", sans-serif'
KAI = '"BulletinKai", "Noto Serif CJK SC", serif'
SONG = '"Noto Serif CJK SC", serif'
