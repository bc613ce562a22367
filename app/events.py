"""What happened, announced to whichever domain cares (blinker signals).

A domain sends; the domains that care connect a receiver in their own package, so no
domain imports another's internals to react to it."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# A person's access changed (deactivated, roles or affiliation changed, password
# reset, sessions ended by an admin): kwargs user_id, reason. Sessions end on it.
access_changed = _signals.signal("access-changed")
