"""Render parameters: parsing, validation messages, canonical cache keys."""

from __future__ import annotations

import pytest

from app.tiles import RenderParamError, RenderParams


def test_defaults_from_empty_query():
    p = RenderParams.from_query({})
    assert p == RenderParams()
    assert (p.channel, p.window, p.level, p.gamma, p.cmap, p.strip, p.fmt) == (
        "high", None, None, 1.0, "grey", "none", "jpeg")
    assert not (p.invert or p.material or p.edge or p.equalize or p.hipen)


def test_full_query():
    p = RenderParams.from_query({
        "channel": "low", "window": "12000", "level": "30000.5", "gamma": "2.2",
        "invert": "1", "cmap": "hot", "material": "0", "strip": "metal", "edge": "1",
        "equalize": "1", "hipen": "1", "fmt": "png"})
    assert p == RenderParams("low", 12000.0, 30000.5, 2.2, True, "hot", False, "metal",
                             True, True, True, "png")


@pytest.mark.parametrize("query,param,words", [
    ({"zoom": "2"}, "zoom", "unknown parameter"),
    ({"channel": "mid"}, "channel", "one of high, low"),
    ({"window": "0"}, "window", "> 0"),
    ({"window": "-5"}, "window", "> 0"),
    ({"window": "wide"}, "window", "a number"),
    ({"window": "nan"}, "window", "finite"),
    ({"level": "70000"}, "level", "between 0 and 65535"),
    ({"level": "inf"}, "level", "finite"),
    ({"gamma": "0.05"}, "gamma", "between 0.1 and 10"),
    ({"gamma": "11"}, "gamma", "between 0.1 and 10"),
    ({"gamma": "auto"}, "gamma", "a number"),
    ({"invert": "yes"}, "invert", "0 or 1"),
    ({"material": "2"}, "material", "0 or 1"),
    ({"cmap": "viridis"}, "cmap", "one of"),
    ({"strip": "liquid"}, "strip", "one of none, organic"),
    ({"edge": ""}, "edge", "0 or 1"),
    ({"equalize": "true"}, "equalize", "0 or 1"),
    ({"hipen": "on"}, "hipen", "0 or 1"),
    ({"fmt": "webp"}, "fmt", "one of jpeg, png"),
    ({"window": ["100", "200"]}, "window", "exactly once"),
    ({"gamma": 2}, "gamma", "a string"),
])
def test_invalid_values_name_the_parameter(query, param, words):
    with pytest.raises(RenderParamError) as info:
        RenderParams.from_query(query)
    assert info.value.param == param
    assert words in info.value.message
    assert str(info.value).startswith(f"{param}: ")


def test_multidict_like_mapping_with_repeats_is_rejected():
    class MultiDict(dict):
        def getlist(self, key):
            return ["1", "0"] if key == "invert" else [self[key]]

    with pytest.raises(RenderParamError) as info:
        RenderParams.from_query(MultiDict(invert="1"))
    assert info.value.param == "invert"


def test_constructor_validates_too():
    with pytest.raises(RenderParamError) as info:
        RenderParams(gamma=0)
    assert info.value.param == "gamma"


def test_cache_key_is_canonical():
    a = RenderParams.from_query({"window": "100", "level": "50", "gamma": "1"})
    b = RenderParams(window=100, level=50.0)
    assert a.cache_key() == b.cache_key()
    assert a.cache_key() != RenderParams(window=100.5, level=50).cache_key()
    assert RenderParams(invert=True).cache_key() != RenderParams().cache_key()
    # the colour map is moot under material colouring: one cache entry, not one per cmap
    assert (RenderParams(material=True, cmap="hot").cache_key()
            == RenderParams(material=True).cache_key())
    assert RenderParams.from_query({"cmap": "gray"}).cmap == "grey"
    key = RenderParams().cache_key()
    assert key.startswith("channel=high;window=auto;level=auto;gamma=1.0;")
    assert RenderParams(edge=True).lut_key() == RenderParams(fmt="png").lut_key()


def test_to_query_round_trips():
    p = RenderParams(channel="low", window=1234.5, level=999.0, invert=True, strip="organic")
    q = p.to_query()
    assert q == {"channel": "low", "window": "1234.5", "level": "999.0", "invert": "1",
                 "strip": "organic"}
    assert RenderParams.from_query(q) == p
    assert RenderParams().to_query() == {}
    assert RenderParams.from_query({"window": "auto"}).window is None
