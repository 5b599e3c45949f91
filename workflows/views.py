from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from . import selectors


class TaskListView(ListView):
    template_name = "workflows/task_list.html"
    context_object_name = "tasks"
    paginate_by = 25
    title = ""
    empty_message = ""
    selector = None

    def get_queryset(self):
        return type(self).selector(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, empty_message=self.empty_message, **kwargs
        )


class InboxView(TaskListView):
    title = _("Inbox")
    empty_message = _("You have no claimed tasks. Claim one from the queue.")
    selector = selectors.inbox


class QueueView(TaskListView):
    title = _("Queue")
    empty_message = _("Your organisations have no tasks waiting.")
    selector = selectors.queue


class ArchiveView(TaskListView):
    title = _("Archive")
    empty_message = _("You have not finished any task yet.")
    selector = selectors.archive
