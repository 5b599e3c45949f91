"""The site shell: viewflow's Material frontend, an application per area.

Each menu entry is a viewset whose `has_view_permission` decides whether a person sees
it; the pages themselves still apply authority through the selectors.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from viewflow.urls import Application, AppMenuMixin, Site, Viewset

from approvals import selectors as authority
from approvals import views as approvals_views
from approvals.roles import Role
from approvals.selectors import holds_national_role
from documents import handbook_views
from requests import case_views
from requests import views as request_views
from requests.case_selectors import may_read_access_log
from requests.selectors import DECIDING_ROLES, is_logistics
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


class TaskPages(Viewset):
    detail_path = path("<int:pk>/", workflow_views.TaskView.as_view(), name="detail")
    bulk_path = path("bulk-approve/", workflow_views.BulkApproveView.as_view(), name="bulk")


class JobPages(Viewset):
    detail_path = path("<int:pk>/", workflow_views.BulkJobView.as_view(), name="detail")


def _files_or_decides(user):
    return user.is_authenticated and authority.organisations_where(
        user, Role.LOCAL_HEAD, *DECIDING_ROLES, acting=True
    ).exists()


class ApplicationsPage(AppMenuMixin, Viewset):
    title = _("Applications")
    icon = "inventory_2"
    index_path = path("", request_views.ApplicationListView.as_view(), name="index")
    new_path = path("new/", request_views.ApplicationEditView.as_view(), name="new")
    detail_path = path("<int:pk>/", request_views.ApplicationDetailView.as_view(), name="detail")
    edit_path = path("<int:pk>/edit/", request_views.ApplicationEditView.as_view(), name="edit")
    comment_path = path("<int:pk>/comment/", request_views.CommentView.as_view(), name="comment")
    upload_path = path("<int:pk>/attachments/", request_views.AttachmentUploadView.as_view(),
                       name="attach")
    download_path = path("<int:pk>/attachments/<int:attachment_pk>/",
                         request_views.AttachmentDownloadView.as_view(), name="attachment")
    document_path = path("<int:pk>/documents/<int:document_pk>/",
                         request_views.DocumentDownloadView.as_view(), name="document")
    dispatch_path = path("<int:pk>/dispatch/", request_views.DispatchView.as_view(),
                         name="dispatch")
    receipt_path = path("<int:pk>/shipments/<int:shipment_pk>/receipt/",
                        request_views.ReceiptView.as_view(), name="receipt")
    shortfall_path = path("<int:pk>/shortfall/", request_views.ShortfallView.as_view(),
                          name="shortfall")

    def has_view_permission(self, user, obj=None):
        return _files_or_decides(user)


class OrdersPage(AppMenuMixin, Viewset):
    title = _("Delivery orders")
    icon = "print"
    index_path = path("", request_views.OrdersView.as_view(), name="index")
    print_path = path("print/", request_views.PrintOrdersView.as_view(), name="print")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and is_logistics(user)


class TotalsPage(AppMenuMixin, Viewset):
    title = _("Running totals")
    icon = "functions"
    index_path = path("", request_views.TotalsView.as_view(), name="index")

    def has_view_permission(self, user, obj=None):
        return _files_or_decides(user)


def _sees_cases(user):
    return user.is_authenticated and authority.organisations_where(
        user, Role.RECEPTION_OFFICER, Role.MEDICAL_OFFICER, Role.LOCAL_HEAD,
        Role.COORDINATION_OFFICER, Role.DUTY_SHIFT).exists()


class CasesPage(AppMenuMixin, Viewset):
    title = _("Returnee cases")
    icon = "family_restroom"
    index_path = path("", case_views.CaseListView.as_view(), name="index")
    new_path = path("new/", case_views.CaseRegisterView.as_view(), name="new")
    detail_path = path("<int:pk>/", case_views.CaseView.as_view(), name="detail")
    document_path = path("<int:pk>/documents/<int:document_pk>/",
                         case_views.CaseDocumentView.as_view(), name="document")
    declaration_path = path("<int:pk>/declaration/", case_views.DeclarationFormView.as_view(),
                            name="declaration")

    def has_view_permission(self, user, obj=None):
        return _sees_cases(user)


class ReportsPage(AppMenuMixin, Viewset):
    title = _("Forced-return reports")
    icon = "report"
    index_path = path("", case_views.ReportsView.as_view(), name="index")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and authority.organisations_where(user).exists()


class CountsPage(AppMenuMixin, Viewset):
    title = _("Counts")
    icon = "bar_chart"
    index_path = path("", case_views.CountsView.as_view(), name="index")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and authority.organisations_where(user).exists()


class AccessLogPage(AppMenuMixin, Viewset):
    title = _("Access log")
    icon = "policy"
    index_path = path("", case_views.AccessLogView.as_view(), name="index")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and may_read_access_log(user)


class ReturnsArea(Application):
    title = _("Returns")
    icon = "directions_walk"
    app_name = "returns"
    viewsets = [
        CasesPage(app_name="cases"),
        ReportsPage(app_name="reports"),
        CountsPage(app_name="counts"),
        AccessLogPage(app_name="access_log"),
    ]


class HandbookPage(AppMenuMixin, Viewset):
    title = _("Handbook")
    icon = "menu_book"
    index_path = path("", handbook_views.HandbookDeskView.as_view(), name="index")
    edit_path = path("<int:pk>/<str:language>/", handbook_views.SectionEditView.as_view(),
                     name="edit")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and authority.organisations_where(user).exists()


class DelegationsPage(AppMenuMixin, Viewset):
    title = _("Delegations")
    icon = "supervisor_account"
    index_path = path("", approvals_views.DelegationView.as_view(), name="index")


class NotificationsPage(AppMenuMixin, Viewset):
    title = _("Notifications")
    icon = "notifications"
    index_path = path("", approvals_views.NotificationListView.as_view(), name="index")


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


class WorkArea(Application):
    title = _("Work")
    icon = "work"
    app_name = "work"
    viewsets = [
        HomePage(app_name="home"),
        InboxPage(app_name="inbox"),
        QueuePage(app_name="queue"),
        ArchivePage(app_name="archive"),
        TaskPages(app_name="tasks"),
        JobPages(app_name="jobs"),
    ]


class SupplyArea(Application):
    title = _("Supply")
    icon = "local_shipping"
    app_name = "supply"
    viewsets = [
        ApplicationsPage(app_name="applications"),
        OrdersPage(app_name="orders"),
        TotalsPage(app_name="totals"),
    ]

    def has_view_permission(self, user, obj=None):
        return _files_or_decides(user)


class DirectoryArea(Application):
    title = _("Directory")
    icon = "contacts"
    app_name = "directory"
    viewsets = [
        OrganisationsPage(app_name="organisations"),
        CheckpointsPage(app_name="checkpoints"),
        HandbookPage(app_name="handbook"),
        DelegationsPage(app_name="delegations"),
        NotificationsPage(app_name="notifications"),
        AccountPage(app_name="account"),
        AdministrationPage(app_name="administration"),
    ]


site = Site(
    title=_("Returns and Reconstruction"),
    primary_color="#1b5e20",
    secondary_color="#00695c",
    viewsets=[WorkArea(), SupplyArea(), ReturnsArea(), DirectoryArea()],
)
