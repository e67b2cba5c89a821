"""`make run` serves through `manage.py serve`: web server, task worker and scheduler, stopped together."""

import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from broadsheet.operations.sites import ROOT, RunningSite, free_port


def processes_in_group(group_id):
    return subprocess.run(["pgrep", "-g", str(group_id)], capture_output=True, text=True).stdout.split()


@pytest.mark.concurrency
def test_ctrl_c_stops_the_web_server_worker_and_scheduler_together():
    site = RunningSite()
    try:
        site.prepare()
        port = free_port()
        serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(port)],
            cwd=ROOT,
            env=site.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                assert urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "the site did not come up"
                time.sleep(0.3)
        group = processes_in_group(serve.pid)
        assert len(group) >= 4  # serve, granian (and its worker), db_worker, scheduler
        serve.send_signal(signal.SIGINT)  # what Ctrl-C delivers
        assert serve.wait(timeout=30) == 0
        deadline = time.monotonic() + 15
        while (left := processes_in_group(serve.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert left == []
    finally:
        site.stop()
