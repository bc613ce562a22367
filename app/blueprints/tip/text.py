"""Messages people read, through Flask-Babel once the app has it (issue 17's skeleton);
plain English before, so TIP works on either side of that merge."""

from __future__ import annotations

from flask_babel import gettext


def _(message: str, **values: object) -> str:
    try:
        return gettext(message, **values)
    except KeyError:  # no Babel on this app
        return message % values if values else message
