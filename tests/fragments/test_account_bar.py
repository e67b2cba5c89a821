from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template import Context, Template


def test_fragment_tag_renders_a_placeholder_around_its_fallback():
    html = Template('{% load fragments %}{% fragment "/f/x/" refresh=5 %}<a href="/x/">See</a>{% endfragment %}')
    assert html.render(Context()) == '<div data-fragment="/f/x/" data-refresh="5"><a href="/x/">See</a></div>'


def test_account_fragment_is_private_and_offers_sign_in_to_anonymous_readers(client, db):
    response = client.get("/f/account/", {"next": "/world/"})
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert 'href="/accounts/login/?next=/world/"' in response.content.decode()


def test_account_fragment_names_a_signed_in_editor_and_links_the_back_office(client, db):
    user = get_user_model().objects.create_user("hmeyer", first_name="Hannah", last_name="Meyer", password="x" * 12)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    html = client.get("/f/account/").content.decode()
    assert "Signed in as Hannah Meyer" in html
    assert 'href="/admin/"' in html
    assert "csrfmiddlewaretoken" in html  # the sign-out form lives in the private fragment, not the page
