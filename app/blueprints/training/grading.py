"""Grading an answer against a question's ground truth (pure: no Flask, no database).

Regions are W3C Web Annotations; a polygon counts by its bounding box."""

from __future__ import annotations

import re
from typing import Any

Box = tuple[float, float, float, float]  # x, y, width, height in image pixels

IOU_HIT = 0.3
_XYWH = re.compile(r"xywh=(?:pixel:)?\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_POINTS = re.compile(r'points\s*=\s*"([^"]*)"')


def box_of(annotation: dict[str, Any]) -> Box | None:
    """The region's bounding box, or None when it has no readable geometry."""
    target = annotation.get("target") if isinstance(annotation, dict) else None
    selector = target.get("selector") if isinstance(target, dict) else None
    for s in selector if isinstance(selector, list) else [selector]:
        if not isinstance(s, dict) or not isinstance(s.get("value"), str):
            continue
        if s.get("type") == "FragmentSelector":
            m = _XYWH.search(s["value"])
            if m:
                x, y, w, h = (float(v) for v in m.groups())
                if w > 0 and h > 0:
                    return x, y, w, h
        elif s.get("type") == "SvgSelector":
            box = _svg_box(s["value"])
            if box is not None:
                return box
    return None


def _svg_box(svg: str) -> Box | None:
    m = _POINTS.search(svg)
    if m is None:
        return None
    values = [float(v) for v in _NUMBER.findall(m.group(1))]
    xs, ys = values[0::2], values[1::2]
    if len(xs) < 3 or len(xs) != len(ys):
        return None
    x0, y0 = min(xs), min(ys)
    w, h = max(xs) - x0, max(ys) - y0
    return (x0, y0, w, h) if w > 0 and h > 0 else None


def iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def centre_inside(marked: Box, truth: Box) -> bool:
    cx, cy = marked[0] + marked[2] / 2, marked[1] + marked[3] / 2
    return truth[0] <= cx <= truth[0] + truth[2] and truth[1] <= cy <= truth[1] + truth[3]


def hits(marked: Box, truth: Box) -> bool:
    return iou(marked, truth) >= IOU_HIT or centre_inside(marked, truth)


def region_hit(marked: list[dict[str, Any]], truth: list[dict[str, Any]]) -> bool:
    """Whether any marked region hits any ground-truth region."""
    truth_boxes = [b for b in (box_of(t) for t in truth) if b is not None]
    return any(hits(m, t) for m in (box_of(a) for a in marked) if m is not None for t in truth_boxes)


def grade(expected: str, truth: list[dict[str, Any]], decision: str | None,
          marked: list[dict[str, Any]]) -> tuple[bool, bool | None]:
    """(right, region hit): right when the decision is, and for a suspect question
    when a marked region also hits the ground truth. The hit is None for clear questions."""
    if expected == "clear":
        return decision == "clear", None
    hit = region_hit(marked, truth)
    return decision == "suspect" and hit, hit


def band(score_percent: float, pass_percent: float, bands: list[dict[str, Any]]) -> str | None:
    """The grade reached: the highest band whose floor the score meets; None if failed."""
    if score_percent < pass_percent:
        return None
    reached = [b for b in bands if score_percent >= b["min_percent"]]
    return max(reached, key=lambda b: b["min_percent"])["grade"] if reached else None
