import itertools
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.alerts import services
from tests.staff.helpers import force_login_with_second_factor, make_user

NUMBERS = itertools.count()


def staff(role):
    return make_user(f"{role.lower()}-{next(NUMBERS)}", role)


def signed_in(role, *, enforce_csrf_checks=False):
    """A back-office client signed in as a new user of this role (past the second factor)."""
    return force_login_with_second_factor(Client(enforce_csrf_checks=enforce_csrf_checks), staff(role))


@pytest.fixture
def editor(db):
    return staff("Editor")


@pytest.fixture
def reporter(db):
    return staff("Reporter")


@pytest.fixture
def set_alert(editor, committed):
    """Set an alert as an Editor does, running the invalidation it makes once it commits."""

    def set_(text="Polls have closed across the country", link="", expires_in=timedelta(hours=1)):
        with committed():
            return services.set_alert(user=editor, text=text, link=link, expires_at=timezone.now() + expires_in)

    return set_
