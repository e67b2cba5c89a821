"""The demo discussion: added to the reference-like article by the comments app's demo builder."""

from broadsheet.comments.models import Comment, CommunityStandards, Rule
from broadsheet.operations.demo import build_demo


def test_the_reference_article_has_a_discussion_a_thread_a_held_comment_and_published_standards(client, db):
    reference = build_demo()["reference"]
    approved = Comment.objects.filter(article=reference, status="approved")
    assert approved.count() == 4 and approved.exclude(thread=None).count() == 2
    held = Comment.objects.get(article=reference, status="pending")
    assert held.rule == Rule.NEW_COMMENTER
    html = client.get(f"/f/comments/{reference.pk}/").content.decode()
    assert "Editor’s pick" in html and 'class="comment-replies"' in html and held.body not in html
    assert "4 comments" in client.get(f"/f/counts/{reference.pk}/").content.decode()
    standards = client.get("/community-standards/").content.decode()
    assert CommunityStandards.objects.count() == 1
    assert all(f'id="{rule}"' in standards for rule in Rule.values)  # every rule a refusal can name has its anchor
