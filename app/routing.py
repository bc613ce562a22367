"""The Flask class CIPS runs on: URL rules whose builders are compiled once per process.

Werkzeug compiles two URL-building functions for every rule, from a syntax tree it builds,
walks and compiles: with our 175 rules, 0.04 s of CPU for each app, two thirds of
`create_app` once the modules are imported (0.056 s -> 0.017 s). A process serving makes
one app, but the tests make well over a thousand. The functions read the rule only through
their `.self` argument, so a rule of the same shape in a later app can use the function
compiled for the first."""

from __future__ import annotations

from typing import Any, Callable

from flask import Flask
from werkzeug.routing import Rule

# (rule, trace, default names, append_unknown) -> the builder werkzeug compiled for it
_BUILDERS: dict[tuple[Any, ...], Callable[..., tuple[str, str]]] = {}


class SharedBuilderRule(Rule):
    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        defaults = self.defaults or {}
        # A default for a part of the path is folded into the code through its converter
        # (which may differ between apps): compiled for this rule alone. CIPS has none.
        if any(is_dynamic and name in defaults for is_dynamic, name in self._trace):
            return super()._compile_builder(append_unknown)
        key = (self.rule, tuple(self._trace), tuple(defaults), append_unknown)
        builder = _BUILDERS.get(key)
        if builder is None:
            builder = _BUILDERS[key] = super()._compile_builder(append_unknown)
        return builder


class CipsFlask(Flask):
    url_rule_class = SharedBuilderRule
