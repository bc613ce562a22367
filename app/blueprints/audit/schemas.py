"""The auditor's answers (app.validation responds); docs/audit.md tells what they mean."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from app.models.audit import ACTOR_KINDS
from app.validation import Out, UtcDateTime


class AuditActor(Out):
    kind: Literal[ACTOR_KINDS]  # type: ignore[valid-type]
    id: int | None = Field(description="the person's or token's id; null for the system")
    name: str


class AuditTarget(Out):
    kind: str | None
    id: str | None


class AuditEventOut(Out):
    id: int
    at: UtcDateTime
    actor: AuditActor
    action: str
    target: AuditTarget
    scan_id: int | None
    address: str | None = Field(description="the caller's IP address")
    detail: dict[str, Any]
    hash: str = Field(description="this row's link in the hash chain")


class AuditEvents(Out):
    events: list[AuditEventOut] = Field(description="newest first")
    next: int | None = Field(description="pass as `before` for the next page; null: none found")


class AuditProblem(Out):
    kind: Literal["modified", "deleted", "inserted", "relinked", "checkpoint"]
    event_id: int | None
    message: str


class AuditVerification(Out):
    checked: int = Field(description="rows walked")
    intact: bool
    problem: AuditProblem | None = Field(description="the first break in the chain")


class OutsideViews(Out):
    views: list[AuditEventOut] = Field(description="scan views by people the scan was not assigned to")


class PeerDecision(Out):
    group_kind: Literal["site", "hs_chapter", "importer"]
    group: str
    analyst: str = Field(description="username")
    decided: int
    suspect_rate: float
    peers_decided: int
    peers_suspect_rate: float | None
    flagged: bool


class PeerDecisions(Out):
    rows: list[PeerDecision]


class SupervisorAction(Out):
    supervisor: str = Field(description="username")
    kind: str = Field(description="the queue event's kind (reassign, revoke, priority, retry, ...)")
    count: int
    last_at: UtcDateTime | None


class SupervisorActions(Out):
    rows: list[SupervisorAction]
