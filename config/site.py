"""The site shell: viewflow's Material frontend, an application per area.

Each menu entry is a viewset whose `has_view_permission` decides whether a person sees
it; the pages themselves still apply authority through the selectors.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from viewflow.urls import Application, AppMenuMixin, Site, Viewset

from approvals import views as approvals_views
from approvals.selectors import holds_national_role
from workflows import views as workflow_views

from .views import HomeView


class HomePage(AppMenuMixin, Viewset):
    title = _("Home")
    icon = "home"
    index_path = path("", HomeView.as_view(), name="index")


class InboxPage(AppMenuMixin, Viewset):
    title = _("Inbox")
    icon = "inbox"
    index_path = path("", workflow_views.InboxView.as_view(), name="index")


class QueuePage(AppMenuMixin, Viewset):
    title = _("Queue")
    icon = "assignment"
    index_path = path("", workflow_views.QueueView.as_view(), name="index")


class ArchivePage(AppMenuMixin, Viewset):
    title = _("Archive")
    icon = "archive"
    index_path = path("", workflow_views.ArchiveView.as_view(), name="index")


class OrganisationsPage(AppMenuMixin, Viewset):
    title = _("Organisations")
    icon = "account_balance"
    index_path = path("", approvals_views.OrganisationListView.as_view(), name="index")
    detail_path = path(
        "<int:pk>/", approvals_views.OrganisationDetailView.as_view(), name="detail"
    )


class CheckpointsPage(AppMenuMixin, Viewset):
    title = _("Checkpoints")
    icon = "place"
    index_path = path("", approvals_views.CheckpointListView.as_view(), name="index")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and holds_national_role(user)


class AccountPage(AppMenuMixin, Viewset):
    title = _("My account")
    icon = "manage_accounts"
    index_path = path("", approvals_views.AccountView.as_view(), name="index")


class AdministrationPage(AppMenuMixin, Viewset):
    """Django's admin: catalogue, thresholds, organisations and people."""

    title = _("Administration")
    icon = "admin_panel_settings"
    turbo_disabled = True
    index_path = path("", RedirectView.as_view(url="/admin/"), name="index")

    def has_view_permission(self, user, obj=None):
        return user.is_active and user.is_staff


class WorkApplication(Application):
    title = _("Work")
    icon = "work"
    app_name = "work"
    viewsets = [
        HomePage(app_name="home"),
        InboxPage(app_name="inbox"),
        QueuePage(app_name="queue"),
        ArchivePage(app_name="archive"),
    ]


class DirectoryApplication(Application):
    title = _("Directory")
    icon = "contacts"
    app_name = "directory"
    viewsets = [
        OrganisationsPage(app_name="organisations"),
        CheckpointsPage(app_name="checkpoints"),
        AccountPage(app_name="account"),
        AdministrationPage(app_name="administration"),
    ]


site = Site(
    title=_("Returns and Reconstruction"),
    primary_color="#1b5e20",
    secondary_color="#00695c",
    viewsets=[WorkApplication(), DirectoryApplication()],
)
