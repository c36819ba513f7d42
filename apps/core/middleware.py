"""Routing reads of the public site and the API to a read replica."""

from . import routers

STAFF_PREFIXES = ("/admin", "/i18n")


class ReadFromReplicaMiddleware:
    """Reads of public GET requests may go to the replica; staff pages and writes never do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public_read = request.method in {"GET", "HEAD"} and not request.path.startswith(
            self.staff_prefixes()
        )
        token = routers.reading_from_replica.set(public_read)
        try:
            return self.get_response(request)
        finally:
            routers.reading_from_replica.reset(token)

    @staticmethod
    def staff_prefixes() -> tuple[str, ...]:
        from django.conf import settings

        return (*STAFF_PREFIXES, "/" + settings.ADMIN_URL.rstrip("/"))
