"""Pages that belong to no single part: the home page."""

from django.views.generic import TemplateView

from approvals import selectors as authority
from workflows import selectors as tasks


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            memberships=authority.memberships_of(user),
            inbox_count=tasks.inbox(user).count(),
            queue_count=tasks.queue(user).count(),
            **kwargs,
        )
