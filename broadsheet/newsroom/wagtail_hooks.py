"""Authors and tags in the back office: listings with article counts, choosers that create, tag merging."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import LogFormatter, log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser

from . import tag_field
from .models import Author, Tag
from .services import free_slug, merge_tags


class NamedCreationForm(forms.ModelForm):
    """A short form for a new row inside the article's chooser; its address is made from its name."""

    def save(self, commit=True):
        self.instance.slug = free_slug(self._meta.model, self.cleaned_data["name"])
        return super().save(commit)


class TagCreationForm(NamedCreationForm):
    class Meta:
        model = Tag
        fields = ["name", "kind"]


class AuthorCreationForm(NamedCreationForm):
    class Meta:
        model = Author
        fields = ["name", "role"]


class LoggedCreateView(SnippetCreateView):
    """Create from inside a chooser, and record it in the item's history like the full form does."""

    def save_form(self, form):
        instance = form.save()
        log(instance=instance, action="wagtail.create", user=self.request.user)
        return instance


KIND_COLUMN = Column("kind", label="Kind", accessor="get_kind_display")


class TagChooseView(ChooseView):
    @property
    def columns(self):
        return super().columns + [KIND_COLUMN]


class TagChooseResultsView(ChooseResultsView):
    @property
    def columns(self):
        return super().columns + [KIND_COLUMN]


class TagChooserViewSet(SnippetChooserViewSet):
    choose_view_class = TagChooseView
    choose_results_view_class = TagChooseResultsView
    create_view_class = LoggedCreateView
    creation_form_class = TagCreationForm
    create_action_label = "Create a new tag"


class AuthorChooserViewSet(SnippetChooserViewSet):
    create_view_class = LoggedCreateView
    creation_form_class = AuthorCreationForm
    create_action_label = "Add a new author"


ARTICLES_COLUMN = Column("article_count", label="Articles", sort_key="article_count")


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    menu_label = "Tags"
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["name", KIND_COLUMN, ARTICLES_COLUMN]
    list_filter = ["kind", "reviewed"]
    search_fields = ["name"]
    # The list is searched in the database (icontains): Wagtail's SQLite full-text backend answered
    # 500 ("no such column") when a list view named its fields; the lists are short.
    search_backend_name = None
    chooser_viewset_class = TagChooserViewSet

    def get_queryset(self, request):
        return Tag.objects.annotate(article_count=Count("article_tags__article", distinct=True)).order_by(Lower("name"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("merge/<int:pk>/", self.merge_view, name="merge")]

    def can_merge(self, user):
        # Merging deletes a tag, so it takes the right to change and to delete tags.
        return self.permission_policy.user_has_permission(user, "change") and (
            self.permission_policy.user_has_permission(user, "delete")
        )

    def merge_view(self, request, pk):
        """Merge this tag into another one the editor chooses; GET shows the form, POST merges."""
        if not self.can_merge(request.user):
            raise PermissionDenied
        absorb = get_object_or_404(Tag, pk=pk)
        form = MergeForm(request.POST or None, absorb=absorb)
        if request.method == "POST" and form.is_valid():
            keep = form.cleaned_data["keep"]
            try:
                moved = merge_tags(keep=keep, absorb=absorb, user=request.user)
            except ValidationError as refusal:
                form.add_error("keep", refusal.messages[0])
            else:
                articles = f"{moved} article{'s' if moved != 1 else ''}"
                messages.success(request, f"“{absorb.name}” was merged into “{keep.name}”; {articles} moved.")
                return redirect(self.get_url_name("list"))
        count = absorb.article_tags.values("article").distinct().count()
        return TemplateResponse(
            request,
            "newsroom/admin/merge_tag.html",
            {"form": form, "tag": absorb, "article_count": count, "header_title": f"Merge “{absorb.name}”"},
        )


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Tag.objects.all(),
        label="Merge into",
        help_text="The tag that stays. Every article filed under the tag being merged is filed under this one.",
        widget=AdminSnippetChooser(Tag),
    )

    def __init__(self, *args, absorb, **kwargs):
        super().__init__(*args, **kwargs)
        self.absorb = absorb

    def clean_keep(self):
        keep = self.cleaned_data["keep"]
        if keep.pk == self.absorb.pk:
            raise ValidationError("Choose a different tag: a tag cannot be merged into itself.")
        return keep


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "role", ARTICLES_COLUMN]
    search_fields = ["name"]
    # The list is searched in the database (icontains): Wagtail's SQLite full-text backend answered
    # 500 ("no such column") when a list view named its fields; the lists are short.
    search_backend_name = None
    chooser_viewset_class = AuthorChooserViewSet

    def get_queryset(self, request):
        return Author.objects.annotate(article_count=Count("bylines__article", distinct=True)).order_by(Lower("name"))


tag_viewset = TagViewSet()
author_viewset = AuthorViewSet()
register_snippet(tag_viewset)
register_snippet(author_viewset)


@hooks.register("register_snippet_listing_buttons")
def merge_button(snippet, user, next_url=None):
    if isinstance(snippet, Tag) and tag_viewset.can_merge(user):
        url = reverse(tag_viewset.get_url_name("merge"), args=[snippet.pk])
        yield ListingButton("Merge into…", url, priority=5, attrs={"aria-label": f"Merge “{snippet.name}” into…"})


@hooks.register("register_log_actions")
def register_merge_action(actions):
    @actions.register_action("newsroom.merge_tags")
    class MergeFormatter(LogFormatter):
        label = "Merge tags"

        def format_message(self, log_entry):
            absorbed = log_entry.data.get("absorbed", {})
            count = log_entry.data.get("articles", 0)
            return f"Merged “{absorbed.get('name', '?')}” into this tag ({count} article{'s' if count != 1 else ''})"


# The editor's desk registers its own hooks (its page, its dashboard panel, the approval wording).
from . import desk_admin  # noqa: E402, F401


@hooks.register("register_admin_urls")
def tag_suggestion_url():
    return [path("tags/suggest/", tag_field.suggest, name="newsroom_tag_suggestions")]


@hooks.register("before_create_page")
def make_typed_tags_for_a_new_article(request, parent_page, page_class):
    tag_field.make_typed_tags(request, page_class)


@hooks.register("before_edit_page")
def make_typed_tags_for_an_article(request, page):
    tag_field.make_typed_tags(request, page.specific_class)
