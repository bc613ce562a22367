"""Checking the regions analysts and experts mark: W3C Web Annotations with a label."""

from __future__ import annotations

from typing import Any

from app.errors import ApiError

SELECTORS = ("FragmentSelector", "SvgSelector")
MAX_REGIONS = 50


def label_of(annotation: dict[str, Any]) -> str | None:
    bodies = annotation.get("body", [])
    bodies = [bodies] if isinstance(bodies, dict) else bodies
    for body in bodies if isinstance(bodies, list) else []:
        if isinstance(body, dict) and body.get("purpose") == "tagging" and isinstance(body.get("value"), str):
            return body["value"].strip() or None
    return None


def check_regions(regions: Any, *, needed: bool) -> list[dict[str, Any]]:
    if not isinstance(regions, list) or len(regions) > MAX_REGIONS:
        raise _bad(f"regions must be a list of at most {MAX_REGIONS} annotations")
    if needed and not regions:
        raise _bad("a suspect decision needs at least one marked region")
    for i, annotation in enumerate(regions):
        if not isinstance(annotation, dict):
            raise _bad(f"regions[{i}] must be a W3C Web Annotation object")
        target = annotation.get("target")
        selector = target.get("selector") if isinstance(target, dict) else None
        selectors = selector if isinstance(selector, list) else [selector]
        if not any(isinstance(s, dict) and s.get("type") in SELECTORS for s in selectors):
            raise _bad(f"regions[{i}] needs a target selector of type {' or '.join(SELECTORS)}")
        if label_of(annotation) is None:
            raise _bad(f"regions[{i}] needs a label (a body with purpose 'tagging')")
    return regions


def _bad(message: str) -> ApiError:
    return ApiError(422, "invalid_regions", message, field="regions")
