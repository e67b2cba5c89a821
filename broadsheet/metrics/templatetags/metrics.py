from django import template

from ..apps import most_read_place
from ..services import most_read

register = template.Library()


@register.simple_tag(takes_context=True)
def most_read_entries(context):
    """Return the most-read (id, headline, url) entries for the page being rendered."""
    place = most_read_place(context)
    return most_read(place, context.get("request")) if place is not None else []
