"""`make run` serves through `manage.py serve`: web server, task worker and scheduler, stopped together."""

import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.site import ROOT, RunningSite, free_port


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
        group = subprocess.run(["pgrep", "-g", str(serve.pid)], capture_output=True, text=True).stdout.split()
        assert len(group) >= 4  # serve, granian (and its worker), db_worker, scheduler
        serve.send_signal(signal.SIGINT)  # what Ctrl-C delivers
        assert serve.wait(timeout=30) == 0
        time.sleep(1)
        left = subprocess.run(["pgrep", "-g", str(serve.pid)], capture_output=True, text=True).stdout.split()
        assert left == []
    finally:
        site.stop()
