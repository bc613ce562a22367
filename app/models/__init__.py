"""All models, imported here so Alembic and the app see one metadata."""

from app.models.declarations import Declaration, DeclarationContainer, OutboxEvent, ScanDeclaration
from app.models.audit import AuditCheckpoint, AuditEvent, AuditHead
from app.models.jobs import ChoreRun, WorkerProcess
from app.models.equipment import EquipmentAlert, EquipmentEvent, ScannerState
from app.models.org import Centre, Headquarters, Scanner, Site
from app.models.scans import Scan, ScanChannel
from app.models.storage import RetentionRule, ScanStorage, StoredObject
from app.models.sessions import RuntimeSetting, UserSession
from app.models.training import Attempt, AttemptAnswer, Certificate, ExamTemplate, LibraryItem, Question
from app.models.uploads import Upload
from app.models.users import ROLES, ApiToken, User, UserRole
from app.models.workflow import (
    Assignment, Inspection, InspectionFinding, InspectionPhoto, QueueEvent, Review, Verdict,
)

__all__ = [
    "EquipmentAlert", "EquipmentEvent", "ScannerState",
    "Declaration", "DeclarationContainer", "OutboxEvent", "ScanDeclaration",
    "Assignment", "Inspection", "InspectionFinding", "InspectionPhoto", "QueueEvent", "Review", "Verdict",
    "ApiToken", "Centre", "Headquarters", "ROLES", "Scan", "ScanChannel", "Scanner", "Site",
    "Upload", "User", "UserRole", "ChoreRun", "WorkerProcess", "AuditCheckpoint", "AuditEvent", "AuditHead",
    "RetentionRule", "ScanStorage", "StoredObject",
    "RuntimeSetting", "UserSession",
    "Attempt", "AttemptAnswer", "Certificate", "ExamTemplate", "LibraryItem", "Question",
]
