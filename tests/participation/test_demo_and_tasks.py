from io import StringIO

import pytest
from django.core import mail

from participation import demo, links, services, tasks
from participation.models import Activity, Organisation, Pledge

from .conftest import make_organisation

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_large_demo_is_bulk_loaded_once(monkeypatch):
    monkeypatch.setattr(demo, "LARGE_ORGANISATIONS", 40)
    demo.seed(scale="large", out=StringIO())
    counts = (Organisation.objects.count(), Pledge.objects.count(), Activity.objects.count())
    demo.seed(scale="large", out=StringIO())
    assert (
        Organisation.objects.count(),
        Pledge.objects.count(),
        Activity.objects.count(),
    ) == counts
    assert Organisation.objects.approved().filter(email__endswith=demo.LARGE_DOMAIN).count() == 40
    assert Activity.objects.public().count() >= 80
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"company", "school", "community_group", "npo", "other"}


def test_confirmation_task_sends_nothing_once_confirmed():
    organisation = make_organisation("団体", "131016", status="unconfirmed")
    tasks.send_confirmation_email(organisation.pk)
    assert len(mail.outbox) == 1
    services.confirm_organisation_email(token=links.confirmation_token(organisation))
    tasks.send_confirmation_email(organisation.pk)
    assert len(mail.outbox) == 1


def test_e_mails_are_written_in_the_organisations_language():
    organisation = make_organisation("団体", "131016", status="unconfirmed")
    organisation.language = "en"
    organisation.save()
    tasks.send_confirmation_email(organisation.pk)
    assert mail.outbox[-1].subject == "Confirm the e-mail address of your organisation"
    assert "/en/participation/confirm/" in mail.outbox[-1].body
