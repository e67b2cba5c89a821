"""One refusal, answered one way: JSON to scripts, the feature's page to browsers, never stored."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from broadsheet.refusals import Refused, refusal_response, wants_json
from tests.newsroom.test_plugins import PACKAGE, feature_apps, feature_imports

BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
SCRIPTS = [{"HTTP_X_REQUESTED_WITH": "fetch"}, {"HTTP_ACCEPT": "application/json"}]


def post(**headers):
    return RequestFactory().post("/anything/", **headers)


def page(refusal):
    return HttpResponse(f"<p class=message-error>{refusal.message}</p>")


def unreachable(refusal):
    raise AssertionError("a script's answer rendered the page")


@pytest.mark.parametrize("headers", SCRIPTS)
@pytest.mark.parametrize("status", [400, 403, 404, 409, 429])
def test_a_script_gets_the_refusal_as_json_with_its_status(headers, status):
    refusal = Refused("You have already voted in this poll.", status=status, code="duplicate")
    response = refusal_response(post(**headers), refusal, html=unreachable)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "ok": False,
        "code": "duplicate",
        "message": "You have already voted in this poll.",
    }


@pytest.mark.parametrize("status", [400, 403, 409, 429])
def test_a_browser_gets_the_features_page_with_the_refusals_status(status):
    refusal = Refused("This poll has closed; voting is over.", status=status, code="closed")
    response = refusal_response(post(**BROWSER), refusal, html=page)
    assert response.status_code == status
    assert response.content.decode() == "<p class=message-error>This poll has closed; voting is over.</p>"


def test_what_does_not_exist_is_the_sites_404_page_to_a_browser():
    refusal = Refused("This poll does not exist.", status=404, code="unknown_poll")
    with pytest.raises(Http404, match="This poll does not exist."):
        refusal_response(post(**BROWSER), refusal, html=unreachable)


@pytest.mark.parametrize("headers", [BROWSER, *SCRIPTS])
def test_no_refusal_is_stored_by_a_cache(headers):
    response = refusal_response(post(**headers), Refused("No.", status=403), html=page)
    assert response["Cache-Control"] == "private, no-store"


def test_a_page_keeps_its_own_cache_directives_and_is_never_stored():
    def expiring_page(refusal):
        response = page(refusal)
        response["Cache-Control"] = "max-age=0, must-revalidate"
        return response

    response = refusal_response(post(**BROWSER), Refused("No."), html=expiring_page)
    assert set(response["Cache-Control"].split(", ")) == {"max-age=0", "must-revalidate", "private", "no-store"}


@pytest.mark.parametrize("headers", [BROWSER, *SCRIPTS])
def test_a_refusal_that_passes_with_time_says_when_to_try_again(headers):
    refusal = Refused("Too many wrong codes.", status=429, code="throttled", retry_after=30)
    response = refusal_response(post(**headers), refusal, html=page)
    assert (response.status_code, response["Retry-After"]) == (429, "30")


def test_a_refusal_without_a_time_sends_no_retry_after():
    response = refusal_response(post(**BROWSER), Refused("Sign in to vote.", status=403), html=page)
    assert "Retry-After" not in response


def test_a_page_the_view_marked_frameable_stays_frameable():
    def framed(refusal):
        response = page(refusal)
        response.xframe_options_exempt = True
        return response

    response = refusal_response(post(**BROWSER), Refused("No.", status=409), html=framed)
    assert response.xframe_options_exempt


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (BROWSER, False),
        ({}, False),
        ({"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}, False),
        ({"HTTP_X_REQUESTED_WITH": "fetch"}, True),
        ({"HTTP_ACCEPT": "application/json"}, True),
        ({"HTTP_ACCEPT": "application/json, text/plain, */*"}, True),
    ],
)
def test_scripts_are_told_from_browsers_by_their_headers(headers, expected):
    assert wants_json(post(**headers)) is expected


def test_a_refusal_is_a_validation_error_with_the_persons_message():
    refusal = Refused("Choose one of this poll's options.", code="unknown_option")
    assert isinstance(refusal, ValidationError)
    assert refusal.messages == ["Choose one of this poll's options."]
    assert str(refusal) == refusal.message == "Choose one of this poll's options."
    assert (refusal.status, refusal.code, refusal.retry_after) == (400, "unknown_option", None)


def test_the_refusals_module_imports_no_feature_app():
    assert feature_imports([PACKAGE / "refusals.py"], feature_apps()) == []
