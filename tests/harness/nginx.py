"""nginx in front of the app, as the production profile runs it (deploy/nginx), for tests and `make bench`."""

import os
import shutil
import signal
import subprocess
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

from .sites import ROOT, free_port

TEMPLATE = ROOT / "deploy" / "nginx" / "broadsheet.conf.template"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def nginx_binary():
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def site_config(*, listen, server_name, app_servers, page_files_dir, static_root, page_headers):
    """Return deploy/nginx/broadsheet.conf.template filled in (what `envsubst` does in production)."""
    values = {
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "APP_SERVERS": " ".join(f"server {server};" for server in app_servers),
        "PAGE_FILES_DIR": page_files_dir,
        "STATIC_ROOT": static_root,
        "PAGE_HEADERS": page_headers,
    }
    # Only the named ${…} are ours; nginx's own $variables stay, as with `envsubst '$LISTEN …'`.
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("${" + name + "}", str(value))
    return text


class RunningNginx:
    """nginx with the production profile's site configuration, in a folder of its own."""

    def __init__(self, *, app_servers, page_files_dir, static_root, page_headers_text, workers=2):
        self.folder = Path(tempfile.mkdtemp(prefix="broadsheet-nginx-"))
        self.folder.chmod(0o755)  # nginx workers run as an unprivileged user
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        headers = self.folder / "page-headers.conf"
        headers.write_text(page_headers_text)
        site = site_config(
            listen=f"127.0.0.1:{self.port}",
            server_name="_",
            app_servers=app_servers,
            page_files_dir=page_files_dir,
            static_root=static_root,
            page_headers=headers,
        )
        (self.folder / "site.conf").write_text(site)
        module = f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else ""
        folder = self.folder
        (self.folder / "nginx.conf").write_text(
            textwrap.dedent(f"""
            {module}
            worker_processes {workers};
            daemon off;
            pid {folder}/nginx.pid;
            error_log {folder}/error.log;
            events {{ worker_connections 4096; }}
            http {{
                access_log off;
                types {{ text/html html; text/css css; application/javascript js; image/svg+xml svg; }}
                client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
                fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
                include {folder}/site.conf;
            }}
            """)
        )
        self.process = None

    def start(self):
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed")
        self.process = subprocess.Popen(
            [binary, "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder)], start_new_session=True
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/static/", timeout=1)  # nosec B310: our own 127.0.0.1
            except urllib.error.HTTPError:
                return self
            except OSError:
                time.sleep(0.1)
                continue
            return self
        self.stop()
        raise RuntimeError(f"nginx did not start: {(self.folder / 'error.log').read_text()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)
