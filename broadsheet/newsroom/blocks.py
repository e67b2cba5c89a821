"""The blocks an article body is made of: the core's own, plus those feature apps register."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from . import plugins


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="The words as spoken or written, without quotation marks.")
    attribution = blocks.CharBlock(required=False, help_text="Who said it, e.g. 'Tian Chunsheng, analyst'.")

    class Meta:
        icon = "openquote"
        template = "newsroom/blocks/quote.html"


class PullQuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="A short line from the story, set large to catch the eye.")
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "pick"
        template = "newsroom/blocks/pull_quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, help_text="What the picture shows.")
    credit = blocks.CharBlock(required=False, help_text="Who took or owns the picture.")

    class Meta:
        icon = "image"
        template = "newsroom/blocks/image.html"


class ArticleBodyBlock(blocks.StreamBlock):
    """The core's blocks, then every block a feature app registered (see `plugins`).

    Built when the StreamField first needs it, after every app's ready() has run; stored data
    keeps each block's registered name, so existing articles stay valid.
    """

    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "h2", "h3", "ol", "ul"])
    quote = QuoteBlock()
    pull_quote = PullQuoteBlock()
    image = ImageBlock()

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__([*(local_blocks or []), *plugins.body_blocks()], **kwargs)
