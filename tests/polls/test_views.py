import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from broadsheet.identity import READER_COOKIE
from broadsheet.polls.factories import PollFactory
from broadsheet.polls.models import Ballot, Poll
from broadsheet.polls.services import forget_poll
from tests.conftest import edge_client


def vote_url(poll):
    return f"/polls/{poll.pk}/vote/"


def post_vote(client, poll, option, **extra):
    return client.post(vote_url(poll), {"option": option.pk, "next": "/world/story/"}, **extra)


def test_form_vote_returns_to_the_article_at_the_poll_and_remembers_the_reader(client, poll, options):
    response = post_vote(client, poll, options[0])
    assert response.status_code == 303
    assert response["Location"] == f"/world/story/#poll-{poll.pk}"
    assert READER_COOKIE in response.cookies
    assert response.cookies[READER_COOKIE]["httponly"]
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_script_vote_gets_json_and_second_vote_is_refused_with_409(client, poll, options):
    first = post_vote(client, poll, options[0], HTTP_X_REQUESTED_WITH="fetch")
    assert first.status_code == 200 and first.json()["ok"]
    second = post_vote(client, poll, options[1], HTTP_X_REQUESTED_WITH="fetch")
    assert second.status_code == 409
    assert second.json() == {"ok": False, "code": "duplicate", "message": "You have already voted in this poll."}
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_second_form_vote_shows_the_message_in_the_polls_place(client, poll, options):
    post_vote(client, poll, options[0])
    response = post_vote(client, poll, options[1])
    assert response.status_code == 409
    assert "You have already voted in this poll." in response.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "99999", "-1", "1e9"])
def test_missing_or_malformed_option_is_a_400_with_nothing_written(client, poll, value):
    response = client.post(vote_url(poll), {"option": value}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 400
    assert "Choose one of this poll's options" in response.json()["message"]
    assert not Ballot.objects.exists()


def test_unknown_poll_is_a_404(client, db):
    assert client.post("/polls/424242/vote/", {"option": 1}).status_code == 404


def test_closed_poll_is_a_403_with_a_message(client, db):
    closed = PollFactory(closes_at=timezone.now() - timedelta(minutes=1))
    response = client.post(vote_url(closed), {"option": closed.options.first().pk}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 403
    assert "closed" in response.json()["message"]


def test_vote_without_csrf_token_is_refused_and_nothing_is_written(poll, options):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(vote_url(poll), {"option": options[0].pk})
    assert response.status_code == 403
    assert "nothing was saved" in response.content.decode()
    scripted = strict.post(vote_url(poll), {"option": options[0].pk}, HTTP_X_REQUESTED_WITH="fetch")
    assert scripted.json()["code"] == "csrf"
    assert not Ballot.objects.exists()


def test_vote_with_the_fragments_csrf_token_is_accepted(poll, options):
    strict = Client(enforce_csrf_checks=True)
    strict.get(f"/f/poll/{poll.pk}/")
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        vote_url(poll), {"option": options[0].pk}, HTTP_X_CSRFTOKEN=token, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 200


def test_get_on_the_vote_address_is_405(client, poll):
    assert client.get(vote_url(poll)).status_code == 405


def test_next_pointing_at_another_site_is_ignored(client, poll, options):
    response = client.post(vote_url(poll), {"option": options[0].pk, "next": "https://evil.example/"})
    assert response["Location"] == f"/polls/{poll.pk}/#poll-{poll.pk}"


def test_forged_forwarding_headers_do_not_change_the_network(client, poll, options):
    for _ in range(10):
        Client().post(vote_url(poll), {"option": options[0].pk})
    forged = Client().post(
        vote_url(poll),
        {"option": options[0].pk},
        HTTP_X_FORWARDED_FOR="198.51.100.9",
        HTTP_X_REAL_IP="198.51.100.77",
        HTTP_CLIENT_IP="198.51.100.78",
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert forged.status_code == 429
    assert Ballot.objects.count() == 10


def test_trusted_proxy_forwarding_header_is_believed(settings, poll, options):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    for n in range(12):
        response = Client().post(
            vote_url(poll), {"option": options[0].pk}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", REMOTE_ADDR="127.0.0.1"
        )
        assert response.status_code == 303
    assert Ballot.objects.count() == 12


def test_fragment_is_private_and_shows_the_readers_own_choice_after_voting(client, poll, options):
    before = client.get(f"/f/poll/{poll.pk}/")
    assert "no-store" in before["Cache-Control"]
    assert 'class="poll-form"' in before.content.decode()
    post_vote(client, poll, options[2])
    after = client.get(f"/f/poll/{poll.pk}/").content.decode()
    assert 'class="poll-form"' not in after
    assert "Your vote" in after and 'Voted: <span class="poll-total-count">1</span>' in after
    assert '<span class="poll-percent">100.0%</span>' in after


def test_results_everyone_may_see_are_shared_and_briefly_cacheable(client, db):
    poll = PollFactory(results_shown=Poll.ResultsShown.ALWAYS)
    post_vote(client, poll, poll.options.first())
    response = Client().get(f"/f/poll/{poll.pk}/results/")  # a reader who has not voted
    assert "public" in response["Cache-Control"] and "max-age=2" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["total"] == 1
    assert [o["percent"] for o in data["options"]] == ["100.0", "0.0", "0.0"]


def test_results_shown_after_voting_are_refused_to_a_reader_who_has_not_voted(client, poll, options):
    post_vote(Client(), poll, options[0])  # someone else votes
    response = client.get(f"/f/poll/{poll.pk}/results/")
    assert response.status_code == 403
    assert "after you vote" in response.json()["message"] and "options" not in response.json()
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_results_shown_after_voting_reach_the_voter_and_are_never_stored(client, poll, options):
    post_vote(client, poll, options[0])
    response = client.get(f"/f/poll/{poll.pk}/results/")
    assert response.status_code == 200 and response.json()["total"] == 1
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_results_stay_hidden_until_closing_when_the_editor_says_so(client, db):
    secret = PollFactory(results_shown=Poll.ResultsShown.AFTER_CLOSING)
    assert client.get(f"/f/poll/{secret.pk}/results/").status_code == 403
    client.post(vote_url(secret), {"option": secret.options.first().pk})
    html = client.get(f"/f/poll/{secret.pk}/").content.decode()
    assert "when the poll closes" in html and "poll-percent" not in html


def test_embed_may_be_framed_but_the_poll_page_may_not(client, poll):
    assert "X-Frame-Options" not in client.get(f"/polls/{poll.pk}/embed/")
    assert client.get(f"/polls/{poll.pk}/")["X-Frame-Options"] == "DENY"


def test_poll_page_lists_the_articles_that_carry_the_poll(client, poll, make_article, committed):
    with committed():
        article = make_article("Poll story", body=[("paragraph", "<p>Text.</p>"), ("poll", poll)])
    from django.core.management import call_command

    call_command("rebuild_references_index", verbosity=0)
    html = client.get(f"/polls/{poll.pk}/").content.decode()
    assert "Poll story" in html and f"{article.url}#poll-{poll.pk}" in html


def test_article_html_is_the_same_before_and_after_a_reader_votes(client, poll, options, make_article, settings):
    settings.PAGE_CACHE_ENABLED = False
    article = make_article("Poll story", body=[("poll", poll)])
    before = client.get(article.url).content
    post_vote(client, poll, options[0])
    assert client.get(article.url).content == before
    assert b'data-fragment="/f/poll/' in before
    assert b"csrfmiddlewaretoken" not in before


def test_editing_the_question_refreshes_cached_articles(client, poll, make_article, committed):
    article = make_article("Poll story", body=[("poll", poll)])
    client.get(article.url)
    poll.question = "Will it snow?"
    with committed():
        poll.save()
    assert "Will it snow?" in client.get(article.url).content.decode()


def test_a_flood_of_attempts_from_one_network_is_turned_away_before_the_database(
    client, settings, poll, options, time_machine
):
    # The guard counts per clock minute: hold the clock inside one, or a test crossing a minute
    # boundary would see a fresh allowance.
    time_machine.move_to(timezone.now().replace(second=10), tick=False)
    settings.WRITE_ATTEMPTS_PER_MINUTE = 5
    for _ in range(5):
        client.post(vote_url(poll), {"option": options[0].pk}, HTTP_X_REQUESTED_WITH="fetch")
    response = client.post(vote_url(poll), {"option": options[1].pk}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 429
    assert "too quickly" in response.json()["message"]
    assert Ballot.objects.count() == 1  # the first attempt voted; the rest were repeats or turned away
    settings.POLL_NETWORK_ALLOWLIST = ["127.0.0.0/8"]
    assert client.post(vote_url(poll), {"option": options[1].pk}, HTTP_X_REQUESTED_WITH="fetch").status_code == 409


def test_a_validly_signed_token_we_did_not_make_is_not_a_voter(client, poll, options, settings):
    from django.core import signing

    from broadsheet.identity import READER_SALT

    for forged in ("forged-1", "x" * 500, 12345):
        client.cookies[READER_COOKIE] = signing.dumps(forged, salt=READER_SALT)
        response = post_vote(client, poll, options[0], HTTP_X_REQUESTED_WITH="fetch")
        assert response.status_code == 200  # counted as a reader we have not seen, with a token of ours
        client.cookies.pop(READER_COOKIE, None)
    voters = list(Ballot.objects.values_list("voter", flat=True))
    assert len(voters) == 3
    assert all(len(v) == 34 and "forged" not in v and "xxx" not in v for v in voters)


def test_a_refused_vote_from_the_framed_poll_can_be_shown_in_its_frame(client, poll, options):
    embed = f"/polls/{poll.pk}/embed/?in_article=1"
    client.post(vote_url(poll), {"option": options[0].pk, "next": embed})
    refused = client.post(vote_url(poll), {"option": options[1].pk, "next": embed})
    assert refused.status_code == 409
    assert "You have already voted" in refused.content.decode()
    assert "X-Frame-Options" not in refused
    assert "frame-ancestors 'none'" not in refused.get("Content-Security-Policy", "") + refused.get(
        "Content-Security-Policy-Report-Only", ""
    )


def test_repeat_attempts_are_mentioned_only_once_there_are_some(client, poll, options):
    assert "repeat attempt" not in client.get(f"/polls/{poll.pk}/").content.decode()
    post_vote(client, poll, options[0])
    post_vote(client, poll, options[1])
    assert "1 repeat attempt refused." in client.get(f"/polls/{poll.pk}/").content.decode()


def test_a_poll_whose_results_always_show_lists_each_option_once(client, db):
    texts = ("Rebuild the north bridge", "Rebuild the south bridge")
    poll = PollFactory(question="Which first?", options=texts, results_shown=Poll.ResultsShown.ALWAYS)
    for html in (client.get(f"/polls/{poll.pk}/").content.decode(), client.get(f"/f/poll/{poll.pk}/").content.decode()):
        for text in texts:
            assert html.count(text) == 1, text
        assert html.count('type="radio"') == 2 and html.count('class="poll-bar"') == 2


def test_the_link_in_an_articles_poll_frame_stops_offering_to_vote_once_the_reader_has(client, poll, options):
    frame = f"/polls/{poll.pk}/embed/?in_article=1"
    before = client.get(frame).content.decode()
    assert "Vote or see the results on the poll’s page" in before and 'target="_top"' in before
    response = client.post(vote_url(poll), {"option": options[0].pk, "next": frame})
    assert response.status_code == 303 and response["Location"].startswith(f"/polls/{poll.pk}/embed/?in_article=1")
    after = client.get(frame).content.decode()
    assert "Vote or see the results" not in after
    assert "See this poll on its own page" in after


def test_the_embed_code_points_at_the_sites_own_address(client, poll, settings):
    settings.SITE_URL = "https://news.example.org"
    html = client.get(f"/polls/{poll.pk}/").content.decode()
    assert f'src="https://news.example.org/polls/{poll.pk}/embed/"' in html


# A script's vote takes the short middleware chain (`short_chain` on the view): these prove Django's
# own middleware still checks it and answers as on the full chain, and that what needs the full
# chain (a signed-in reader, a form) takes it.


def with_token(client, poll):
    """Give the client the CSRF cookie the poll's fragment sets; return the token a script sends."""
    client.get(f"/f/poll/{poll.pk}/")
    return client.cookies["csrftoken"].value


def script_vote(client, poll, option_id, token, **extra):
    headers = {"HTTP_X_CSRFTOKEN": token, "HTTP_X_REQUESTED_WITH": "fetch", **extra}
    return client.post(vote_url(poll), {"option": option_id}, **headers)


# Each answer's own; and Vary, where the full chain adds Cookie for the session it read.
PER_ANSWER = {"x-request-id", "content-length", "vary"}


def headers(response):
    return {name.lower(): value for name, value in response.items() if name.lower() not in PER_ANSWER}


def test_a_scripts_vote_takes_the_short_chain_and_is_answered_as_on_the_full_one(edge, poll, options):
    full = Client(enforce_csrf_checks=True)
    by_full_chain = script_vote(full, poll, options[0].pk, with_token(full, poll))
    short = script_vote(edge, poll, options[1].pk, with_token(edge, poll))
    assert short.took_short_chain
    assert by_full_chain.status_code == short.status_code == 200
    assert short.json() == by_full_chain.json()
    assert headers(short) == headers(by_full_chain)
    assert short["X-Content-Type-Options"] == "nosniff" and short["X-Frame-Options"] == "DENY"
    assert any(name.lower().startswith("content-security-policy") for name in short.headers)
    assert len(short["X-Request-ID"]) == 32
    cookie, expected = short.cookies[READER_COOKIE], by_full_chain.cookies[READER_COOKIE]
    assert [cookie[a] for a in ("httponly", "samesite", "max-age", "path")] == [
        expected[a] for a in ("httponly", "samesite", "max-age", "path")
    ]
    assert Ballot.objects.filter(poll=poll).count() == 2


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [("again", 409, "duplicate"), ("no such option", 400, "unknown_option"), ("closed", 403, "closed")],
)
def test_refusals_on_the_short_chain_write_nothing(edge, poll, options, case, status, code, committed):
    token = with_token(edge, poll)
    if case == "again":
        assert script_vote(edge, poll, options[0].pk, token).took_short_chain
    if case == "closed":
        with committed():  # closed by an update, which sends no signal: voting is told by forget_poll
            Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
            forget_poll(poll.pk)
    before = Ballot.objects.count()
    response = script_vote(edge, poll, options[1].pk if case != "no such option" else 0, token)
    assert response.took_short_chain
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response["Cache-Control"] == "private, no-store"
    assert Ballot.objects.count() == before


def test_an_unknown_poll_on_the_short_chain_is_a_404(edge, poll, options):
    token = with_token(edge, poll)
    unknown = edge.post("/polls/424242/vote/", {"option": 1}, HTTP_X_CSRFTOKEN=token, HTTP_X_REQUESTED_WITH="fetch")
    assert unknown.took_short_chain
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_poll"


def test_djangos_csrf_and_host_checks_refuse_a_scripts_vote_on_the_short_chain(edge, poll, options):
    token = with_token(edge, poll)
    wrong_token = script_vote(edge, poll, options[0].pk, "x" * 32)
    assert wrong_token.took_short_chain
    assert (wrong_token.status_code, wrong_token.json()["code"]) == (403, "csrf")
    assert wrong_token["X-Content-Type-Options"] == "nosniff" and len(wrong_token["X-Request-ID"]) == 32
    elsewhere = script_vote(edge, poll, options[0].pk, token, HTTP_ORIGIN="https://evil.example")
    assert elsewhere.took_short_chain and elsewhere.status_code == 403
    wrong_host = script_vote(edge, poll, options[0].pk, token, HTTP_HOST="evil.example")
    assert wrong_host.took_short_chain and wrong_host.status_code == 400
    assert not Ballot.objects.exists()


def test_plain_http_is_redirected_by_djangos_security_middleware_on_the_short_chain(edge, poll, options, settings):
    token = with_token(edge, poll)
    settings.SECURE_SSL_REDIRECT = True
    insecure = edge_client()  # its middleware is built under the settings in force now
    insecure.cookies["csrftoken"] = token  # everything a vote needs, but over plain http
    response = script_vote(insecure, poll, options[0].pk, token)
    assert response.took_short_chain and response.status_code == 301
    assert not Ballot.objects.exists()


def test_a_form_vote_and_a_signed_in_readers_vote_take_the_full_chain(edge, poll, options):
    token = with_token(edge, poll)
    form = edge.post(vote_url(poll), {"option": options[0].pk, "csrfmiddlewaretoken": token})
    assert not form.took_short_chain and form.status_code == 303

    reader = get_user_model().objects.create_user("voter", password="a-long-passphrase")
    signed_in = edge_client()
    signed_in.force_login(reader)
    response = script_vote(signed_in, poll, options[1].pk, with_token(signed_in, poll))
    assert not response.took_short_chain and response.status_code == 200
    assert Ballot.objects.filter(voter=f"u:{reader.pk}").exists()  # the account, which only the full chain reads
    assert Ballot.objects.count() == 2


def test_a_body_django_cannot_parse_is_answered_400_on_the_short_chain(edge, poll, options):
    token = with_token(edge, poll)
    many_fields = "&".join(["a="] * 2100)  # past DATA_UPLOAD_MAX_NUMBER_FIELDS, under the size limit
    response = edge.post(
        vote_url(poll),
        many_fields,
        content_type="application/x-www-form-urlencoded",
        HTTP_X_CSRFTOKEN=token,
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.took_short_chain
    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_the_guard_against_floods_holds_on_the_short_chain(edge, poll, options, settings):
    settings.WRITE_ATTEMPTS_PER_MINUTE = 1
    token = with_token(edge, poll)
    assert script_vote(edge, poll, options[0].pk, token).status_code == 200
    other_reader = edge_client()
    response = script_vote(other_reader, poll, options[1].pk, with_token(other_reader, poll))
    assert response.took_short_chain
    assert (response.status_code, response.json()["code"]) == (429, "throttled")
    assert Ballot.objects.count() == 1


def test_a_vote_larger_than_the_view_accepts_is_refused_before_it_is_read(edge, poll, options):
    token = with_token(edge, poll)
    response = edge.post(
        vote_url(poll),
        {"option": options[0].pk, "padding": "x" * 9000},
        HTTP_X_CSRFTOKEN=token,
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.took_short_chain and response.status_code == 413
    assert not Ballot.objects.exists()


def test_a_poll_not_yet_open_says_when_in_the_newsrooms_time_and_zone(client, db):
    opens = datetime(2030, 1, 23, 17, 48, tzinfo=UTC)
    poll = PollFactory(opens_at=opens, closes_at=None)
    text = client.get(f"/polls/{poll.pk}/").content.decode()
    assert "Voting opens 20:48 GMT+3, 23 January 2030." in text
