"""Factories for polls: used by the tests and by the demo poll."""

from datetime import timedelta

import factory
from django.utils import timezone

from .models import Option, Poll


class PollFactory(factory.django.DjangoModelFactory):
    """A public poll open since an hour ago; `options=("Yes", "No")` names its options, in order.

    Published on its own unless `status=Poll.Status.DRAFT`: then only a live article carrying it shows it.
    """

    class Meta:
        model = Poll
        skip_postgeneration_save = True

    question = factory.Sequence(lambda n: f"Question {n}?")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    results_shown = Poll.ResultsShown.AFTER_VOTING
    status = Poll.Status.PUBLISHED

    @factory.post_generation
    def options(poll, create, texts, **kwargs):
        for order, text in enumerate(texts if texts is not None else ("Yes", "No", "Maybe")):
            OptionFactory(poll=poll, text=text, sort_order=order)


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    poll = factory.SubFactory(PollFactory, options=())
    text = factory.Sequence(lambda n: f"Option {n}")
    sort_order = factory.Sequence(int)
