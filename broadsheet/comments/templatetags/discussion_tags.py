from django import template

from broadsheet.accounts.models import display_name_of

from ..text import render_body

register = template.Library()


@register.filter
def author_name(user):
    """The name shown beside a comment: the reader's display name, or "a deleted reader"."""
    return display_name_of(user)


@register.filter
def comment_html(body):
    return render_body(body)
