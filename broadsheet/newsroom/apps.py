from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "broadsheet.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import plugins, receivers  # noqa: F401  (receivers connect the publish/unpublish listeners)
        from .demo.build import add_demo_newsroom, date_demo_pages

        plugins.register_demo(add_demo_newsroom, order=0)
        plugins.register_demo(date_demo_pages, order=1000)  # last: after every app's demo content
        # The core's own number on the desk: new tags writers made while filing, for editors to review.
        from .tag_field import tags_to_review, tags_to_review_url

        plugins.register_desk_count(
            "newsroom.tags", ("new tag to review", "new tags to review"), tags_to_review, tags_to_review_url, order=80
        )
