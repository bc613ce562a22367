"""URLs built by CIPS's rules, whose builders later apps share (app/routing.py), are the
URLs werkzeug's own rules build."""

from __future__ import annotations

from werkzeug.routing import Map, Rule

from app import create_app


def _sample(rule: Rule) -> dict[str, object]:
    """A value for each of the rule's variables, of the type its converter takes."""
    values: dict[str, object] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        items = getattr(converter, "items", None)  # any(a, b)
        values[name] = sorted(items)[0] if items else 7 if converter.regex == r"\d+" else f"v-{name}"
    return values


def test_every_rule_of_a_second_app_builds_what_a_plain_werkzeug_rule_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("CIPS_INSTANCE_PATH", str(tmp_path))
    first = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    second = create_app({"TESTING": True, "ASYNC_MODE": "threading"})
    rules = list(second.url_map.iter_rules())
    assert len(rules) > 100

    plain = Map(converters=second.url_map.converters)
    for rule in rules:
        plain.add(Rule(rule.rule, endpoint=rule.endpoint, methods=rule.methods, defaults=rule.defaults))
    ours, theirs = second.url_map.bind("cips.test"), plain.bind("cips.test")
    for rule in rules:
        values = _sample(rule)
        method = sorted(rule.methods - {"HEAD", "OPTIONS"} or rule.methods)[0]
        # An unknown value goes to the query string: the second of werkzeug's two builders.
        for extra in ({}, {"page": 2, "q": "a b"}):
            assert ours.build(rule.endpoint, {**values, **extra}, method=method) == \
                theirs.build(rule.endpoint, {**values, **extra}, method=method), rule.rule

    # The point of it: the second app compiled nothing (werkzeug renaming the method it
    # overrides would turn this off silently, and cost every test 40 ms again).
    builders = {r.rule: r._build.__func__ for r in first.url_map.iter_rules()}
    assert all(r._build.__func__ is builders[r.rule] for r in rules)
