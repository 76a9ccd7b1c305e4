"""What a server process does once it has loaded the application, before its first request."""

import gc

from django.urls import get_resolver


def settle() -> None:
    """Load every view (the URL conf imports them) and move what is loaded so far out of the
    garbage collector's sight (`gc.freeze`): the modules, classes and functions of a process
    live as long as it does, and a full collection walked all of them, over 200,000 objects,
    adding about 80 ms to one request in a few (measured on the needs analysis drawn afresh,
    docs/performance.md). What requests allocate is collected as before."""
    get_resolver().url_patterns  # noqa: B018 - imports the views
    gc.collect()
    gc.freeze()
