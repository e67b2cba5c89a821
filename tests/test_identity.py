"""Robots are told from readers as CrawlerDetect tells them, each leftover of a browser string searched once."""

import pytest
from crawlerdetect import CrawlerDetect

from broadsheet import identity
from tests.metrics.test_beacon import ROBOTS

BROWSERS = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 "
    "Edg/130.0.0.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
    "Safari/537.36",
    "Opera/9.80 (Windows NT 6.1; U; en) Presto/2.10.289 Version/12.02",
]
# Robots hidden inside browser strings, where only what is left once browser words go names them.
DISGUISED = [
    BROWSERS[0].replace("Safari/537.36", "Safari/537.36 (compatible; Google-InspectionTool/1.0)"),
    BROWSERS[2] + " (Applebot/0.1; +http://www.apple.com/go/applebot)",
    BROWSERS[4].replace("Mobile", "HeadlessChrome Mobile"),
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
]


# Ours on top of CrawlerDetect's list (link previews it does not know), and no string at all.
OWN_ADDITIONS = [r for r in ROBOTS if not r or identity.PREVIEW_FETCHERS.search(r)]


@pytest.mark.parametrize("user_agent", BROWSERS + DISGUISED + [r for r in ROBOTS if r not in OWN_ADDITIONS])
def test_a_user_agent_is_a_robot_exactly_when_crawlerdetect_says_so(user_agent):
    assert identity.is_crawler(user_agent) == CrawlerDetect().is_crawler(user_agent)


def test_robots_and_browsers_are_told_apart():
    assert not any(identity.is_crawler(agent) for agent in BROWSERS)
    assert all(identity.is_crawler(agent) for agent in DISGUISED + ROBOTS)
    assert identity.is_crawler("   ")  # a blank string is nobody's browser


def test_new_builds_of_one_browser_search_the_robot_list_once():
    identity.is_crawler.cache_clear()
    identity.leftover_names_a_robot.cache_clear()
    builds = [BROWSERS[0].replace("6778.85", f"6778.{n}") for n in range(50)]
    assert not any(identity.is_crawler(agent) for agent in builds)
    assert identity.leftover_names_a_robot.cache_info().misses == 1
