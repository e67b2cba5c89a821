"""Safe by default: a generated secret, and production switches that follow the site's real scheme."""

import os
import stat
import subprocess
import sys

from tests.harness.sites import ROOT

SHOW_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.SECRET_KEY); print(s.IP_HASH_SALT); print(s.SECURE_HSTS_SECONDS); "
    "print(s.SESSION_COOKIE_SECURE); print(s.DEBUG)"
)


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "IP_HASH_SALT")} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def shown_settings(data_dir, **env):
    result = manage("shell", "--no-imports", "-c", SHOW_SETTINGS, DATA_DIR=str(data_dir), **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[:5]


def test_check_deploy_is_clean_for_a_site_served_over_https(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATA_DIR=str(tmp_path),
        SITE_URL="https://news.example.org",
        ALLOWED_HOSTS="news.example.org",
        SECURITY_CONTACT="mailto:security@broadsheet.news",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_fresh_installation_makes_its_own_secret_and_keeps_it_across_restarts(tmp_path):
    first_key, first_salt, *_ = shown_settings(tmp_path)
    again_key, again_salt, *_ = shown_settings(tmp_path)
    assert len(first_key) >= 50 and "insecure" not in first_key
    assert (first_key, first_salt) == (again_key, again_salt)
    # The address salt is a secret of its own: a leaked signing key does not unmask stored hashes.
    assert first_salt != first_key
    for name in ("secret-key", "ip-hash-salt"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_two_installations_never_share_a_secret(tmp_path):
    assert shown_settings(tmp_path / "one")[0] != shown_settings(tmp_path / "two")[0]


def test_a_secret_from_the_environment_is_used_and_nothing_is_written(tmp_path):
    key, *_ = shown_settings(tmp_path, SECRET_KEY="k" * 60, IP_HASH_SALT="s" * 40)
    assert key == "k" * 60
    assert not (tmp_path / "secret-key").exists() and not (tmp_path / "ip-hash-salt").exists()


def test_https_site_url_turns_on_hsts_and_secure_cookies_even_with_debug_asked_for(tmp_path):
    _, _, hsts, secure_cookie, debug = shown_settings(tmp_path, SITE_URL="https://news.example.org", DEBUG="1")
    assert (int(hsts), secure_cookie, debug) == (31536000, "True", "False")


def test_plain_http_site_url_leaves_hsts_off(tmp_path):
    _, _, hsts, secure_cookie, _ = shown_settings(tmp_path, SITE_URL="http://127.0.0.1:8000")
    assert (int(hsts), secure_cookie) == (0, "False")


def test_a_forwarded_scheme_is_believed_only_when_our_own_proxies_are_named(tmp_path):
    code = "from django.conf import settings as s; print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    alone = manage("shell", "--no-imports", "-c", code, DATA_DIR=str(tmp_path), SITE_URL="https://news.example.org")
    behind = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DATA_DIR=str(tmp_path),
        SITE_URL="https://news.example.org",
        TRUSTED_PROXIES="10.0.0.5/32",
    )
    assert alone.stdout.strip() == "None"
    assert behind.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"
