"""Newsroom content: home, section and article pages, authors and typed tags."""

from .pages import (
    ArticleByline,
    ArticlePage,
    ArticleTag,
    Correction,
    HomePage,
    HomeTopStory,
    RelatedArticle,
    SectionPage,
)
from .people import Author
from .related import AutomaticRelated
from .tags import Tag

__all__ = [
    "ArticleByline",
    "ArticlePage",
    "ArticleTag",
    "Author",
    "AutomaticRelated",
    "Correction",
    "HomePage",
    "HomeTopStory",
    "RelatedArticle",
    "SectionPage",
    "Tag",
]
