"""Signed tile links: bound to a scan, a person and a period; forgeries and old links fail."""

from __future__ import annotations

from app.tiles import links

KEY = links.derive_key("secret")


def test_a_signed_link_verifies_until_it_expires():
    expires = links.expiry(1_000_000, 600)
    assert 1_000_600 < expires <= 1_001_200  # between one and two periods
    token = links.sign(KEY, 42, 7, expires)
    assert links.verify(KEY, token, 1_000_000) == links.TileLink(42, 7, expires)
    assert links.verify(KEY, token, expires) is None


def test_links_of_one_period_are_the_same_url():
    assert links.expiry(1_000_000, 600) == links.expiry(1_000_199, 600)
    assert links.sign(KEY, 1, 2, links.expiry(1_000_000, 600)) == links.sign(KEY, 1, 2, links.expiry(1_000_100, 600))


def test_tampering_or_another_key_fails():
    token = links.sign(KEY, 42, 7, 2_000_000)
    assert links.verify(KEY, token.replace(".42.", ".43."), 0) is None
    assert links.verify(KEY, token.replace(".7.", ".8."), 0) is None
    assert links.verify(links.derive_key("other"), token, 0) is None
    for bad in ("", "t1.1.2", "t1.a.b.c.d", "t2" + token[2:], token + "x"):
        assert links.verify(KEY, bad, 0) is None


def test_the_cookie_binds_the_link_to_its_persons_browser():
    link = links.TileLink(42, 7, 2_000_000)
    mine = f"{links.COOKIE_NAME}={links.cookie_value(KEY, 7)}"
    assert links.cookie_matches(KEY, link, f"cips_session=abc; {mine}")
    assert not links.cookie_matches(KEY, link, f"{links.COOKIE_NAME}={links.cookie_value(KEY, 8)}")
    assert not links.cookie_matches(KEY, link, None)
    assert not links.cookie_matches(KEY, link, "cips_session=abc")
