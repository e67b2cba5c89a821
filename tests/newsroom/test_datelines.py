from datetime import UTC, datetime

import pytest

from broadsheet.newsroom.datelines import format_dateline
from broadsheet.newsroom.templatetags.newsroom import dateline


def test_dateline_prints_time_offset_and_date_in_newsroom_zone(settings):
    settings.NEWSROOM_TIME_ZONE = "Europe/Moscow"
    assert format_dateline(datetime(2020, 1, 23, 17, 48, tzinfo=UTC)) == "20:48 GMT+3, 23 January 2020"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("UTC", "17:48 GMT, 23 January 2020"),
        ("Asia/Kolkata", "23:18 GMT+5:30, 23 January 2020"),
        ("America/New_York", "12:48 GMT-5, 23 January 2020"),
        ("Asia/Tokyo", "02:48 GMT+9, 24 January 2020"),
    ],
)
def test_dateline_follows_the_configured_zone(settings, zone, expected):
    settings.NEWSROOM_TIME_ZONE = zone
    assert format_dateline(datetime(2020, 1, 23, 17, 48, tzinfo=UTC)) == expected


def test_dateline_uses_summer_time_offset_when_it_applies(settings):
    settings.NEWSROOM_TIME_ZONE = "Europe/London"
    assert format_dateline(datetime(2020, 7, 1, 12, 0, tzinfo=UTC)) == "13:00 GMT+1, 1 July 2020"


def test_dateline_tag_is_a_machine_readable_time_element(settings):
    settings.NEWSROOM_TIME_ZONE = "Europe/Moscow"
    html = dateline(datetime(2020, 1, 23, 17, 48, tzinfo=UTC))
    assert html == '<time class="dateline" datetime="2020-01-23T17:48:00+00:00">20:48 GMT+3, 23 January 2020</time>'
