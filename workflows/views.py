from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView
from viewflow.workflow.status import STATUS

from approvals import selectors as authority
from approvals.models import ApprovalStep, Decision, Reason
from requests.diff import revision_diff

from . import selectors, services
from .models import BulkJob

Step = ApprovalStep.Code


class TaskListView(ListView):
    template_name = "workflows/task_list.html"
    context_object_name = "tasks"
    paginate_by = 25
    title = ""
    empty_message = ""
    selector = None
    bulk = False

    def get_queryset(self):
        return type(self).selector(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, empty_message=self.empty_message, bulk=self.bulk, **kwargs
        )


class InboxView(TaskListView):
    title = gettext_lazy("Inbox")
    empty_message = gettext_lazy("You have no claimed tasks. Claim one from the queue.")
    selector = selectors.inbox


class QueueView(TaskListView):
    title = gettext_lazy("Queue")
    empty_message = gettext_lazy("Your organisations have no tasks waiting.")
    selector = selectors.queue
    bulk = True


class ArchiveView(TaskListView):
    title = gettext_lazy("Archive")
    empty_message = gettext_lazy("You have not finished any task yet.")
    selector = selectors.archive


def _decimal(text):
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


class TaskView(TemplateView):
    """One task of an application: claim it, hand it back, or decide it line by line."""

    template_name = "workflows/task.html"

    def dispatch(self, request, *args, **kwargs):
        self.task = selectors.get_task_for_user(request.user, kwargs["pk"])
        self.application = self.task.process.supplyprocess.application
        return super().dispatch(request, *args, **kwargs)

    def _lines(self, posted=None):
        first_step = self.task.flow_task.name == Step.TECHNICAL_REVIEW
        rows = []
        for line in self.application.lines.select_related("material", "site"):
            standing = line.quantity if first_step else (line.approved_quantity or Decimal("0"))
            rows.append({
                "line": line, "standing": standing,
                "value": (posted or {}).get(f"approved_{line.pk}", standing.normalize()),
                "reason": (posted or {}).get(f"reason_{line.pk}", ""),
                "comment": (posted or {}).get(f"comment_{line.pk}", ""),
            })
        return rows

    def get_context_data(self, posted=None, **kwargs):
        task, user = self.task, self.request.user
        is_open = task.status in (STATUS.NEW, STATUS.ASSIGNED)
        mine = task.owner_id == user.pk or (
            task.owner_id is not None and authority.principals_of(user).filter(
                principal=task.owner_id).exists())
        return super().get_context_data(
            task=task, application=self.application, step=task.flow_task.name,
            step_label=Step(task.flow_task.name).label,
            lines=self._lines(posted), posted=posted or {},
            reasons=Reason.objects.filter(is_active=True),
            can_claim=task.status == STATUS.NEW,
            can_decide=is_open and task.flow_task.name != Step.CORRECTION
            and (task.status == STATUS.NEW or mine),
            can_hand_back=task.status == STATUS.ASSIGNED and mine
            and task.flow_task.name != Step.CORRECTION,
            on_behalf_of=task.data.get("on_behalf_of"),
            diff=revision_diff(self.application),
            decisions=self.application.decisions.select_related(
                "decided_by", "on_behalf_of", "reason"),
            deadline=getattr(task, "deadline", None),
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action", "")
        try:
            if action == "claim":
                services.claim_task(task=self.task, actor=request.user)
                messages.success(request, _("The task is yours."))
            elif action == "hand_back":
                services.hand_back_task(task=self.task, actor=request.user)
                messages.success(request, _("The task is back in the queue."))
                return redirect("work:queue:index")
            elif action in ("approve", "return", "reject"):
                outcome = {"approve": Decision.Outcome.APPROVED,
                           "return": Decision.Outcome.RETURNED,
                           "reject": Decision.Outcome.REJECTED}[action]
                verdicts = [
                    services.LineVerdict(
                        line=row["line"].pk,
                        approved_quantity=_decimal(request.POST.get(f"approved_{row['line'].pk}")),
                        reason=int(request.POST[f"reason_{row['line'].pk}"])
                        if request.POST.get(f"reason_{row['line'].pk}", "").isdigit() else None,
                        comment=request.POST.get(f"comment_{row['line'].pk}", "")[:500],
                    )
                    for row in self._lines()
                ]
                reason = request.POST.get("reason", "")
                services.decide_task(
                    task=self.task, actor=request.user, outcome=outcome, verdicts=verdicts,
                    reason=int(reason) if reason.isdigit() else None,
                    comment=request.POST.get("comment", "")[:4000],
                    password=request.POST.get("password", ""),
                )
                messages.success(request, _("Your decision on %(number)s is recorded.")
                                 % {"number": self.application.number})
                return redirect("work:queue:index")
            else:
                raise Http404
        except services.AlreadyDecided as refusal:
            messages.error(request, str(refusal))
            return self.render_to_response(self.get_context_data(), status=409)
        except services.ActionRefused as refusal:
            messages.error(request, str(refusal))
            return self.render_to_response(self.get_context_data(posted=request.POST),
                                           status=422)
        return redirect("work:tasks:detail", pk=self.task.pk)


class BulkApproveView(View):
    """Approve the selected queue tasks in full, as one job."""

    def post(self, request):
        ids = [int(pk) for pk in request.POST.getlist("tasks") if pk.isdigit()]
        supply = {"pk__in": ids, "process__supplyprocess__isnull": False}
        tasks = list(selectors.queue(request.user).filter(**supply)) + list(
            selectors.inbox(request.user).filter(**supply))
        if not tasks:
            messages.error(request, _("Select at least one task."))
            return redirect("work:queue:index")
        try:
            job = services.start_bulk_approval(
                actor=request.user, tasks=tasks, password=request.POST.get("password", ""),
                comment=request.POST.get("comment", "")[:4000])
        except services.ActionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("work:queue:index")
        return redirect("work:jobs:detail", pk=job.pk)


class BulkJobView(TemplateView):
    template_name = "workflows/bulk_job.html"

    def get_context_data(self, **kwargs):
        job = get_object_or_404(BulkJob, pk=kwargs["pk"], requested_by=self.request.user)
        items = job.items.select_related("task__process__supplyprocess__application__town")
        return super().get_context_data(job=job, items=items, **kwargs)
