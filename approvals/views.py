from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from . import selectors, services
from .forms import AccountSettingsForm, DelegationForm, LanguageForm


class OrganisationListView(ListView):
    template_name = "approvals/organisation_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.search_organisations(self.request.user, self.request.GET.get("q", ""))

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.request.GET.get("q", ""), **kwargs)


class OrganisationDetailView(DetailView):
    template_name = "approvals/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return selectors.get_organisation_for_user(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        organisation = self.object
        sites = organisation.town.sites.all() if organisation.town_id else []
        return super().get_context_data(
            members=selectors.members_of(organisation), sites=sites, **kwargs
        )


class CheckpointListView(ListView):
    template_name = "approvals/checkpoint_list.html"
    context_object_name = "checkpoints"

    def dispatch(self, request, *args, **kwargs):
        if not selectors.holds_national_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.checkpoints()


class AccountView(FormView):
    """A person's own settings: language and how they are notified."""

    template_name = "approvals/account.html"
    form_class = AccountSettingsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            memberships=selectors.memberships_of(self.request.user), **kwargs
        )

    def form_valid(self, form):
        form.save()
        translation.activate(form.instance.language)
        messages.success(self.request, _("Your settings are saved."))
        response = HttpResponseRedirect(reverse("directory:account:index"))
        _remember_language(response, form.instance.language)
        return response


class SwitchLanguageView(View):
    """POST only: switch the interface language and remember it for the person."""

    def post(self, request):
        form = LanguageForm(request.POST)
        next_url = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = "/"
        response = HttpResponseRedirect(next_url)
        if form.is_valid():
            language = form.cleaned_data["language"]
            if request.user.is_authenticated:
                services.set_language(person=request.user, language=language)
            _remember_language(response, language)
        return response


def _remember_language(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=False,
    )


class DelegationView(FormView):
    """Name an acting approver for a period, see who acts for whom, revoke."""

    template_name = "approvals/delegations.html"
    form_class = DelegationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(),
                "colleagues": selectors.colleagues_for_delegation(self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            delegations=selectors.active_delegations(self.request.user), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "revoke" in request.POST:
            delegation = get_object_or_404(
                selectors.active_delegations(request.user).filter(principal=request.user),
                pk=request.POST.get("revoke") if request.POST.get("revoke", "").isdigit() else 0,
            )
            services.revoke_delegation(delegation=delegation, actor=request.user)
            messages.success(request, _("The delegation is revoked."))
            return HttpResponseRedirect(request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.delegate(principal=self.request.user, acting=form.cleaned_data["acting"],
                              starts_on=form.cleaned_data["starts_on"],
                              ends_on=form.cleaned_data["ends_on"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s will act for you in that period.")
                         % {"name": form.cleaned_data["acting"].get_full_name()})
        return HttpResponseRedirect(self.request.path)


class NotificationListView(ListView):
    template_name = "approvals/notifications.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return selectors.notifications_of(self.request.user)

    def post(self, request):
        services.mark_notifications_read(person=request.user)
        return HttpResponseRedirect(request.path)
