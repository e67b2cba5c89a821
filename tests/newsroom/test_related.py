"""Automatic related articles: scored on publication by a task, stored, read by page views, measured."""

from datetime import timedelta

from broadsheet.newsroom.factories import TagFactory, paragraphs_body
from broadsheet.newsroom.models import ArticlePage, AutomaticRelated
from broadsheet.newsroom.related import STORED


def automatic_picks(article, n=5):
    stored = AutomaticRelated.objects.filter(source=article).order_by("-score", "article_id")
    return list(stored.values_list("article__slug", flat=True)[:n])


def test_publishing_queues_scoring_and_the_page_reads_the_stored_list(
    client, make_article, china_tag, run_related_tasks, django_assert_max_num_queries
):
    alliance = TagFactory(name="Alliance", slug="alliance")
    first = make_article(
        "Navies of both countries sail together",
        tags=[china_tag, alliance],
        body=paragraphs_body(["The navies sailed together in a joint exercise near the coast."]),
    )
    second = make_article(
        "Joint naval exercise ends with a parade of ships",
        tags=[china_tag, alliance],
        body=paragraphs_body(["The joint naval exercise ended after a week at sea."]),
    )
    make_article("Ski season opens", tags=[], body=paragraphs_body(["Snow came early."]))
    assert not AutomaticRelated.objects.exists()  # nothing is scored during the publication itself
    html = client.get(second.url).content.decode()
    assert 'class="related"' not in html
    run_related_tasks()
    assert automatic_picks(second)[0] == first.slug
    assert automatic_picks(first)[0] == second.slug  # the neighbour was re-scored too
    # The task invalidated the page: the next view shows the stored pick without scoring anything.
    response = client.get(second.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Navies of both countries sail together" in response.content.decode()


def test_text_similarity_decides_between_articles_sharing_the_same_tags(make_article, china_tag, run_related_tasks):
    source = make_article(
        "Pipeline gas deliveries to China begin",
        tags=[china_tag],
        body=paragraphs_body(["Gas began flowing through the new pipeline to northern China."]),
    )
    make_article("Panda cubs born in Chengdu", tags=[china_tag], body=paragraphs_body(["Two cubs were born."]))
    same_story = make_article(
        "First pipeline gas reaches Heilongjiang",
        tags=[china_tag],
        body=paragraphs_body(["The pipeline gas reached the province on Monday."]),
    )
    make_article("Lantern festival crowds", tags=[china_tag], body=paragraphs_body(["Crowds filled the parks."]))
    run_related_tasks()
    assert automatic_picks(source)[0] == same_story.slug


def test_an_unpublished_related_article_is_not_shown_and_scoring_keeps_a_reserve(
    client, make_article, china_tag, committed, run_related_tasks
):
    articles = [make_article(f"China story {n}", tags=[china_tag]) for n in range(7)]
    run_related_tasks()
    source = articles[-1]
    shown = automatic_picks(source)
    assert len(shown) == 5 and AutomaticRelated.objects.filter(source=source).count() <= STORED
    gone = ArticlePage.objects.get(slug=shown[0])
    with committed():
        gone.unpublish()
    html = client.get(source.url).content.decode()
    assert gone.title not in html
    assert html.count('<li><a href="/world/china-story-') == 5


def test_recency_breaks_ties_between_equally_similar_articles(make_article, china_tag, run_related_tasks):
    from django.utils import timezone

    now = timezone.now()
    source = make_article("Steel output climbs", tags=[china_tag], published_at=now)
    old = make_article("Steel output climbs again", tags=[china_tag], published_at=now - timedelta(days=60))
    recent = make_article(
        "Steel output climbs again", slug="steel-2", tags=[china_tag], published_at=now - timedelta(days=1)
    )
    run_related_tasks()
    assert automatic_picks(source)[:2] == [recent.slug, old.slug]
