"""The server's gettext catalogs are complete: every message `pybabel extract` finds in
app/ (with the project's babel.cfg) has an entry in every language's messages.po, every
entry has a non-empty translation with the same %(placeholders)s, and nothing is fuzzy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _extracted() -> dict[tuple[str | None, str], str]:
    """msgid -> where it is used, as `pybabel extract -F babel.cfg -o ... .` finds them."""
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords={"_": None, "gettext": None, "ngettext": (1, 2),
                                                          "lazy_gettext": None, "_l": None,
                                                          "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2),
                                                          "_col": ((1, "c"), 2)}):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault((_context, msgid), f"{filename}:{lineno}")
    return found


def _catalogs():
    return sorted(p for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


@pytest.fixture(scope="module")
def extracted() -> dict[tuple[str | None, str], str]:
    found = _extracted()
    assert len(found) > 100, "pybabel found almost nothing: is babel.cfg's pattern right?"
    return found


@pytest.mark.parametrize("po_path", _catalogs(), ids=lambda p: p.parent.parent.name)
def test_every_extracted_message_is_in_the_catalog(extracted, po_path):
    with open(po_path, "rb") as f:
        catalog = read_po(f)
    missing = sorted(f"{where}: {msgid!r}" for (context, msgid), where in extracted.items()
                     if catalog.get(msgid, context=context) is None)
    assert not missing, f"{len(missing)} message(s) missing from {po_path.relative_to(ROOT)}:\n" + "\n".join(missing)


@pytest.mark.parametrize("po_path", _catalogs(), ids=lambda p: p.parent.parent.name)
def test_every_catalog_entry_is_translated(po_path):
    with open(po_path, "rb") as f:
        catalog = read_po(f)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for s in strings:
            if set(PLACEHOLDER.findall(s)) != wanted:
                problems.append(f"placeholders differ: {ids[0]!r} -> {s!r}")
    assert not problems, f"{po_path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_there_is_a_chinese_catalog():
    assert (TRANSLATIONS / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po").is_file()
