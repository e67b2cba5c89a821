from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("comments/<int:article_id>/", views.discussion_page, name="discussion"),
    path("comments/<int:article_id>/post/", views.post, name="post"),
    path("comments/c/<int:comment_id>/flag/", views.flag, name="flag"),
    path("comments/c/<int:comment_id>/edit/", views.edit, name="edit"),
    path("comments/c/<int:comment_id>/delete/", views.delete, name="delete"),
    path("comments/mine/", views.mine, name="mine"),
    path("comments/opt-out/<str:token>/", views.opt_out, name="opt_out"),
    path("community-standards/", views.standards, name="standards"),
    path("f/comments/<int:article_id>/", views.comments_fragment, name="fragment"),
    path("f/comments/<int:article_id>/form/", views.form_fragment, name="form_fragment"),
    path("f/comments/<int:article_id>/reply/<int:comment_id>/", views.reply_fragment, name="reply_fragment"),
]
