from django.core.exceptions import PermissionDenied


class ViewsetPermissionMiddleware:
    """The permission that hides a menu entry also guards its pages.

    viewflow's SiteMiddleware checks the site's and the application's permission but not
    the viewset's (the page's); this closes that gap for every page at once. The pages
    still apply authority to each object through the selectors.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, callback, callback_args, callback_kwargs):
        match = request.resolver_match
        viewset = getattr(match.url_name, "extra", {}).get("viewset") if match else None
        if viewset is not None and request.user.is_authenticated \
                and not viewset.has_view_permission(request.user):
            raise PermissionDenied
        return None
