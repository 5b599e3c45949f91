"""Process state that viewflow does not keep: the application a process routes, each
human task's deadline, and bulk jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

from approvals.models import ApprovalStep


class SupplyProcess(Process):
    application = models.OneToOneField(
        "requests.SupplyApplication", on_delete=models.PROTECT, related_name="process"
    )

    class Meta:
        verbose_name = _("supply approval process")
        verbose_name_plural = _("supply approval processes")

    def __str__(self):
        return str(self.application)


class TaskDeadline(models.Model):
    """When a human task is due, when its assignee is reminded, when it escalates."""

    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="deadline")
    step = models.CharField(max_length=32, choices=ApprovalStep.Code.choices)
    due_at = models.DateTimeField(_("due"), db_index=True)
    remind_at = models.DateTimeField(_("reminder"), db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self):
        return f"{self.task_id}: {self.due_at:%Y-%m-%d %H:%M}"


class BulkJob(models.Model):
    """A bulk approval: one job, one result per application."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulk approval")
        verbose_name_plural = _("bulk approvals")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.requested_by} {self.created_at:%Y-%m-%d %H:%M}"


class BulkJobItem(models.Model):
    """One application of a bulk job; written in the same transaction as its decision."""

    job = models.ForeignKey(BulkJob, on_delete=models.CASCADE, related_name="items")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="+")
    ok = models.BooleanField(null=True)  # empty until processed
    message = models.CharField(max_length=500, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.job_id}/{self.task_id}: {self.ok}"


class ReturneeProcess(Process):
    """One attempt to bring a household to a destination; a new destination agreed after a
    refusal starts a new one."""

    case = models.ForeignKey(
        "requests.ReturneeCase", on_delete=models.PROTECT, related_name="processes"
    )

    class Meta:
        verbose_name = _("returnee case process")
        verbose_name_plural = _("returnee case processes")

    def __str__(self):
        return str(self.case)
