from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "broadsheet.links"
    label = "links"
    verbose_name = "Short links"
    # The project's URLconf includes the URLs of every app that names them here.
    urls = "broadsheet.links.urls"

    def ready(self):
        from broadsheet.newsroom import plugins

        from . import clicks, receivers  # noqa: F401  (buffers known to every process; the publishing receiver)
        from .demo import add_demo_links
        from .redirects import keep_redirects_on_this_site

        plugins.register_slot_item("head", "links/includes/head.html")
        plugins.register_slot_item(
            "article_actions", "links/includes/action.html", order=20, cache_dependencies=shown_link
        )
        plugins.register_demo(add_demo_links, order=30)
        keep_redirects_on_this_site()


def shown_link(context):
    """The article prints its own short link: a fact about the page, renewed when the link is made."""
    from broadsheet.pagecache.dependencies import page_key

    page = context.get("page")
    return {page_key(page)} if page is not None else set()
