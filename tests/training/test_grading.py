"""The grading rules on their own: region geometry, IoU, centre inside, grade bands."""

from __future__ import annotations

import pytest

from app.blueprints.training.grading import band, box_of, grade, hits, iou
from tests.training.session import box_region

TRUTH = [box_region(100, 100, 100, 50)]
BANDS = [{"grade": "junior", "min_percent": 60}, {"grade": "intermediate", "min_percent": 75},
         {"grade": "senior", "min_percent": 90}]


def polygon(points: str) -> dict:
    return {"body": [], "target": {"selector": {"type": "SvgSelector",
                                                "value": f'<svg><polygon points="{points}"/></svg>'}}}


def test_boxes_from_fragment_and_polygon_selectors():
    assert box_of(box_region(1, 2, 3, 4)) == (1, 2, 3, 4)
    assert box_of(polygon("10,20 50,20 50,60 10,60")) == (10, 20, 40, 40)
    assert box_of(polygon("10,20 50,20")) is None  # not an area
    assert box_of({"target": {"selector": {"type": "FragmentSelector", "value": "xywh=pixel:1,2,0,4"}}}) is None


def test_iou():
    assert iou((0, 0, 10, 10), (0, 0, 10, 10)) == 1.0
    assert iou((0, 0, 10, 10), (20, 20, 5, 5)) == 0.0
    assert iou((0, 0, 10, 10), (5, 0, 10, 10)) == pytest.approx(50 / 150)


@pytest.mark.parametrize("marked, hit", [
    ((110, 105, 90, 40), True),      # IoU 0.72
    ((60, 90, 100, 60), True),       # IoU ~0.33, centre (110,120) inside as well
    ((195, 140, 20, 20), False),     # touches a corner: IoU tiny, centre outside
    ((148, 120, 4, 4), True),        # tiny, centre inside
    ((0, 0, 300, 320), False),       # "the whole image": IoU 0.05, centre (150,160) outside
    ((400, 100, 100, 50), False),    # elsewhere
])
def test_a_hit_is_iou_of_0_3_or_the_centre_inside(marked, hit):
    assert hits(marked, (100, 100, 100, 50)) is hit


def test_grade_a_question():
    assert grade("clear", [], "clear", []) == (True, None)
    assert grade("clear", [], "suspect", [box_region(1, 1, 5, 5)]) == (False, None)
    assert grade("suspect", TRUTH, "suspect", [box_region(110, 105, 90, 40)]) == (True, True)
    assert grade("suspect", TRUTH, "suspect", [box_region(400, 100, 100, 50)]) == (False, False)
    assert grade("suspect", TRUTH, "clear", [box_region(110, 105, 90, 40)]) == (False, True)
    assert grade("suspect", TRUTH, None, []) == (False, False)
    # One good mark among several is enough.
    assert grade("suspect", TRUTH, "suspect", [box_region(400, 1, 5, 5), box_region(120, 110, 60, 30)])[0]


def test_grade_bands():
    assert band(59.9, 60, BANDS) is None
    assert band(60, 60, BANDS) == "junior"
    assert band(80, 60, BANDS) == "intermediate"
    assert band(100, 60, BANDS) == "senior"
