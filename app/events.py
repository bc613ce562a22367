"""What happened, announced to whichever domain cares (blinker signals).

A domain sends; the domains that care connect a receiver in their own package, so no
domain imports another's internals to react to it."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# A scan was registered (committed): kwargs scan_id. Declarations look for their match.
scan_registered = _signals.signal("scan-registered")
# A scan's pyramids are built and it may be judged: kwargs scan_id, centre_id.
scan_ready = _signals.signal("scan-ready")
# A verdict was committed (kwargs scan_id, centre_id): the analyst is free for the next scan.
verdict_issued = _signals.signal("verdict-issued")
# An assignment was just made, inside the dispatch's transaction (sender: the Assignment):
# threat image projection decides here whether the analyst sees a projected threat.
assignment_made = _signals.signal("assignment-made")
# An assignment was committed and is about to be pushed to its analyst (sender: its id).
assignment_announced = _signals.signal("assignment-announced")
# An analyst submits a decision (sender: the Assignment; kwargs analyst, decision, regions).
# A receiver that returns a dict takes the decision instead of the verdict (a projected
# threat's moment of truth): the verdict route answers with that dict and nothing is issued.
decision_submitting = _signals.signal("decision-submitting")
# An analyst's decision was committed, before the next scan is dispatched (sender: user id;
# kwargs centre_id): breaks before fatigue pause the workstation here.
analyst_decided = _signals.signal("analyst-decided")
# An analyst asks to be ready (sender: the User); a receiver refuses with an ApiError.
ready_requested = _signals.signal("ready-requested")
# An analyst or expert said ready (kwargs user_id, centre_id).
analyst_ready = _signals.signal("analyst-ready")
# An analyst's workstation changed (sender: the user id): connected, disconnected, ready,
# paused, given a scan, decided it, or lost it. The wall's list of analysts follows it.
workstation_changed = _signals.signal("workstation-changed")
# Someone passed an exam and holds a new certificate (kwargs user_id, centre_id or None).
certificate_issued = _signals.signal("certificate-issued")

# A person's access changed (deactivated, roles or affiliation changed, password
# reset, sessions ended by an admin): kwargs user_id, reason. Sessions end on it.
access_changed = _signals.signal("access-changed")
