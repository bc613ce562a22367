"""API errors answer in the language the request asks for (Accept-Language), for people
signed in or not: a 404, a 422 from validation, a 403, a failed sign-in, a refused CSRF
token, an address with nothing at it. English stays the answer when nothing is asked."""

from __future__ import annotations

import re

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")
ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def _login(client, auth, username: str):
    assert auth.login(username).status_code == 200


@pytest.mark.parametrize(("headers", "expected"), [
    (ZH, "用户名或密码错误。"),
    (EN, "Wrong username or password."),
    ({}, "Wrong username or password."),
])
def test_a_failed_sign_in_is_told_in_the_language_asked_for(client, auth, headers, expected):
    response = client.post("/api/v1/auth/login", json={"username": "analyst", "password": "wrong-password"},
                           headers={"X-CSRFToken": auth.csrf(), **headers})
    assert response.status_code == 401
    assert response.get_json() == {"error": "invalid_credentials", "message": expected}


@pytest.mark.parametrize(("headers", "expected"), [
    (ZH, "没有您可查看的、编号为 987654 的扫描。"),
    (EN, "No scan 987654 that you may see."),
])
def test_a_missing_scan_is_a_404_in_the_language_asked_for(client, auth, headers, expected):
    _login(client, auth, "analyst")
    response = client.get("/api/v1/scans/987654", headers=headers)
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found", "message": expected}


def test_an_address_with_nothing_at_it_is_a_404_in_chinese(client):
    response = client.get("/api/v1/no-such-thing", headers=ZH)
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found", "message": "此地址没有内容。"}
    english = client.get("/api/v1/no-such-thing", headers=EN).get_json()["message"]
    assert english == "There is nothing at this address."


@pytest.mark.parametrize(("headers", "expected"), [
    (ZH, "您的角色无权执行此操作。"),
    (EN, "Your role does not allow this."),
])
def test_a_refused_role_is_a_403_in_the_language_asked_for(client, auth, headers, expected):
    _login(client, auth, "analyst")
    response = client.get("/api/v1/admin/people", headers=headers)
    assert response.status_code == 403
    assert response.get_json()["message"] == expected


def test_signed_out_is_a_401_in_chinese(client):
    response = client.get("/api/v1/admin/people", headers=ZH)
    assert response.status_code == 401
    assert response.get_json()["message"] == "请先登录。"


def test_a_validation_error_is_a_422_whose_sentence_is_chinese(client, auth):
    _login(client, auth, "admin")
    csrf = auth.csrf()
    # A range check of our own: the whole sentence is translated.
    response = client.put("/api/v1/admin/settings/SESSION_IDLE_MINUTES", json={"value": 0},
                          headers={"X-CSRFToken": csrf, **ZH})
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_data" and body["field"] == "value"
    assert body["message"] == "value：SESSION_IDLE_MINUTES 须在 1 与 1440 之间。"
    english = client.put("/api/v1/admin/settings/SESSION_IDLE_MINUTES", json={"value": 0},
                         headers={"X-CSRFToken": csrf, **EN}).get_json()["message"]
    assert english == "value: SESSION_IDLE_MINUTES is between 1 and 1440."

    # A pydantic model's check: our wrapper is Chinese, pydantic's own detail may stay English.
    response = client.post("/api/v1/admin/people", json={"username": "x"}, headers={"X-CSRFToken": csrf, **ZH})
    assert response.status_code == 422
    message = response.get_json()["message"]
    field = response.get_json()["field"]
    assert message.startswith(f"{field}："), message

    # A request body that is not JSON at all.
    response = client.post("/api/v1/admin/people", data="nope", content_type="text/plain",
                           headers={"X-CSRFToken": csrf, **ZH})
    assert response.status_code in (400, 415, 422)
    assert CJK.search(response.get_json()["message"]), response.get_json()


def test_a_refused_csrf_token_is_explained_in_chinese(client, auth):
    _login(client, auth, "analyst")
    response = client.post("/api/v1/auth/logout", headers={"X-CSRFToken": "forged", **ZH})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "csrf_failed"
    assert body["message"].startswith("请求被拒绝：") and body["message"].endswith("请刷新页面后重试。")


def test_the_saved_language_wins_over_the_browser(client, auth):
    _login(client, auth, "analyst")
    client.put("/api/v1/auth/me/language", json={"language": "zh-CN"}, headers={"X-CSRFToken": auth.csrf()})
    response = client.get("/api/v1/scans/987654", headers=EN)
    assert response.get_json()["message"] == "没有您可查看的、编号为 987654 的扫描。"
