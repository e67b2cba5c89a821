from django.urls import path

from broadsheet.staff import views

# Mounted inside the back office (/admin/two-factor/) by wagtail_hooks.py.
urlpatterns = [
    path("", views.manage, name="staff_two_factor_manage"),
    path("code/", views.verify, name="staff_two_factor_verify"),
    path("set-up/", views.enrol, name="staff_two_factor_enrol"),
    path("recovery-codes/", views.new_recovery_codes, name="staff_two_factor_new_codes"),
    path("turn-off/", views.turn_off, name="staff_two_factor_turn_off"),
]
