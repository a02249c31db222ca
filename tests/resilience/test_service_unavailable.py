from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client


def test_a_database_connection_lost_mid_request_answers_the_translated_503(db, monkeypatch):
    def cut(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", cut)
    response = Client(raise_request_exception=False).get("/municipalities/")
    monkeypatch.undo()
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert '<html lang="ja"' in page and "一時的にご利用いただけません" in page
