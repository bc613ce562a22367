"""The academy: image libraries, question bank, timed exams, certificates.

Rules carry their full paths: most live under /api/v1, the public certificate
check also at /verify/<code> for people scanning a certificate's QR code."""

from flask import Blueprint

bp = Blueprint("training", __name__)

from app.blueprints.training import routes  # noqa: E402,F401
