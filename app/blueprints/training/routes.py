"""The academy's HTTP interface (contract: docs/training-api.md)."""

from __future__ import annotations

import json

from flask import Response, current_app, render_template_string, request
from flask_babel import force_locale
from flask_login import current_user

from flask_babel import gettext as _

from app.blueprints.ingest.schema import FILE_ROLES
from app.blueprints.scans.imaging import add_image_routes
from app.blueprints.training import attempts, bank, bp, certificates, fields, library, stats
from app.blueprints.training.access import CANDIDATES, CERTIFIERS, PROMOTERS, READERS, STAFF, is_staff
from app.blueprints.training.pdf import render as render_pdf
from app.blueprints.training.verify_page import PAGE
from app.extensions import limiter
from app.models import Scan
from app.blueprints.training.schemas import (AnswerIn, AttemptDetail, AttemptReview, Attempts, CandidateStats,
                                             CertificateOut, Certificates, CertificatesQuery, ExamIn, ExamOut, ExamPatch, Exams,
                                             ImageMetadata, LanguageQuery, LibraryIn, LibraryItemOut, LibraryItems, LibraryPatch, LibraryQuery,
                                             MyCertificates, PromotableCases, PromoteIn, PublicCertificate,
                                             QuestionIn, QuestionOut, QuestionPatch, Questions, QuestionsQuery, QuestionStats,
                                             RevokeIn, SavedAnswer, ScannerModels, TrainingImage,
                                             TrainingImageStatus)
from app.security import allow, public
from app.validation import accepts, accepts_query, query_parameters, reply, responds, responds_media

API = "/api/v1"


# --- library ------------------------------------------------------------------------

@bp.get(f"{API}/library")
@allow(*READERS)
@accepts_query(LibraryQuery)
@responds(LibraryItems)
def library_search():
    return reply({"items": [library.serialize(i) for i in library.search(query_parameters(LibraryQuery))]})


@bp.post(f"{API}/library")
@allow(*STAFF)
@accepts(LibraryIn)
@responds({201: LibraryItemOut})
def library_add():
    return reply(library.serialize(library.add_standard(fields.read(LibraryIn), current_user)), 201)


@bp.get(f"{API}/library/cases")
@allow(*PROMOTERS)
@responds(PromotableCases)
def library_cases():
    return reply({"cases": library.closed_cases(current_user)})


@bp.post(f"{API}/library/typical")
@allow(*PROMOTERS)
@accepts(PromoteIn)
@responds({201: LibraryItemOut})
def library_promote():
    return reply(library.serialize(library.promote(fields.read(PromoteIn), current_user)), 201)


@bp.get(f"{API}/library/<int:item_id>")
@allow(*READERS)
@responds(LibraryItemOut)
def library_item(item_id: int):
    return reply(library.serialize(library.get_item(item_id)))


@bp.patch(f"{API}/library/<int:item_id>")
@allow(*STAFF)
@accepts(LibraryPatch)
@responds(LibraryItemOut)
def library_update(item_id: int):
    return reply(library.serialize(library.update(library.get_item(item_id), fields.read(LibraryPatch))))


def _library_scan(item_id: int) -> Scan:
    return library.get_item(item_id).scan


add_image_routes(bp, f"{API}/library/<int:item_id>/image", "library_", READERS, _library_scan)


# --- question bank and exams ------------------------------------------------------------

@bp.post(f"{API}/training/images")
@allow(*STAFF)
@accepts(ImageMetadata)
@responds({201: TrainingImage})
def training_image():
    """An image for the academy (multipart: `metadata`, an ImageMetadata as JSON, and the files)."""
    try:
        metadata = json.loads(request.form.get("metadata", "{}"))
    except ValueError:
        raise fields.invalid("metadata", _("must be JSON")) from None
    parts = [(role, request.files[role]) for role in FILE_ROLES if role in request.files]
    scan = bank.upload_image(fields.read(ImageMetadata, metadata), parts, current_user)
    return reply({"scan_id": scan.id, "status": scan.status}, 201)


@bp.get(f"{API}/training/scanners")
@allow(*STAFF)
@responds(ScannerModels)
def training_scanners():
    """The scanner models an academy image may come from (its format and kind)."""
    return reply({"scanners": bank.scanner_models()})


@bp.get(f"{API}/training/images/<int:scan_id>")
@allow(*STAFF)
@responds(TrainingImageStatus)
def training_image_status(scan_id: int):
    scan = bank.training_image(scan_id)
    return reply({"scan_id": scan.id, "status": scan.status, "failure_reason": scan.failure_reason,
                  "width": scan.width, "height": scan.height})


@bp.get(f"{API}/training/questions")
@allow(*STAFF)
@accepts_query(QuestionsQuery)
@responds(Questions)
def questions():
    found = bank.list_questions(query_parameters(QuestionsQuery))
    return reply({"questions": [bank.serialize_question(q) for q in found]})


@bp.post(f"{API}/training/questions")
@allow(*STAFF)
@accepts(QuestionIn)
@responds({201: QuestionOut})
def question_add():
    return reply(bank.serialize_question(bank.add_question(fields.read(QuestionIn), current_user)), 201)


@bp.get(f"{API}/training/questions/<int:question_id>")
@allow(*STAFF)
@responds(QuestionOut)
def question(question_id: int):
    return reply(bank.serialize_question(bank.get_question(question_id)))


@bp.patch(f"{API}/training/questions/<int:question_id>")
@allow(*STAFF)
@accepts(QuestionPatch)
@responds(QuestionOut)
def question_update(question_id: int):
    data = fields.read(QuestionPatch)
    return reply(bank.serialize_question(bank.update_question(bank.get_question(question_id), data)))


add_image_routes(bp, f"{API}/training/questions/<int:question_id>/image", "question_", STAFF,
                 lambda question_id: bank.get_question(question_id).scan)


@bp.get(f"{API}/training/exams")
@allow(*READERS)
@responds(Exams)
def exams():
    staff = is_staff(current_user)
    candidate = current_user.has_role(*CANDIDATES)
    return reply({"exams": [
        bank.serialize_exam(exam, staff=staff, mine=attempts.exam_status(exam, current_user) if candidate else None)
        for exam in bank.list_exams(active_only=not staff)]})


@bp.post(f"{API}/training/exams")
@allow(*STAFF)
@accepts(ExamIn)
@responds({201: ExamOut})
def exam_add():
    return reply(bank.serialize_exam(bank.add_exam(fields.read(ExamIn), current_user), staff=True), 201)


@bp.patch(f"{API}/training/exams/<int:exam_id>")
@allow(*STAFF)
@accepts(ExamPatch)
@responds(ExamOut)
def exam_update(exam_id: int):
    data = fields.read(ExamPatch)
    return reply(bank.serialize_exam(bank.update_exam(bank.get_exam(exam_id), data), staff=True))


@bp.get(f"{API}/training/stats/questions")
@allow(*STAFF)
@responds(QuestionStats)
def stats_questions():
    return reply({"questions": stats.questions()})


@bp.get(f"{API}/training/stats/candidates")
@allow(*STAFF)
@responds(CandidateStats)
def stats_candidates():
    return reply({"candidates": stats.candidates(certificates.people_scope(current_user))})


# --- attempts ---------------------------------------------------------------------------

@bp.post(f"{API}/training/exams/<int:exam_id>/attempts")
@allow(*CANDIDATES)
@responds({201: AttemptDetail})
def attempt_start(exam_id: int):
    exam = bank.get_exam(exam_id)
    return reply(attempts.serialize(attempts.start(exam, current_user)), 201)


@bp.get(f"{API}/training/attempts")
@allow(*CANDIDATES)
@responds(Attempts)
def attempts_mine():
    return reply({"attempts": [attempts.serialize(a, questions=False) for a in attempts.mine(current_user)]})


@bp.get(f"{API}/training/attempts/<int:attempt_id>")
@allow(*CANDIDATES, *STAFF)
@responds(AttemptDetail)
def attempt(attempt_id: int):
    return reply(attempts.serialize(attempts.get_for(attempt_id, current_user)))


@bp.put(f"{API}/training/attempts/<int:attempt_id>/questions/<int:position>/answer")
@allow(*CANDIDATES)
@accepts(AnswerIn)
@responds(SavedAnswer)
def attempt_answer(attempt_id: int, position: int):
    data = fields.read(AnswerIn)
    attempt = attempts.get_for(attempt_id, current_user, lock=True, own=True)
    row = attempts.record_answer(attempt, position, data)
    return reply({"position": row.position, "answer": attempts.answer_view(row),
                  "remaining_s": attempts.remaining_s(attempt)})


@bp.post(f"{API}/training/attempts/<int:attempt_id>/submit")
@allow(*CANDIDATES)
@responds(AttemptDetail)
def attempt_submit(attempt_id: int):
    attempt = attempts.get_for(attempt_id, current_user, lock=True, own=True)
    return reply(attempts.serialize(attempts.submit(attempt)))


@bp.get(f"{API}/training/attempts/<int:attempt_id>/review")
@allow(*CANDIDATES, *STAFF)
@responds(AttemptReview)
def attempt_review(attempt_id: int):
    return reply(attempts.review(attempts.get_for(attempt_id, current_user), current_user))


def _attempt_scan(attempt_id: int, position: int) -> Scan:
    attempt = attempts.get_for(attempt_id, current_user)
    return attempts.mark_opened(attempt, position).question.scan


add_image_routes(bp, f"{API}/training/attempts/<int:attempt_id>/questions/<int:position>/image", "attempt_",
                 CANDIDATES + STAFF, _attempt_scan)


# --- certificates ------------------------------------------------------------------------

@bp.get(f"{API}/training/certificates/mine")
@allow(*READERS)
@responds(MyCertificates)
def certificates_mine():
    return reply({"certificates": [certificates.serialize(c) for c in certificates.mine(current_user)],
                  "live_work": certificates.live_work(current_user)})


@bp.get(f"{API}/training/certificates")
@allow(*STAFF)
@accepts_query(CertificatesQuery)
@responds(Certificates)
def certificates_list():
    asked = query_parameters(CertificatesQuery)
    rows = certificates.for_staff(current_user, asked.expiring_within, asked.user_id)
    return reply({"certificates": [certificates.serialize(c) for c in rows]})


@bp.get(f"{API}/training/certificates/<int:cert_id>/certificate.pdf")
@allow(*READERS)
@accepts_query(LanguageQuery)
@responds_media({200: "application/pdf"}, headers={
    "Content-Disposition": 'attachment; filename="cips-certificate-<code>.pdf"'})
def certificate_pdf(cert_id: int):
    """The certificate as a PDF, with a QR code of its verification link."""
    cert = certificates.get_for(cert_id, current_user)
    data = render_pdf(cert, certificates.verify_url(cert), certificates.language_for(cert, request.args.get("lang")))
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="cips-certificate-{cert.code}.pdf"',
        "Cache-Control": "private, no-store"})


@bp.post(f"{API}/training/certificates/<int:cert_id>/revoke")
@allow(*CERTIFIERS)
@accepts(RevokeIn)
@responds(CertificateOut)
def certificate_revoke(cert_id: int):
    reason = fields.read(RevokeIn).reason
    cert = certificates.revoke(certificates.get_for(cert_id, current_user), reason, current_user)
    return reply(certificates.serialize(cert))


def _not_found(response) -> bool:
    return response.status_code == 404


_VERIFY_LIMIT = limiter.limit(lambda: current_app.config["VERIFY_FAILURES_PER_ADDRESS"], deduct_when=_not_found)


@bp.get(f"{API}/certificates/verify/<code>")
@public
@_VERIFY_LIMIT
@responds(PublicCertificate)
def verify(code: str):
    return reply(certificates.public_view(certificates.by_code(code)))


@bp.get("/verify/<code>")
@public
@_VERIFY_LIMIT
def verify_page(code: str):
    context, status = certificates.page_context(code, request.args.get("lang"))
    with force_locale(context["lang"].replace("-", "_")):
        page = render_template_string(PAGE, **context)
    return page, status, {"Cache-Control": "no-store", "Content-Language": context["lang"], "Vary": "Accept-Language"}
