"""Checking the regions analysts and experts mark: W3C Web Annotations, each with a threat
category (a body with purpose "classifying"), a free-text label ("tagging") or both, and
optionally a link to the declaration's goods line the region contradicts ("linking")."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from app.errors import ApiError
from app.threats import THREAT_CATEGORIES

SELECTORS = ("FragmentSelector", "SvgSelector")
MAX_REGIONS = 50


def _bodies(annotation: dict[str, Any]) -> list[dict[str, Any]]:
    bodies = annotation.get("body", [])
    bodies = [bodies] if isinstance(bodies, dict) else bodies
    return [b for b in bodies if isinstance(b, dict)] if isinstance(bodies, list) else []


def _with_purpose(annotation: dict[str, Any], purpose: str) -> list[dict[str, Any]]:
    return [b for b in _bodies(annotation) if b.get("purpose") == purpose]


def label_of(annotation: dict[str, Any]) -> str | None:
    for body in _with_purpose(annotation, "tagging"):
        if isinstance(body.get("value"), str):
            return body["value"].strip() or None
    return None


def category_of(annotation: dict[str, Any]) -> str | None:
    found = _with_purpose(annotation, "classifying")
    return found[0].get("value") if found else None


def goods_line_of(annotation: dict[str, Any]) -> int | None:
    found = _with_purpose(annotation, "linking")
    return found[0].get("goods_line") if found else None


def check_regions(regions: Any, *, needed: bool, goods_lines: int | None = None) -> list[dict[str, Any]]:
    """The regions, or a 422 naming the first problem. `goods_lines` is how many goods lines
    the scan's declaration has (None: no declaration, so no region may link to one)."""
    if not isinstance(regions, list) or len(regions) > MAX_REGIONS:
        raise _bad(_("regions must be a list of at most %(MAX_REGIONS)s annotations", MAX_REGIONS=MAX_REGIONS))
    if needed and not regions:
        raise _bad(_("a suspect decision needs at least one marked region"))
    for i, annotation in enumerate(regions):
        if not isinstance(annotation, dict):
            raise _bad(_("regions[%(i)s] must be a W3C Web Annotation object", i=i))
        target = annotation.get("target")
        selector = target.get("selector") if isinstance(target, dict) else None
        selectors = selector if isinstance(selector, list) else [selector]
        if not any(isinstance(s, dict) and s.get("type") in SELECTORS for s in selectors):
            raise _bad(_("regions[%(i)s] needs a target selector of type %(value)s", i=i, value=' or '.join(SELECTORS)))
        _check_category(annotation, i)
        _check_goods_line(annotation, i, goods_lines)
        if label_of(annotation) is None and category_of(annotation) is None:
            raise _bad(_("regions[%(i)s] needs a threat category (a body with purpose 'classifying') or a label (a body with purpose 'tagging')", i=i))
    return regions


def _check_category(annotation: dict[str, Any], i: int) -> None:
    found = _with_purpose(annotation, "classifying")
    if len(found) > 1:
        raise _bad(_("regions[%(i)s] has more than one threat category", i=i))
    if found and found[0].get("value") not in THREAT_CATEGORIES:
        raise _bad(_("regions[%(i)s]: the threat category must be one of %(value)s", i=i, value=', '.join(THREAT_CATEGORIES)))


def _check_goods_line(annotation: dict[str, Any], i: int, goods_lines: int | None) -> None:
    found = _with_purpose(annotation, "linking")
    if not found:
        return
    line = found[0].get("goods_line")
    if len(found) > 1 or isinstance(line, bool) or not isinstance(line, int):
        raise _bad(_("regions[%(i)s] may link one goods line, given as an integer goods_line", i=i))
    if goods_lines is None:
        raise _bad(_("regions[%(i)s] links goods line %(line)s, but this scan has no declaration", i=i, line=line))
    if not 1 <= line <= goods_lines:
        raise _bad(_("regions[%(i)s] links goods line %(line)s; the declaration has lines 1 to %(goods_lines)s", i=i, line=line, goods_lines=goods_lines))


def findings(regions: list[dict[str, Any]], goods: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """What each region says, flat, for the customs operation system: its category, label
    and the goods line it contradicts (with that line's HS code and description)."""
    out = []
    for number, annotation in enumerate(regions, start=1):
        line = goods_line_of(annotation)
        item: dict[str, Any] = {"region": number, "category": category_of(annotation), "label": label_of(annotation),
                                "goods_line": None}
        if line is not None and goods and 1 <= line <= len(goods):
            item["goods_line"] = {"line": line, "hs_code": goods[line - 1].get("hs_code"),
                                  "description": goods[line - 1].get("description")}
        out.append(item)
    return out


def _bad(message: str) -> ApiError:
    return ApiError(422, "invalid_regions", message, field="regions")
