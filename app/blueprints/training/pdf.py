"""A certificate as a one-page PDF in the holder's language, with a QR code of its
verification URL.

Chinese (and any text beyond Latin-1, such as a holder's name in Chinese characters) is
set in Noto Sans SC (app/fonts.py), cut down to the characters printed and made static by
a worker process, never on the event loop; the PDF embeds that subset. Without the font
package, the certificate falls back to English in the PDF's core fonts."""

from __future__ import annotations

import io
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import segno
from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _

from app import fonts, jobs
from app.blueprints.training.labels import grade_label, scanner_kind_label
from app.database import as_utc
from app.models import Certificate

if TYPE_CHECKING:
    from fpdf import FPDF


def cjk_font_path() -> Path | None:
    return fonts.cjk_font_path()


def _latin(text: str) -> str:
    # The core fonts are Latin-1; other scripts are transliterated where Unicode allows
    # and replaced otherwise (only without the CJK font; the verification page shows the exact name).
    folded = unicodedata.normalize("NFKD", text)
    return folded.encode("latin-1", "replace").decode("latin-1")


def _needs_unicode(texts: list[str]) -> bool:
    try:
        for text in texts:
            text.encode("latin-1")
    except UnicodeEncodeError:
        return True
    return False


def _day(moment: datetime, lang: str) -> str:
    return format_date(as_utc(moment).date(), format="long", locale=lang.replace("-", "_"))


def _texts(cert: Certificate, verify_url: str, lang: str) -> dict:
    """Every string the certificate prints, in `lang`."""
    with force_locale(lang.replace("-", "_")):
        exam = cert.template.name if cert.template else _("granted on record")
        if cert.score_percent is not None:
            exam = _("%(exam)s (%(score)s %%)", exam=exam, score=format(cert.score_percent, "g"))
        if cert.attempt is not None:
            exam = _("%(exam)s, attempt %(number)s", exam=exam, number=cert.attempt.number)
        return {
            "title": _("Certificate of competence"),
            "subtitle": _("Non-intrusive inspection image interpretation"),
            "holder": cert.user.display_name,
            "lines": [
                (_("Grade"), grade_label(cert.grade)),
                (_("Exam"), exam),
                (_("Scanner kinds"), _(", ").join(scanner_kind_label(k) for k in cert.scanner_kinds)),
                (_("Issued"), _day(cert.issued_at, lang)),
                (_("Valid until"), _day(cert.expires_at, lang)),
                (_("Verification code"), cert.code),
            ],
            "check": _("Check this certificate: scan the code or open"),
            "doc_title": _("CIPS certificate %(code)s", code=cert.code),
            "author": _("CIPS image interpretation academy"),
        }


def render(cert: Certificate, verify_url: str, lang: str = "en") -> bytes:
    texts = _texts(cert, verify_url, lang)
    strings = [texts["title"], texts["subtitle"], texts["holder"], texts["check"], texts["doc_title"],
               texts["author"], *(s for pair in texts["lines"] for s in pair)]
    unicode = _needs_unicode(strings) and cjk_font_path() is not None
    if _needs_unicode(strings) and not unicode and lang != "en":
        return render(cert, verify_url, "en")  # no CJK font installed: English beats empty boxes
    # Imported here: fpdf costs a quarter of a second of every process's start, and only
    # a certificate's PDF needs it.
    from fpdf import FPDF

    with tempfile.TemporaryDirectory(prefix="cips-pdf-") as folder:
        pdf = FPDF(orientation="landscape", format="A4")
        if unicode:
            for style, path in jobs.cpu(fonts.static_fonts, text="".join(strings) + verify_url,
                                        folder=folder).items():
                pdf.add_font(fonts.FAMILY, style, path)
        return _draw(pdf, texts, verify_url, cert, fonts.FAMILY if unicode else "Helvetica",
                     (lambda s: s) if unicode else _latin)


def _draw(pdf: FPDF, texts: dict, verify_url: str, cert: Certificate, family: str, clean) -> bytes:
    pdf.set_title(clean(texts["doc_title"]))
    pdf.set_author(clean(texts["author"]))
    pdf.set_creation_date(as_utc(cert.issued_at))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)

    pdf.set_font(family, "B", 28)
    pdf.set_xy(20, 28)
    pdf.cell(257, 14, clean(texts["title"]), align="C")
    pdf.set_font(family, "", 14)
    pdf.set_xy(20, 44)
    pdf.cell(257, 8, clean(texts["subtitle"]), align="C")

    pdf.set_font(family, "B", 22)
    pdf.set_xy(20, 66)
    pdf.cell(257, 12, clean(texts["holder"]), align="C")

    y = 92
    for label, value in texts["lines"]:
        pdf.set_xy(40, y)
        pdf.set_font(family, "", 12)
        pdf.cell(50, 8, clean(label))
        pdf.set_font(family, "B", 12)
        pdf.multi_cell(130, 8, clean(value))
        y += 12

    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    pdf.image(qr, x=215, y=95, w=50, h=50)
    pdf.set_font(family, "", 9)
    pdf.set_xy(195, 148)
    pdf.multi_cell(90, 5, clean(f"{texts['check']}\n{verify_url}"), align="C")
    return bytes(pdf.output())
