"""Exact counts under real parallel load, against a running server (SQLite, or PostgreSQL in CI's second leg)."""

import hashlib
import json
import random
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import Pool

import pytest
import requests
from django.core import signing

from broadsheet.identity import READER_COOKIE, READER_SALT, voter_key

pytestmark = pytest.mark.concurrency


def create_poll(site, network_limit=0, options=3):
    code = f"""
import json
from broadsheet.polls.models import Poll, Option
poll = Poll.objects.create(
    question="Load test", network_limit={network_limit}, results_shown="always", status="published"
)
ids = [Option.objects.create(poll=poll, text=f"Option {{n}}", sort_order=n).pk for n in range({options})]
print(json.dumps({{"poll": poll.pk, "options": ids}}))
"""
    return json.loads(site.shell(code).strip().splitlines()[-1])


def poll_state(site, poll_id):
    code = f"""
import json
from broadsheet.polls.models import Ballot, Option
ballots = list(Ballot.objects.filter(poll_id={poll_id}).values_list("voter", "option_id"))
options = {{o.pk: o.votes for o in Option.objects.filter(poll_id={poll_id})}}
print(json.dumps({{"ballots": ballots, "options": options}}))
"""
    data = json.loads(site.shell(code).strip().splitlines()[-1])
    data["options"] = {int(k): v for k, v in data["options"].items()}
    return data


def csrf_token(url, poll_id):
    response = requests.get(f"{url}/f/poll/{poll_id}/", timeout=10)
    return response.cookies["csrftoken"]


def reader_id(name):
    """Return the reader id (32 hex digits, as the site makes them) that stands for `name` in a test."""
    return hashlib.blake2b(name.encode(), digest_size=16).hexdigest()


def reader_cookie(site, name):
    """Return a reader token for `name` signed with the site's own secret, as its cookie would carry."""
    return signing.dumps(reader_id(name), key=site.env["SECRET_KEY"], salt=READER_SALT)


def send_vote(session, url, poll_id, option_id, token, reader=None, headers=None):
    cookies = {"csrftoken": token} | ({READER_COOKIE: reader} if reader else {})
    session.cookies.clear()
    return session.post(
        f"{url}/polls/{poll_id}/vote/",
        data={"option": option_id},
        cookies=cookies,
        headers={"X-CSRFToken": token, "X-Requested-With": "fetch", **(headers or {})},
        timeout=30,
    )


def distinct_voters(args):
    """One client process: `count` ballots, each from a reader the server has never seen."""
    url, poll_id, option_ids, count, seed = args
    rng = random.Random(seed)
    token = csrf_token(url, poll_id)
    accepted, refused, errors = dict.fromkeys(option_ids, 0), 0, 0
    with requests.Session() as session:
        for _ in range(count):
            option = rng.choice(option_ids)
            response = send_vote(session, url, poll_id, option, token)
            if response.status_code == 200:
                accepted[option] += 1
            elif response.status_code < 500:
                refused += 1
            else:
                errors += 1
    return accepted, refused, errors


def test_eight_processes_of_two_hundred_voters_end_with_exact_counts(site):
    poll = create_poll(site)
    jobs = [(site.url, poll["poll"], poll["options"], 200, seed) for seed in range(8)]
    with Pool(8) as pool:
        results = pool.map(distinct_voters, jobs)
    accepted = {o: sum(r[0][o] for r in results) for o in poll["options"]}
    assert sum(r[1] for r in results) == 0, "no ballot should be refused"
    assert sum(r[2] for r in results) == 0, "no request should fail"
    assert sum(accepted.values()) == 1600
    state = poll_state(site, poll["poll"])
    assert len(state["ballots"]) == 1600
    assert state["options"] == accepted  # counts equal ballots accepted, option by option


def test_the_same_voter_sending_a_hundred_votes_at_once_leaves_one_ballot(site):
    poll = create_poll(site)
    token = csrf_token(site.url, poll["poll"])
    reader = reader_cookie(site, "same-reader-everywhere")
    start = threading.Barrier(100)

    def one(_):
        with requests.Session() as session:
            start.wait()
            return send_vote(session, site.url, poll["poll"], random.choice(poll["options"]), token, reader).status_code

    with ThreadPoolExecutor(100) as pool:
        statuses = list(pool.map(one, range(100)))
    assert statuses.count(200) == 1
    assert statuses.count(409) == 99
    with requests.Session() as session:
        again = send_vote(session, site.url, poll["poll"], poll["options"][0], token, reader)
    assert again.status_code == 409
    state = poll_state(site, poll["poll"])
    assert len(state["ballots"]) == 1
    assert sum(state["options"].values()) == 1
    # A reader the site has not seen is given their token with the answer (from the short chain).
    with requests.Session() as session:
        new_reader = send_vote(session, site.url, poll["poll"], poll["options"][0], token)
    assert new_reader.status_code == 200
    assert signing.loads(new_reader.cookies[READER_COOKIE], key=site.env["SECRET_KEY"], salt=READER_SALT)


def test_forged_forwarding_headers_add_no_ballots(site):
    poll = create_poll(site, network_limit=10)
    token = csrf_token(site.url, poll["poll"])
    with requests.Session() as session:
        first = [send_vote(session, site.url, poll["poll"], poll["options"][0], token).status_code for _ in range(10)]
        forged = [
            send_vote(
                session,
                site.url,
                poll["poll"],
                poll["options"][0],
                token,
                headers={
                    "X-Forwarded-For": f"203.0.113.{n}",
                    "X-Real-IP": f"198.51.100.{n}",
                    "Client-IP": f"192.0.2.{n}",
                    "Forwarded": f"for=203.0.113.{n}",
                },
            ).status_code
            for n in range(40)
        ]
    assert first == [200] * 10
    assert forged == [429] * 40
    assert len(poll_state(site, poll["poll"])["ballots"]) == 10


def test_killing_the_server_during_voting_loses_and_duplicates_nothing(site):
    poll = create_poll(site)
    token = csrf_token(site.url, poll["poll"])
    acknowledged, server_errors, stop = {}, [], threading.Event()

    def voter_loop(worker):
        with requests.Session() as session:
            for n in range(100000):
                if stop.is_set():
                    return
                voter_id = f"crash-{worker}-{n}"
                option = poll["options"][n % len(poll["options"])]
                try:
                    response = send_vote(session, site.url, poll["poll"], option, token, reader_cookie(site, voter_id))
                except requests.RequestException:
                    time.sleep(0.05)  # the server is down: this ballot's fate is unknown, move on
                    continue
                if response.status_code == 200:
                    acknowledged[voter_key(token=reader_id(voter_id))] = option
                elif response.status_code >= 500:
                    server_errors.append(response.status_code)

    threads = [threading.Thread(target=voter_loop, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    rng = random.Random(9)
    try:
        for _ in range(4):  # each crash and restart costs seconds; four are as telling as ten
            time.sleep(rng.uniform(0.3, 1.2))
            site.kill(signal.SIGKILL)
            site.start()
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    state = poll_state(site, poll["poll"])
    stored = dict(state["ballots"])
    assert len(acknowledged) > 50, "voting should have gone on between the crashes"
    assert len(stored) == len(state["ballots"]), "no voter has two ballots"
    lost = {v: o for v, o in acknowledged.items() if stored.get(v) != o}
    assert lost == {}, f"{len(lost)} acknowledged ballots were lost"
    per_option = dict.fromkeys(poll["options"], 0)
    for option in stored.values():
        per_option[option] += 1
    assert state["options"] == per_option
    assert server_errors == []
