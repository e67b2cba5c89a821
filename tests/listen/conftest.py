import http.server
import subprocess  # nosec B404
import threading
import time

import pytest
from django_tasks_db.models import DBTaskResult

from broadsheet.newsroom.factories import paragraphs_body


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Audio files land in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run_tasks(committed):
    """Run every due task from the real database queue, as the worker does (claim, call, record).

    In-process rather than `db_worker --batch`, which closes the test's database connection.
    Tasks enqueued while running (retries) run too, until none is due.
    """

    def run():
        ran = 0
        while (job := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
            job.claim("test-worker")
            with committed():
                result = job.task_result
                try:
                    job.set_successful(job.task.call(*result.args, **result.kwargs))
                except Exception as error:  # as the worker does: the job is marked failed
                    job.set_failed(error)
            ran += 1
        return ran

    return run


def queued(task_name):
    return DBTaskResult.objects.filter(task_path__endswith=task_name, status="READY").count()


@pytest.fixture
def story(make_article, china_tag):
    body = paragraphs_body(
        [
            "Officials met in Beijing on Thursday to discuss trade worth $5bn a year.",
            "Both sides said the talks had been useful and would continue in March.",
        ]
    )
    return make_article("Talks on trade resume", tags=[china_tag], body=body, dateline_place="Beijing")


class Station:
    """A live HLS radio station on 127.0.0.1, as a broadcaster's packager serves one.

    ffmpeg cuts speech from espeak-ng into two-second AAC segments in MPEG-TS; the playlist is a
    sliding live window (no end) that gains a segment every two seconds, so players reload it.
    """

    WINDOW = 4

    def __init__(self, folder):
        self.folder = folder
        speech = folder / "speech.wav"
        words = "This is Broadsheet Radio, live. Here is the news at the top of the hour. " * 12
        subprocess.run(["espeak-ng", "-w", str(speech), words], check=True, capture_output=True)  # nosec B603 B607
        subprocess.run(  # nosec B603 B607
            ["ffmpeg", "-v", "error", "-i", str(speech), "-c:a", "aac", "-b:a", "64k", "-ar", "44100", "-ac", "1"]
            + ["-f", "hls", "-hls_time", "2", "-hls_list_size", "0", "-hls_segment_filename", str(folder / "s%03d.ts")]
            + [str(folder / "all.m3u8")],
            check=True,
            capture_output=True,
        )
        lines = (folder / "all.m3u8").read_text().splitlines()
        self.segments = [(lines[i], lines[i + 1]) for i, line in enumerate(lines) if line.startswith("#EXTINF")]
        self.go_on_air()
        station = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(folder), **kwargs)

            def end_headers(self):
                # The site's page fetches the stream from another origin, as it would a station's host.
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Cache-Control", "no-cache")
                super().end_headers()

            def do_GET(self):
                if self.path.split("?")[0] != "/live.m3u8":
                    return super().do_GET()
                body = station.playlist().encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/vnd.apple.mpegurl")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/live.m3u8"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def go_on_air(self):
        """Start the programme from its first segment."""
        self.started = time.monotonic()

    def playlist(self):
        published = min(len(self.segments), self.WINDOW + int((time.monotonic() - self.started) / 2))
        first = published - self.WINDOW
        lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:3", f"#EXT-X-MEDIA-SEQUENCE:{first}"]
        for extinf, name in self.segments[first:published]:
            lines += [extinf, name]
        if published == len(self.segments):
            lines.append("#EXT-X-ENDLIST")  # the programme is over
        return "\n".join(lines) + "\n"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def hls_station(tmp_path_factory):
    station = Station(tmp_path_factory.mktemp("station"))
    yield station
    station.stop()
