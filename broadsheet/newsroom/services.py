"""Back-office workflows on the newsroom's taxonomy."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Revision

from .models import ArticlePage, ArticleTag, Tag


@transaction.atomic
def merge_tags(*, keep, absorb, user):
    """Move every article filed under `absorb` to `keep`, delete `absorb`, and log who did it.

    Articles already under both keep one tagging, in the earlier of the two places. Draft and
    older revisions are rewritten too, so publishing or reverting one later cannot bring back
    (or trip over) the deleted tag. Returns the number of articles moved.
    """
    if keep.pk == absorb.pk:
        raise ValidationError("Choose two different tags: a tag cannot be merged into itself.")
    keep = Tag.objects.select_for_update().get(pk=keep.pk)
    absorb = Tag.objects.select_for_update().get(pk=absorb.pk)
    already = set(ArticleTag.objects.filter(tag=keep).values_list("article_id", flat=True))
    moved = set()
    # Row by row so the tagging signals invalidate both tags' listings and every article's page.
    for tagging in ArticleTag.objects.filter(tag=absorb).order_by("pk"):
        moved.add(tagging.article_id)
        if tagging.article_id in already:
            tagging.delete()
        else:
            tagging.tag = keep
            tagging.save(update_fields=["tag"])
    rewrite_revisions(absorb.pk, keep.pk)
    absorbed = {"id": absorb.pk, "name": absorb.name, "kind": absorb.kind, "slug": absorb.slug}
    absorb.delete()
    log(instance=keep, action="newsroom.merge_tags", user=user, data={"absorbed": absorbed, "articles": len(moved)})
    return len(moved)


def rewrite_revisions(old_tag_id, new_tag_id):
    """Point every stored article revision that names the old tag at the new one (once per revision)."""
    article_type = ContentType.objects.get_for_model(ArticlePage)
    revisions = Revision.objects.filter(content_type=article_type).only("pk", "content")
    for revision in revisions.iterator(chunk_size=500):
        taggings = revision.content.get("tags") or []
        if not any(t.get("tag") == old_tag_id for t in taggings):
            continue
        kept, seen = [], set()
        for tagging in taggings:
            tag_id = new_tag_id if tagging.get("tag") == old_tag_id else tagging.get("tag")
            if tag_id in seen:
                continue
            seen.add(tag_id)
            kept.append({**tagging, "tag": tag_id})
        revision.content["tags"] = kept
        revision.save(update_fields=["content"])


def free_slug(model, name):
    """Return a slug for `name` that no other row of `model` uses (name-2, name-3… when taken)."""
    base = slugify(name)[:90] or model._meta.model_name
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def tags_for_names(names, *, kinds=None, user=None):
    """Return the tags these names name, in order, making the ones that do not exist yet.

    An existing tag is found by its name whatever the case. A new one takes the kind given for its
    name in `kinds` (topic otherwise); made by someone who may not manage tags, it waits for an
    editor's review (`Tag.reviewed`).
    """
    kinds = kinds or {}
    may_manage = user is not None and user.has_perm("newsroom.add_tag")
    tags = []
    for name in names:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            kind = kinds.get(name) if kinds.get(name) in Tag.Kind.values else Tag.Kind.TOPIC
            try:
                with transaction.atomic():
                    tag = Tag.objects.create(
                        name=name, slug=free_slug(Tag, name), kind=kind, reviewed=may_manage, created_by=user
                    )
            except IntegrityError:
                # Someone filed a story under the same new name a moment ago: theirs is the tag.
                tag = Tag.objects.filter(name__iexact=name).first()
                if tag is None:
                    raise
        tags.append(tag)
    return tags
