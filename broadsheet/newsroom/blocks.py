"""The blocks an article body is made of. New capabilities (polls, embeds) add their block here."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from broadsheet.polls.blocks import PollBlock


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
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "h2", "h3", "ol", "ul"])
    quote = QuoteBlock()
    pull_quote = PullQuoteBlock()
    image = ImageBlock()
    poll = PollBlock()
