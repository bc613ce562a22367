"""A certificate as a one-page PDF, with a QR code of its verification URL."""

from __future__ import annotations

import io
import unicodedata

import segno
from fpdf import FPDF

from app.database import as_utc
from app.models import Certificate


def _latin(text: str) -> str:
    # The PDF's core fonts are Latin-1; other scripts are transliterated where Unicode
    # allows and replaced otherwise (the verification page shows the exact name).
    folded = unicodedata.normalize("NFKD", text)
    return folded.encode("latin-1", "replace").decode("latin-1")


def render(cert: Certificate, verify_url: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"CIPS certificate {cert.code}")
    pdf.set_author("CIPS image analysis academy")
    pdf.set_creation_date(as_utc(cert.issued_at))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)

    pdf.set_font("Helvetica", "B", 28)
    pdf.set_xy(20, 28)
    pdf.cell(257, 14, "Certificate of competence", align="C")
    pdf.set_font("Helvetica", "", 14)
    pdf.set_xy(20, 44)
    pdf.cell(257, 8, "Non-intrusive inspection image analysis", align="C")

    pdf.set_font("Helvetica", "B", 22)
    pdf.set_xy(20, 66)
    pdf.cell(257, 12, _latin(cert.user.display_name), align="C")

    exam = cert.template.name if cert.template else "granted on record"
    lines = [
        ("Grade", cert.grade.capitalize()),
        ("Exam", exam + (f" ({cert.score_percent:g} %)" if cert.score_percent is not None else "")
         + (f", attempt {cert.attempt.number}" if cert.attempt else "")),
        ("Scanner kinds", ", ".join(k.replace("_", " ") for k in cert.scanner_kinds)),
        ("Issued", as_utc(cert.issued_at).strftime("%d %B %Y")),
        ("Valid until", as_utc(cert.expires_at).strftime("%d %B %Y")),
        ("Verification code", cert.code),
    ]
    y = 92
    for label, value in lines:
        pdf.set_xy(40, y)
        pdf.set_font("Helvetica", "", 12)
        pdf.cell(50, 8, label)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(130, 8, _latin(value))
        y += 12

    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    pdf.image(qr, x=215, y=95, w=50, h=50)
    pdf.set_font("Helvetica", "", 9)
    pdf.set_xy(195, 148)
    pdf.multi_cell(90, 5, _latin(f"Check this certificate: scan the code or open\n{verify_url}"), align="C")
    return bytes(pdf.output())
