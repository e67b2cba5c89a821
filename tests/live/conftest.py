import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from broadsheet.live.factories import create_live_page

NUMBERS = itertools.count()


@pytest.fixture
def live_page(world, author, committed):
    with committed():
        return create_live_page(world, "Live: leaders meet at the summit", authors=[author])


def staff(role):
    user = get_user_model().objects.create_user(f"{role.lower()}-{next(NUMBERS)}", password="a-long-passphrase")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor_user(db):
    return staff("Editor")


@pytest.fixture
def reporter_user(db):
    return staff("Reporter")
