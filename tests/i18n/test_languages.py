"""Which language the server answers in: the person's saved choice, else Accept-Language."""

from __future__ import annotations


def test_languages_lists_what_the_catalogs_hold(client):
    body = client.get("/api/v1/languages", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_json()
    tags = [lang["tag"] for lang in body["languages"]]
    assert tags[0] == "en" and "zh-CN" in tags
    assert body["current"] == "zh-CN"
    assert client.get("/api/v1/languages", headers={"Accept-Language": "fr-FR, en;q=0.5"}).get_json()["current"] == "en"
    # Nothing asked: English.
    assert client.get("/api/v1/languages").get_json()["current"] == "en"


def test_a_saved_choice_follows_the_person_and_can_be_cleared(client, auth):
    auth.login("analyst")
    csrf = auth.csrf()
    saved = client.put("/api/v1/auth/me/language", json={"language": "zh-cn"}, headers={"X-CSRFToken": csrf})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["user"]["language"] == "zh-CN"
    # The choice outranks what this browser asks for.
    me = client.get("/api/v1/languages", headers={"Accept-Language": "en"}).get_json()
    assert me["current"] == "zh-CN"
    assert client.get("/api/v1/auth/me").get_json()["user"]["language"] == "zh-CN"

    cleared = client.put("/api/v1/auth/me/language", json={"language": None}, headers={"X-CSRFToken": csrf})
    assert cleared.get_json()["user"]["language"] is None
    assert client.get("/api/v1/languages", headers={"Accept-Language": "en"}).get_json()["current"] == "en"


def test_an_unknown_language_is_refused_in_the_language_asked_for(client, auth):
    auth.login("analyst")
    csrf = auth.csrf()
    for bad in ("klingon", "zh-TW-x", 7, ""):
        response = client.put("/api/v1/auth/me/language", json={"language": bad},
                              headers={"X-CSRFToken": csrf, "Accept-Language": "zh-CN"})
        assert response.status_code == 422, (bad, response.get_json())
        assert response.get_json()["error"] == "invalid_data"
    response = client.put("/api/v1/auth/me/language", json={"language": "klingon"},
                          headers={"X-CSRFToken": csrf, "Accept-Language": "zh-CN"})
    assert "未知语言" in response.get_json()["message"]
    assert client.get("/api/v1/auth/me").get_json()["user"]["language"] is None


def test_signed_out_people_cannot_save_a_language(client, auth):
    response = client.put("/api/v1/auth/me/language", json={"language": "en"}, headers={"X-CSRFToken": auth.csrf()})
    assert response.status_code == 401
