"""The blocks an article body is made of: the core's own, plus those feature apps register."""

from django.template.loader import render_to_string
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from broadsheet.pagecache.dependencies import object_key, page_key

from . import embeds, plugins


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


def picture_keys(*pictures):
    """Return the dependency keys of pictures a block shows (a new file, crop or alt text changes it)."""
    return {object_key(picture, picture.pk) for picture in pictures if picture is not None}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, help_text="What the picture shows.")
    credit = blocks.CharBlock(required=False, help_text="Who took or owns the picture.")

    def cache_dependencies(self, value):
        return picture_keys(value["image"])

    class Meta:
        icon = "image"
        template = "newsroom/blocks/image.html"


class MediaEmbedBlock(EmbedBlock):
    """A YouTube or Vimeo video, or an X/Twitter or Instagram post, by its https address."""

    def clean(self, value):
        # The allowlist is checked before Wagtail's clean, which asks the provider for the player.
        if value is not None and getattr(value, "url", None):
            embeds.check_embeddable(value.url)
        return super().clean(value)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        stored = embeds.stored_embed(value.url) if value else None
        title = f"{stored.provider_name or 'Embedded'} {stored.type}: {stored.title}".strip(": ") if stored else ""
        context.update(embed=stored, embed_html=embeds.safe_html(stored.html, title) if stored else "")
        return context

    class Meta:
        icon = "media"
        template = "newsroom/blocks/embed.html"
        help_text = (
            "The address of a YouTube or Vimeo video, or of an X (Twitter) or Instagram post, starting https://."
        )


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, help_text="What this picture shows.")
    credit = blocks.CharBlock(required=False, help_text="Who took or owns it.")


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, help_text="A heading for the set, e.g. 'The flood in pictures'.")
    # A new gallery opens with the two places it needs: with one, the editor showed "The minimum
    # number of items is 2" before anything was chosen.
    images = blocks.ListBlock(
        GalleryImageBlock(),
        min_num=2,
        max_num=24,
        default=[{"image": None, "caption": "", "credit": ""}] * 2,
        help_text="Two to 24 pictures, in order.",
    )

    def cache_dependencies(self, value):
        return picture_keys(*(item["image"] for item in value["images"]))

    class Meta:
        icon = "image"
        template = "newsroom/blocks/gallery.html"
        label = "Gallery"


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(help_text="What the facts are about, e.g. 'The treaty in numbers'.")
    facts = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], help_text="Short facts, one a line.")

    class Meta:
        icon = "list-ul"
        template = "newsroom/blocks/fact_box.html"
        label = "Fact box"


class ArticleTableBlock(TableBlock):
    """A table of figures; give it a caption so screen readers announce what it holds."""

    def render(self, value, context=None):
        # TableBlock's own render builds a context that leaves empty rows in; this one drops them.
        value = value or {}
        rows = [row for row in value.get("data") or [] if any(cell not in (None, "") for cell in row)]
        has_header = bool(value.get("first_row_is_table_header")) and bool(rows)
        return render_to_string(
            self.meta.template,
            {
                "value": value,
                "header_row": rows[0] if has_header else None,
                "body_rows": rows[1:] if has_header else rows,
            },
        )

    class Meta:
        icon = "table"
        template = "newsroom/blocks/table.html"
        label = "Table"


class ReadMoreBlock(blocks.StructBlock):
    """A 'Read more' line pointing to another article, shown only while that article is visible."""

    article = blocks.PageChooserBlock(page_type="newsroom.ArticlePage", help_text="The article to point readers to.")
    label = blocks.CharBlock(required=False, default="Read more", help_text="The words before the headline.")

    def get_context(self, value, parent_context=None):
        from .models import ArticlePage  # the models import these blocks

        context = super().get_context(value, parent_context=parent_context)
        target = value.get("article")
        visible = ArticlePage.objects.visible().filter(pk=target.pk).first() if target else None
        context["target"] = visible
        return context

    def cache_dependencies(self, value):
        # The line appears, changes or disappears with the other article's publication.
        target = value.get("article")
        return {page_key(target)} if target else set()

    class Meta:
        icon = "link"
        template = "newsroom/blocks/read_more.html"
        label = "Read more"


class ArticleBodyBlock(blocks.StreamBlock):
    """The core's blocks, then every block a feature app registered (see `plugins`).

    Built when the StreamField first needs it, after every app's ready() has run; stored data
    keeps each block's registered name, so existing articles stay valid.
    """

    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "h2", "h3", "ol", "ul"])
    quote = QuoteBlock()
    pull_quote = PullQuoteBlock()
    image = ImageBlock()
    embed = MediaEmbedBlock()
    gallery = GalleryBlock()
    fact_box = FactBoxBlock()
    table = ArticleTableBlock()
    read_more = ReadMoreBlock()

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__([*(local_blocks or []), *plugins.body_blocks()], **kwargs)
