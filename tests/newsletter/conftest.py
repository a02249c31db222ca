import pytest


@pytest.fixture(autouse=True)
def _run_on_commit_at_once(request, monkeypatch):
    """Inside a test's wrapping transaction nothing commits; run the callbacks where queued.

    Tests with a real database commit (a worker, a browser) keep Django's real on_commit.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if transactional or "transactional_db" in request.fixturenames:
        return
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )
