"""A third language is a catalog folder, not code: with app/translations/es/LC_MESSAGES/
messages.po beside the Chinese one, the server lists Spanish and answers in it (README,
"Adding a language"). The catalogs are copied to a temporary folder so the repository's
stay as they are."""

from __future__ import annotations

import shutil

from app import i18n

SPANISH = '''msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Wrong username or password."
msgstr "Usuario o contraseña incorrectos."
'''


def test_a_third_language_needs_only_its_catalog(tmp_path, monkeypatch, demo_copy, make_app):
    folder = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS, folder, ignore=shutil.ignore_patterns("*.mo"))
    (folder / "es" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "es" / "LC_MESSAGES" / "messages.po").write_text(SPANISH, encoding="utf-8")
    monkeypatch.setattr(i18n, "TRANSLATIONS", folder)

    app = make_app(demo_copy, BABEL_TRANSLATION_DIRECTORIES=str(folder))
    client = app.test_client()
    listed = client.get("/api/v1/languages", headers={"Accept-Language": "es-ES,es;q=0.9"}).get_json()
    assert [lang["tag"] for lang in listed["languages"]][:1] == ["en"]
    assert {"zh-CN", "es"} <= {lang["tag"] for lang in listed["languages"]}
    assert listed["current"] == "es"

    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    for accept, expected in (("es", "Usuario o contraseña incorrectos."), ("zh-CN", "用户名或密码错误。"),
                             ("en", "Wrong username or password.")):
        answer = client.post("/api/v1/auth/login", json={"username": "analyst", "password": "wrong-password"},
                             headers={"X-CSRFToken": token, "Accept-Language": accept})
        assert answer.get_json()["message"] == expected, accept
    # A message the Spanish catalog lacks falls back to English, not to an error.
    assert client.get("/api/v1/no-such-thing", headers={"Accept-Language": "es"}).get_json()["message"] == \
        "There is nothing at this address."
