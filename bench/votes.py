"""Accepted votes per second with 64 concurrent voters, each a reader the server has never seen."""

import json
import os
import tempfile
from pathlib import Path

import requests

from bench.wrk import run_wrk

CONNECTIONS = int(os.environ.get("BENCH_VOTERS", "64"))
DURATION = os.environ.get("BENCH_DURATION", "10s")

LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Requested-With"] = "fetch"
wrk.headers["X-CSRFToken"] = "{token}"
wrk.headers["Cookie"] = "csrftoken={token}"
local options = {{{options}}}
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, "option=" .. options[(n % #options) + 1])
end
"""


def create_poll(site):
    code = """
import json
from broadsheet.polls.models import Poll, Option
poll = Poll.objects.create(question="Benchmark", network_limit=0, results_shown="always", status="published")
ids = [Option.objects.create(poll=poll, text=f"Option {n}", sort_order=n).pk for n in range(3)]
print(json.dumps({"poll": poll.pk, "options": ids}))
"""
    return json.loads(site.shell(code).strip().splitlines()[-1])


def stored(site, poll_id):
    code = f"""
import json
from django.db.models import Count
from broadsheet.polls.models import Ballot, Option
print(json.dumps({{
    "ballots": Ballot.objects.filter(poll_id={poll_id}).count(),
    "counts_equal_ballots": all(
        o.votes == o.n for o in Option.objects.filter(poll_id={poll_id}).annotate(n=Count("ballots"))
    ),
}}))
"""
    return json.loads(site.shell(code).strip().splitlines()[-1])


def measure_votes(site):
    """Return a row of figures for voting on `site` (already started)."""
    poll = create_poll(site)
    token = requests.get(f"{site.url}/f/poll/{poll['poll']}/", timeout=10).cookies["csrftoken"]
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(LUA.format(token=token, options=", ".join(str(o) for o in poll["options"])))
    url = f"{site.url}/polls/{poll['poll']}/vote/"
    result = run_wrk(url, connections=CONNECTIONS, duration=DURATION, script=script)
    script.unlink()
    failed = result["failed"]
    accepted = result["completed"] - failed
    db = stored(site, poll["poll"])
    return {
        "accepted_per_s": accepted / result["seconds"],
        "accepted": accepted,
        "failed": failed,
        "stored": db["ballots"],
        # wrk stops counting at the deadline; requests still in flight may be stored but not counted.
        "exact": db["counts_equal_ballots"] and 0 <= db["ballots"] - accepted <= CONNECTIONS,
        "p50": result["p50"],
        "p99": result["p99"],
    }
