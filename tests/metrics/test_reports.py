"""Readership in the back office: most read across the site, and one article's views, sources and chart."""

from datetime import timedelta

from django.utils import timezone

from broadsheet.metrics.models import HourlyViews, Referral, ViewTotal
from tests.newsroom.test_roles import signed_in


def test_editor_sees_the_most_read_today_and_this_week(make_article):
    story = make_article("Widely read")
    older = make_article("Read earlier this week")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    HourlyViews.objects.create(article=story, hour=now - timedelta(hours=2), views=120)
    HourlyViews.objects.create(article=older, hour=now - timedelta(days=3), views=900)
    html = signed_in("Editor").get("/admin/readership/").content.decode()
    today, week = html.split("Most read in the last 7 days")
    assert "Widely read" in today and "Read earlier this week" not in today
    assert week.index("Read earlier this week") < week.index("Widely read")
    assert "900" in week


def test_article_report_shows_views_over_time_and_where_readers_came_from(make_article):
    story = make_article("Charted story")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for hours_ago, views in ((1, 30), (5, 12), (30, 7)):
        HourlyViews.objects.create(article=story, hour=now - timedelta(hours=hours_ago), views=views)
    ViewTotal.objects.create(article=story, views=49)
    Referral.objects.create(article=story, day=now.date(), domain="news.example.net", views=9)
    response = signed_in("Editor").get(f"/admin/readership/article/{story.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "49 views in all" in html
    assert html.count('class="views-bar"') == 48 + 30
    assert "news.example.net" in html and ">9<" in html


def test_the_article_report_is_for_staff_only(client, make_article):
    story = make_article("Private figures")
    response = client.get(f"/admin/readership/article/{story.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
