"""Languages: which one a request is answered in, and the server's gettext catalogs.

A language is a folder under app/translations (gettext .po, compiled here to .mo when
stale) and one under frontend/src/locales (JSON): adding a third needs no code change.
English is the source language and needs no catalog.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import g, has_request_context, request
from flask_babel import Babel
from flask_login import current_user

log = logging.getLogger(__name__)

TRANSLATIONS = Path(__file__).parent / "translations"
SOURCE_LANGUAGE = "en"

babel = Babel()


def _tag(folder: str) -> str:
    """Babel's locale id, the catalog's folder (zh_Hans_CN) -> the BCP 47 tag clients send
    and the SPA's catalog folder uses (zh-CN)."""
    locale = Locale.parse(folder)
    return f"{locale.language}-{locale.territory}" if locale.territory else locale.language


def languages() -> list[str]:
    """Every language CIPS speaks, as BCP 47 tags, English first."""
    found = sorted(_tag(p.name) for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())
    return [SOURCE_LANGUAGE, *found]


def normalise(tag: object) -> str | None:
    """A supported tag for what a client or a user asked for ('zh', 'zh_cn', 'zh-Hans-CN' -> 'zh-CN')."""
    if not isinstance(tag, str) or not tag.strip():
        return None
    wanted = tag.strip().replace("_", "-").lower()
    supported = languages()
    for lang in supported:
        if lang.lower() == wanted:
            return lang
    base = wanted.split("-")[0]
    for lang in supported:
        if lang.lower().split("-")[0] == base:
            return lang
    return None


def request_language() -> str:
    """The saved choice of the person signed in, else the best of Accept-Language, else English."""
    if not has_request_context():
        return SOURCE_LANGUAGE
    cached = g.get("_cips_language")
    if cached:
        return cached
    lang = None
    try:
        if current_user and current_user.is_authenticated:
            lang = normalise(getattr(current_user, "language", None))
    except Exception:  # no user loader yet (errors before sign-in checks): fall through
        lang = None
    if lang is None:
        for offered, _quality in request.accept_languages:
            lang = normalise(offered)
            if lang:
                break
    g._cips_language = lang or SOURCE_LANGUAGE
    return g._cips_language


def _babel_locale() -> str:
    return request_language().replace("-", "_")  # Babel adds the script: zh_CN -> zh_Hans_CN


def compile_catalogs() -> None:
    """Write each .mo beside its .po when it is missing or older (atomically: other
    processes may be reading it). A read-only install keeps what was built."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        try:
            with po.open("rb") as f:
                catalog = read_po(f, locale=po.parent.parent.name)
            fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
            with os.fdopen(fd, "wb") as out:
                write_mo(out, catalog, use_fuzzy=False)
            os.replace(tmp, mo)
        except OSError as exc:
            log.warning("cannot compile %s: %s", po, exc)


def init_app(app) -> None:
    compile_catalogs()
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=_babel_locale)
