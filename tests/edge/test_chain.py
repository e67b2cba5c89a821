"""The short chain: every middleware is on it or said to be unneeded there, and the edge's rule for taking it."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from broadsheet.edge.chain import short_chain, takes_short_chain, view_for
from broadsheet.edge.refusals import security_headers


def test_every_middleware_is_on_the_short_chain_or_said_to_be_unneeded_there():
    short, unneeded = settings.EDGE_SHORT_CHAIN, settings.EDGE_NOT_ON_SHORT_CHAIN
    forgotten = [path for path in settings.MIDDLEWARE if path not in short and path not in unneeded]
    assert not forgotten, f"Add these to EDGE_SHORT_CHAIN, or to EDGE_NOT_ON_SHORT_CHAIN with a reason: {forgotten}"
    assert not set(short) & set(unneeded)
    assert set(short) | set(unneeded) == set(settings.MIDDLEWARE)  # nothing named that is not in use
    # In MIDDLEWARE's order: the short chain is the same chain with links left out.
    assert short == [path for path in settings.MIDDLEWARE if path in short]
    assert all(reason.strip() and "\n" not in reason for reason in unneeded.values())


def test_the_short_chain_keeps_the_middleware_that_matters_for_scripts():
    for needed in (
        "django.middleware.security.SecurityMiddleware",
        "broadsheet.operations.logs.RequestIdMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "broadsheet.middleware.ContentSecurityPolicyMiddleware",
        "broadsheet.middleware.RequestLimitsMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "broadsheet.identity.ReaderMiddleware",
    ):
        assert needed in settings.EDGE_SHORT_CHAIN


def test_the_edge_finds_a_views_declaration_through_djangos_url_resolver(db):
    assert getattr(view_for(reverse("polls:vote", args=[12345])), "edge_short_chain", None) is not None
    assert getattr(view_for("/f/views/"), "edge_short_chain", None) is not None
    assert getattr(view_for("/polls/12345/"), "edge_short_chain", None) is None
    assert getattr(view_for("/no/such/address/"), "edge_short_chain", None) is None  # Wagtail's pages


def test_a_session_cookie_always_takes_the_full_chain(rf):
    @short_chain
    def view(request):
        return None

    assert takes_short_chain(rf.post("/"), view)
    with_session = rf.post("/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "anything"
    assert not takes_short_chain(with_session, view)


def test_a_view_may_narrow_when_it_takes_the_short_chain(rf):
    @short_chain(when=lambda request: request.headers.get("X-Requested-With") == "fetch")
    def view(request):
        return None

    def undeclared(request):
        return None

    assert takes_short_chain(rf.post("/", HTTP_X_REQUESTED_WITH="fetch"), view)
    assert not takes_short_chain(rf.post("/"), view)
    assert not takes_short_chain(rf.post("/", HTTP_X_REQUESTED_WITH="fetch"), undeclared)


def test_the_edges_refusals_carry_the_security_headers_djangos_answers_carry(db, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    answer = Client().get("/no/such/address/", secure=True)
    given = {name.lower(): value for name, value in answer.items()}
    for name, value in security_headers(is_secure=True):
        assert given.get(name) == value, name
    assert {name for name, _ in security_headers(is_secure=True)} >= {
        "strict-transport-security",
        "x-content-type-options",
        "referrer-policy",
        "cross-origin-opener-policy",
        "x-frame-options",
    }
    assert "strict-transport-security" not in dict(security_headers(is_secure=False))
