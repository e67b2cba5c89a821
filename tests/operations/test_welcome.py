"""What `make run` prints and where its e-mails go: the login last, quiet workers, mail in var/mail/."""

import logging
import os
import subprocess
import sys

from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.harness.sites import ROOT
from tests.newsroom.test_roles import add_url, article_form, signed_in


def test_ensure_admin_prints_the_addresses_login_and_password_file_last(settings, tmp_path, db, capsys, monkeypatch):
    settings.DATA_DIR = tmp_path
    settings.SITE_URL = "http://127.0.0.1:8207"
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    password = (tmp_path / "admin-password.txt").read_text().strip()
    assert lines[0] == "  Reader site:  http://127.0.0.1:8207/"
    assert lines[1] == "  Back office:  http://127.0.0.1:8207/admin/"
    assert lines[2] == f"  Login:        admin / {password}"
    assert str(tmp_path / "admin-password.txt") in lines[3]


def test_the_task_worker_logs_warnings_only_unless_log_level_says_info(settings):
    from broadsheet.operations.management.commands.run_worker import Command

    for level, expected in (("WARNING", logging.WARNING), ("INFO", logging.INFO)):
        settings.LOG_LEVEL = level
        Command().configure_logging(verbosity=1)
        assert logging.getLogger("django_tasks_db").level == expected
        assert logging.getLogger("django_tasks").level == expected


def settings_value(name, **environment):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "PYTEST"))}
    env.update(environment, DJANGO_SETTINGS_MODULE="broadsheet.settings")
    code = f"from django.conf import settings; print(settings.{name})"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_development_writes_mail_to_files_and_production_uses_smtp_from_the_environment(tmp_path):
    assert settings_value("EMAIL_BACKEND", DATA_DIR=str(tmp_path)) == "django.core.mail.backends.filebased.EmailBackend"
    assert settings_value("EMAIL_FILE_PATH", DATA_DIR=str(tmp_path)) == str(tmp_path / "mail")
    assert (
        settings_value("EMAIL_BACKEND", EMAIL_HOST="smtp.example.org") == "django.core.mail.backends.smtp.EmailBackend"
    )
    assert settings_value("EMAIL_PORT", EMAIL_HOST="smtp.example.org", EMAIL_PORT="2525") == "2525"


def test_a_workflow_notification_is_written_to_the_mail_folder(settings, tmp_path, world, author, caplog):
    # The settings `make run` has: no EMAIL_HOST, so mail goes to files (pytest-django swaps in
    # its memory backend; this test puts the real one back).
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_user("desk-editor", "desk-editor@example.org", "a-long-passphrase")
    editor.groups.add(Group.objects.get(name="Editor"))
    with caplog.at_level(logging.ERROR):
        signed_in("Reporter").post(add_url(world), article_form(author, **{"action-submit": "action-submit"}))
    assert not [r for r in caplog.records if "Mail" in r.getMessage() or r.exc_info]
    written = list((tmp_path / "mail").glob("*.log"))
    assert written, "no e-mail file was written"
    text = "\n".join(path.read_text() for path in written)
    assert "desk-editor@example.org" in text
    assert "Filed from the newsroom" in text
    # Its links lead to the back office on SITE_URL (Wagtail's WAGTAILADMIN_BASE_URL is set from it).
    assert f"{settings.SITE_URL}/admin/pages/" in text
