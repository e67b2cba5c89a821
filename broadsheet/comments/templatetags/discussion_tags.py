from django import template

from broadsheet.accounts.models import display_name_of

from .. import discussion
from ..text import render_body

register = template.Library()


@register.filter
def author_name(user):
    """The name shown beside a comment: the reader's display name, or "a deleted reader"."""
    return display_name_of(user)


@register.filter
def comment_html(body):
    return render_body(body)


@register.simple_tag(takes_context=True)
def reply_address(context, comment):
    """The no-JavaScript way to answer a comment: its discussion page, with the reply form open under it.

    The order and page the comment is listed on are kept, so the form opens where the comment is.
    """
    page = context.get("page")
    number = getattr(page, "number", 1)
    number = number if isinstance(number, int) else 1
    order = context.get("order") or "oldest"
    return f"{discussion.address(comment.article_id, order, number, reply=comment.pk)}#comment-{comment.pk}"
