"""Noto Sans SC for documents with Chinese text (the certificate PDF): pure, no Flask,
so the pool's worker processes run it off the web server's event loop.

The font ships on PyPI in `justmytype-intl-cjk` as one variable TrueType font (weights
100-900, default Thin). A static Regular and Bold of all 30,000 glyphs would take about a
minute to make, so each document cuts the font down to the characters it prints (about a
second of pure-Python CPU) and instances only those."""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

FAMILY = "NotoSansSC"
# Always in the subset: what numbers, dates and codes need whatever the text says.
_ALWAYS = "0123456789 .,:;()%-/–·"


@cache
def cjk_font_path() -> Path | None:
    """The variable Noto Sans SC if its package is installed, else None (logged once)."""
    try:
        path = resources.files("justmytype_intl_cjk") / "fonts" / "ofl" / "notosanssc" / "NotoSansSC[wght].ttf"
        if path.is_file():
            return Path(str(path))
    except ModuleNotFoundError:
        pass
    log.warning("justmytype-intl-cjk is not installed: documents are printed without Chinese")
    return None


def static_fonts(text: str, folder: str) -> dict[str, str]:
    """Regular ("") and Bold ("B") holding just the glyphs of `text`, written into
    `folder`; their paths by style."""
    # Imported here: fontTools is 0.14 s of every process's start, for a rare document.
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(cjk_font_path())
    subsetter = subset.Subsetter(subset.Options(layout_features=["*"], name_IDs=["*"], notdef_outline=True))
    subsetter.populate(text=text + _ALWAYS)
    subsetter.subset(font)
    files = {}
    for style, weight in (("", 400), ("B", 700)):
        path = Path(folder) / f"{FAMILY}-{weight}.ttf"
        instancer.instantiateVariableFont(font, {"wght": weight}, inplace=False).save(path)
        files[style] = str(path)
    return files
