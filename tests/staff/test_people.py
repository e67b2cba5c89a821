"""The back office's list of people: staff only, each with their roles, and no picture from Gravatar."""

import re
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Comment as PageComment

from broadsheet.accounts.models import Profile
from broadsheet.staff.avatars import initials_avatar_url, initials_of
from broadsheet.staff.policy import staff_account, staff_members
from tests.staff.helpers import browser_client, force_login_with_second_factor, make_user

USERS = "/admin/users/"


@pytest.fixture
def administrator(db):
    return make_user("ada", "Administrator")


@pytest.fixture
def newsroom(db):
    """One person in each role, one in two, a superuser, staff by flag or permission, and readers."""
    people = {
        "rita": make_user("rita", "Reporter"),
        "eddie": make_user("eddie", "Editor"),
        "molly": make_user("molly", "Moderator"),
        "boss": make_user("boss", superuser=True),
        "two-hats": make_user("two-hats", "Editor"),
        "django-staff": make_user("django-staff"),
        "permitted": make_user("permitted"),
        "gone": make_user("gone", "Reporter"),
    }
    people["two-hats"].groups.add(Group.objects.get(name="Moderator"))
    get_user_model().objects.filter(username="django-staff").update(is_staff=True)
    people["permitted"].user_permissions.add(Permission.objects.get(codename="access_admin"))
    get_user_model().objects.filter(username="gone").update(is_active=False)
    # Readers: one signed up with a display name, one who signed in with an outside provider.
    reader = get_user_model().objects.create_user("nadia@example.org", email="nadia@example.org")
    Profile.objects.create(user=reader, display_name="Nadia R.")
    get_user_model().objects.create_user("oidc-7f3a", email="sam@example.org")
    return people


def signed_in(user):
    return force_login_with_second_factor(browser_client(), user)


def listed(html):
    """Return {username: access level} for each row of the users list."""
    rows = re.findall(r'<td class="username">\s*(.*?)\s*</td>\s*<td class="level roles">\s*(.*?)\s*</td>', html, re.S)
    return dict(rows)


def avatar_sources(html):
    return re.findall(r'<span\s+class="avatar[^"]*"\s*>\s*<img src="([^"]*)"', html)


@pytest.mark.parametrize("role", ["Reporter", "Editor", "Moderator"])
def test_a_reporter_editor_or_moderator_cannot_open_the_list_of_staff(db, role):
    response = signed_in(make_user("someone", role)).get(USERS)
    assert response.status_code in (302, 403)
    assert b"nadia" not in response.content


def test_an_administrator_sees_staff_but_no_readers(administrator, newsroom):
    response = signed_in(administrator).get(USERS)
    assert response.status_code == 200
    shown = listed(response.content.decode())
    assert set(shown) == {"ada", *newsroom}
    assert "nadia@example.org" not in response.content.decode()
    assert "oidc-7f3a" not in response.content.decode()


def test_searching_the_list_of_staff_finds_no_reader(administrator, newsroom):
    html = signed_in(administrator).get(USERS, {"q": "example.org"}).content.decode()
    assert listed(html) == {}
    html = signed_in(administrator).get(USERS, {"q": "rita"}).content.decode()
    assert set(listed(html)) == {"rita"}


def test_the_access_level_names_each_persons_roles(administrator, newsroom):
    shown = listed(signed_in(administrator).get(USERS).content.decode())
    assert shown["rita"] == "Reporter"
    assert shown["eddie"] == "Editor"
    assert shown["molly"] == "Moderator"
    assert shown["ada"] == "Administrator"
    assert shown["boss"] == "Administrator"  # a superuser runs the site as an Administrator does
    assert shown["two-hats"] == "Editor, Moderator"
    assert shown["django-staff"] == "No role"


def test_the_list_asks_the_same_few_queries_however_many_people_are_listed(
    administrator, newsroom, django_assert_max_num_queries
):
    client = signed_in(administrator)
    client.get(USERS)
    for number in range(10):
        make_user(f"extra{number}", "Reporter")
    with django_assert_max_num_queries(30):
        assert len(listed(client.get(USERS).content.decode())) == len(newsroom) + 11


def test_a_person_in_two_roles_is_counted_once(newsroom):
    staff = staff_members(get_user_model().objects.all())
    assert staff.filter(username="two-hats").count() == 1


def test_every_account_is_either_staff_or_a_readers(newsroom):
    accounts = get_user_model().objects.all()
    staff = set(staff_members(accounts).values_list("username", flat=True))
    readers = set(accounts.exclude(staff_account()).values_list("username", flat=True))
    assert staff == set(newsroom) and readers == {"nadia@example.org", "oidc-7f3a"}


def test_avatars_are_initials_drawn_in_the_page_not_fetched_from_gravatar(administrator, newsroom):
    client = signed_in(administrator)
    for page in ("/admin/", USERS, "/admin/account/"):
        html = client.get(page).content.decode()
        assert "gravatar" not in html.lower(), page
        sources = avatar_sources(html)
        assert sources, page
        assert all(source.startswith("data:image/svg+xml,") for source in sources), (page, sources)


def test_an_avatar_shows_the_persons_initials_safely(db):
    rita = make_user("rita", "Reporter")
    assert initials_of(rita) == "R"
    rita.first_name, rita.last_name = "Rita", "van der Berg"
    assert initials_of(rita) == "RB"
    rita.first_name, rita.last_name = "<script>", ""
    svg = unquote(initials_avatar_url(rita).removeprefix("data:image/svg+xml,"))
    assert ">&lt;</text>" in svg and "<script" not in svg


def test_an_uploaded_avatar_is_shown_from_our_own_media(administrator, settings, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.users.models import UserProfile

    settings.MEDIA_ROOT = tmp_path
    profile = UserProfile.get_for_user(administrator)
    profile.avatar.save("ada.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    sources = avatar_sources(signed_in(administrator).get(USERS).content.decode())
    assert any(source.startswith(settings.MEDIA_URL) for source in sources), sources


def test_comments_in_the_page_editor_show_initials_not_gravatar(administrator, make_article):
    article = make_article("Allies without a treaty")
    PageComment.objects.create(page=article, user=administrator, text="Check the date.", contentpath="title")
    html = signed_in(administrator).get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "Check the date." in html
    assert "gravatar" not in html.lower()
    assert '"avatar_url": "data:image/svg+xml,' in html.replace("&quot;", '"')
