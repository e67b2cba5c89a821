from wagtail.snippets.blocks import SnippetChooserBlock

from broadsheet.pagecache.dependencies import object_key


class PollBlock(SnippetChooserBlock):
    """A reader poll inside an article body; the same poll may sit in several articles."""

    def __init__(self, **kwargs):
        super().__init__("polls.Poll", **kwargs)

    def cache_dependencies(self, value):
        # The shared article shows the question and options; counts come through a fragment.
        return {object_key(value, value.pk)} if value else set()

    class Meta:
        icon = "list-ul"
        template = "polls/block.html"
