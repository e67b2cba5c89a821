"""Tagging at typing speed: one box of comma-separated names, suggestions as you type, new tags inline.

The article form's `tag_list` replaces adding tags one by one through a chooser. Existing tags
are matched by name whatever the case; a name no tag has makes a new tag when the article is
saved (with the kind the writer picked from the suggestions, or a topic), in the `before_*_page`
hooks below, so the editor's live preview, which saves the form without committing, never
makes tags. Tags made by writers who may not manage tags wait for an editor's review.
"""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import JsonResponse
from django.urls import reverse

from .desk import may_use_desk
from .forms import TagListField
from .models import ArticlePage, Tag
from .services import tags_for_names

SUGGESTIONS = 10
KIND_ORDER = {kind: n for n, kind in enumerate(Tag.Kind.values)}


def initial_tag_list(page):
    """Return the box's text for a page's tags as stored (the revision being edited), in order."""
    taggings = sorted(page.tags.all(), key=lambda tagging: tagging.sort_order or 0)
    return ", ".join(tagging.tag.name for tagging in taggings)


def tags_named(names):
    """Return the existing tags of these names in the names' order; names no tag has are left out."""
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    found = {tag.name.casefold(): tag for tag in Tag.objects.filter(query)}
    return [found[name.casefold()] for name in names if name.casefold() in found]


def kinds_posted(data):
    """Return {name: kind} the script posted for new names; anything malformed counts as nothing."""
    try:
        kinds = json.loads(data.get("tag_kinds") or "{}")
    except ValueError:
        return {}
    if not isinstance(kinds, dict):
        return {}
    return {str(name): kind for name, kind in kinds.items() if kind in Tag.Kind.values}


def make_typed_tags(request, page_class):
    """Before an article is saved from the back office, make the tags its box names that do not exist yet."""
    if request.method != "POST" or not issubclass(page_class, ArticlePage) or "tag_list" not in request.POST:
        return
    try:
        names = TagListField().clean(request.POST["tag_list"])
    except forms.ValidationError:
        return  # the form says why, and nothing is made
    tags_for_names(names, kinds=kinds_posted(request.POST), user=request.user)


def suggest(request):
    """Existing tags for what is being typed: names that start with it first, then those containing it."""
    if not may_use_desk(request.user):
        raise PermissionDenied
    typed = " ".join(request.GET.get("q", "").split())[:100]
    if not typed:
        return JsonResponse({"tags": []})
    tags = (
        Tag.objects.filter(name__icontains=typed)
        .annotate(
            starts=Case(When(name__istartswith=typed, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("starts", "name")[:SUGGESTIONS]
    )
    # The best ten by name, then shown by kind (topics, people, places, organisations) within each group.
    found = sorted(tags, key=lambda tag: (tag.starts, KIND_ORDER[tag.kind]))
    return JsonResponse(
        {
            "tags": [{"name": tag.name, "kind": tag.kind, "kind_label": tag.get_kind_display()} for tag in found],
            "kinds": [{"kind": kind, "label": label} for kind, label in Tag.Kind.choices],
        }
    )


def tags_to_review(user):
    """The desk's count of new tags writers made while filing, for those who manage tags."""
    if not user.has_perm("newsroom.change_tag"):
        return None
    return Tag.objects.filter(reviewed=False).count()


def tags_to_review_url():
    return reverse("wagtailsnippets_newsroom_tag:list") + "?reviewed=false"
