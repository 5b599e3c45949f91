from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from approvals.models import Decision
from documents import printing
from workflows import selectors as task_selectors
from workflows import services as workflow_services

from . import deliveries, selectors, services
from .diff import revision_diff
from .forms import ApplicationForm, LineFormSet
from .models import Material, SupplyApplication
from .validation import LineInput
from .validation import _quantity as quantity_or_none


class ApplicationListView(ListView):
    template_name = "requests/application_list.html"
    paginate_by = 50
    context_object_name = "applications"

    def get_queryset(self):
        query = self.request.GET
        return selectors.application_list(
            self.request.user, status=query.get("status", ""), town=query.get("town", ""),
            search=query.get("q", "").strip(),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=SupplyApplication.Status.choices,
            can_apply=selectors.applicant_towns(self.request.user).exists(),
            query=self.request.GET, **kwargs,
        )


class ApplicationEditView(TemplateView):
    """A new application, or a draft (or returned one) being completed: save as you go,
    submit when ready; every problem is listed at once and nothing is stored half-way."""

    template_name = "requests/application_edit.html"

    def dispatch(self, request, *args, **kwargs):
        self.application = None
        if "pk" in kwargs:
            self.application = selectors.editable_application_for_user(request.user, kwargs["pk"])
            self.town = self.application.town
        else:
            towns = selectors.applicant_towns(request.user)
            chosen = request.GET.get("town") or request.POST.get("town")
            self.town = (towns.filter(pk=chosen).first() if str(chosen).isdigit()
                         else towns.first())
            if self.town is None:
                raise Http404
            self.towns = towns
        return super().dispatch(request, *args, **kwargs)

    def _initial(self):
        if self.application is None:
            return {}, []
        lines = [
            {"material": str(line.material_id), "site": str(line.site_id),
             "quantity": line.quantity.normalize(), "unit": line.material.unit, "note": line.note}
            for line in self.application.lines.select_related("material")
        ]
        return {"purpose": self.application.purpose,
                "supplements": self.application.supplements_id}, lines

    def get_context_data(self, form=None, formset=None, problems=(), **kwargs):
        initial, lines = self._initial()
        earlier = selectors.earlier_applications(
            self.town, excluding=self.application.pk if self.application else None
        )
        return super().get_context_data(
            application=self.application, town=self.town,
            towns=getattr(self, "towns", None),
            form=form or ApplicationForm(initial=initial, earlier=earlier),
            formset=formset or LineFormSet(initial=lines, prefix="lines"),
            materials=Material.objects.filter(is_active=True),
            sites=selectors.sites_of(self.town), problems=problems,
            diff=(revision_diff(self.application) if self.application else None),
            last_return=(self.application.decisions.filter(outcome=Decision.Outcome.RETURNED)
                         .select_related("reason").prefetch_related("lines__material",
                                                                    "lines__site", "lines__reason")
                         .last() if self.application else None),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        earlier = selectors.earlier_applications(
            self.town, excluding=self.application.pk if self.application else None
        )
        form = ApplicationForm(request.POST, earlier=earlier)
        formset = LineFormSet(request.POST, prefix="lines")
        if not (form.is_valid() and formset.is_valid()):
            problems = [_("Some fields could not be read; please check them.")]
            return self.render_to_response(self.get_context_data(form, formset, problems))
        lines = [
            LineInput(**{name: str(line.cleaned_data.get(name) or "") for name in
                         ("material", "site", "quantity", "unit", "note")})
            for line in formset.forms if not line.is_blank()
        ]
        application, problems = services.save_draft(
            actor=request.user, town=self.town, purpose=form.cleaned_data["purpose"],
            supplements_id=(int(form.cleaned_data["supplements"])
                            if form.cleaned_data["supplements"].isdigit() else None),
            lines=lines,
            application=self.application,
        )
        if not problems and "submit" in request.POST:
            problems = workflow_services.submit_application(application=application,
                                                            actor=request.user)
            if not problems:
                messages.success(request, _("Application %(number)s is submitted for review.")
                                 % {"number": application.number})
                return redirect(application)
        if problems:
            self.application = application
            return self.render_to_response(self.get_context_data(form, formset, problems))
        messages.success(request, _("Draft saved."))
        return redirect("supply:applications:edit", pk=application.pk)


class ApplicationDetailView(TemplateView):
    template_name = "requests/application_detail.html"

    def get_context_data(self, **kwargs):
        application = selectors.get_application_for_user(self.request.user, kwargs["pk"])
        chain = selectors.supplement_chain(application)
        return super().get_context_data(
            application=application,
            lines=application.lines.select_related("material", "site"),
            decisions=application.decisions.select_related(
                "decided_by", "on_behalf_of", "reason").prefetch_related(
                "lines__material", "lines__site", "lines__reason"),
            history=application.history.select_related("actor", "on_behalf_of"),
            attachments=application.attachments.select_related("uploaded_by"),
            open_tasks=task_selectors.open_tasks_of(application),
            diff=revision_diff(application),
            chain=SupplyApplication.objects.filter(pk__in=chain).select_related("town"),
            deliveries=deliveries.delivery_totals(application),
            shipments=application.shipments.prefetch_related("lines__line__material"),
            documents=application.documents.order_by("created_at"),
            is_logistics=selectors.is_logistics(self.request.user),
            can_edit_receipt=selectors.applicant_towns(self.request.user).filter(
                pk=application.town_id).exists(),
            totals=selectors.running_totals(chain),
            can_edit=application.is_editable and selectors.applicant_towns(
                self.request.user).filter(pk=application.town_id).exists(),
            **kwargs,
        )


class AttachmentUploadView(View):
    def post(self, request, pk):
        application = selectors.get_application_for_user(request.user, pk)
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError(_("Choose a file to attach."))
            services.attach_file(application=application, actor=request.user, upload=upload)
            messages.success(request, _("File attached."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(application)


class AttachmentDownloadView(View):
    def get(self, request, pk, attachment_pk):
        application = selectors.get_application_for_user(request.user, pk)
        attachment = get_object_or_404(application.attachments, pk=attachment_pk)
        response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                                filename=attachment.filename,
                                content_type=attachment.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CommentView(View):
    def post(self, request, pk):
        application = selectors.get_application_for_user(request.user, pk)
        try:
            services.comment_on(application=application, actor=request.user,
                                text=request.POST.get("comment", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(application)


class TotalsView(TemplateView):
    """Running totals per town, site and material: requested and approved."""

    template_name = "requests/totals.html"

    def get_context_data(self, **kwargs):
        applications = selectors.visible_applications(self.request.user)
        towns = {}
        for row in selectors.running_totals(applications):
            towns.setdefault(row["site"].town, []).append(row)
        return super().get_context_data(towns=towns, **kwargs)


class OrdersView(ListView):
    """Logistics: approved applications with their signed delivery orders."""

    template_name = "requests/orders.html"
    context_object_name = "applications"
    paginate_by = 200

    def dispatch(self, request, *args, **kwargs):
        if not selectors.is_logistics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.approved_orders(self.request.user)


class PrintOrdersView(View):
    """One or many signed orders as one PDF to print."""

    def post(self, request):
        if not selectors.is_logistics(request.user):
            raise PermissionDenied
        ids = [int(pk) for pk in request.POST.getlist("applications") if pk.isdigit()]
        documents = list(selectors.order_documents(request.user, ids))
        if not documents:
            messages.error(request, _("Select at least one order."))
            return redirect("supply:orders:index")
        pdf = printing.merge(documents)
        name = (documents[0].title if len(documents) == 1
                else _("%(count)d delivery orders") % {"count": len(documents)})
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{slugify(name) or "orders"}.pdf"'
        return response


class DocumentDownloadView(View):
    """A signed document of an application, to people who may see the application."""

    def get(self, request, pk, document_pk):
        application = selectors.get_application_for_user(request.user, pk)
        document = get_object_or_404(application.documents, pk=document_pk)
        response = FileResponse(document.file.open("rb"), content_type="application/pdf",
                                filename=f"{document.verification_id}.pdf")
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _quantities(post, prefix: str) -> dict[int, Decimal | None]:
    """Typed quantities by line; None for what is not a finite number, 0 when empty."""
    return {
        int(key[len(prefix):]): quantity_or_none(value) if value.strip() else Decimal("0")
        for key, value in post.items()
        if key.startswith(prefix) and key[len(prefix):].isdigit()
    }


class DispatchView(View):
    def post(self, request, pk):
        application = selectors.get_application_for_user(request.user, pk)
        quantities = _quantities(request.POST, "dispatch_")
        try:
            if any(value is None for value in quantities.values()):
                raise ValidationError(_("Quantities must be numbers."))
            shipment = deliveries.dispatch(application=application, actor=request.user,
                                           quantities=quantities,
                                           note=request.POST.get("note", ""))
            messages.success(request, _("Shipment %(number)d is recorded.")
                             % {"number": shipment.number})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(application)


class ReceiptView(View):
    def post(self, request, pk, shipment_pk):
        application = selectors.get_application_for_user(request.user, pk)
        shipment = get_object_or_404(application.shipments, pk=shipment_pk)
        received = _quantities(request.POST, "received_")
        try:
            if any(value is None for value in received.values()):
                raise ValidationError(_("Quantities must be numbers."))
            deliveries.confirm_receipt(shipment=shipment, actor=request.user, received=received)
            messages.success(request, _("Receipt confirmed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(application)


class ShortfallView(View):
    def post(self, request, pk):
        application = selectors.get_application_for_user(request.user, pk)
        try:
            draft = deliveries.request_shortfall(application=application, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(application)
        messages.success(request, _("A supplementary application for the shortfall is drafted."))
        return redirect("supply:applications:edit", pk=draft.pk)
