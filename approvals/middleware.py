from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in person reads the product in the language they chose, on any device.

    Runs after LocaleMiddleware (cookie, Accept-Language), which serves the log-in page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
