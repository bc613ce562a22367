"""What the auth domain does when others announce something (app.events)."""

from __future__ import annotations

from app import sessions
from app.events import access_changed


@access_changed.connect
def _end_sessions(sender, **kwargs) -> None:
    """A person's access changed (deactivated, roles, affiliation, password reset, or an
    admin's "end sessions"): every session of theirs ends now, live sockets included,
    so they sign in again under the new rules or not at all."""
    user_id = kwargs.get("user_id", sender)
    sessions.end_all(int(user_id), str(kwargs.get("reason") or "access changed"))
