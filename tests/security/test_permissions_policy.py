"""Permissions-Policy: browser features no page uses are refused to every page and what it frames."""

import pytest
from django.test import Client

from broadsheet.edge.refusals import security_headers

pytestmark = pytest.mark.django_db


def policy_of(response):
    return dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))


@pytest.mark.parametrize("url", ["/", "/no/such/page/", "/.well-known/security.txt", "/sitemap.xml"])
def test_every_answer_refuses_camera_microphone_and_location(client, url):
    policy = policy_of(client.get(url))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture"):
        assert policy[feature] == "()", feature


def test_video_embeds_keep_full_screen_and_the_sites_own_audio_needs_nothing(client, settings):
    policy = policy_of(client.get("/"))
    for host in settings.EMBED_FRAME_HOSTS:
        assert f'"https://{host}"' in policy["fullscreen"]
        assert f'"https://{host}"' in policy["picture-in-picture"]
    # Playing article audio and Listen Live asks for no permission: nothing there to allow.
    assert "autoplay" not in policy and "speaker-selection" not in policy


def test_the_edge_sends_the_same_policy_as_django():
    answer = Client().get("/no/such/address/")
    assert dict(security_headers(is_secure=False))["permissions-policy"] == answer["Permissions-Policy"]
