import re

from django import forms
from django.db.models import Exists, OuterRef

from broadsheet.newsroom.models import ArticlePage, ArticleTag, Author, SectionPage, Tag

MAX_QUERY_LENGTH = 200
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateInput(forms.DateInput):
    """A date picker that leaves out a value it cannot show (typed into the address by hand)."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, str) and not ISO_DATE.fullmatch(value):
            return None
        return super().format_value(value)


class SearchForm(forms.Form):
    """What a reader asks for: words, optional filters and an order. Every field may be left empty."""

    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": f"Please keep your search under {MAX_QUERY_LENGTH} characters."},
    )
    section = forms.ModelChoiceField(
        queryset=SectionPage.objects.none(), to_field_name="slug", required=False, empty_label="All sections"
    )
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.none(), to_field_name="slug", required=False, empty_label="Any tag"
    )
    author = forms.ModelChoiceField(
        queryset=Author.objects.all(), to_field_name="slug", required=False, empty_label="Any author"
    )
    published_from = forms.DateField(label="From", required=False, widget=DateInput(format="%Y-%m-%d"))
    published_to = forms.DateField(label="To", required=False, widget=DateInput(format="%Y-%m-%d"))
    sort = forms.ChoiceField(
        choices=[("relevance", "Most relevant"), ("newest", "Newest first")], required=False, initial="relevance"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = SectionPage.objects.visible().order_by("path")
        # Only tags a reader can see an article under: one a writer made while filing a draft
        # would otherwise name the draft's subject in the list.
        filed = ArticleTag.objects.filter(tag=OuterRef("pk"), article__in=ArticlePage.objects.visible())
        self.fields["tag"].queryset = Tag.objects.filter(Exists(filed))

    def clean_q(self):
        # NUL and other control characters can only come from a crafted address.
        return "".join(ch for ch in self.cleaned_data["q"] if ch.isprintable()).strip()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("published_from"), cleaned.get("published_to")
        if start and end and start > end:
            self.add_error("published_to", "The end date is before the start date.")
        return cleaned
