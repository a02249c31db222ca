import pytest

from municipalities.tasks import count_municipalities


@pytest.mark.worker
def test_a_real_worker_completes_a_task_against_the_real_database(celery_worker_process):
    result = count_municipalities.apply_async(ignore_result=False)  # none are kept by default
    assert result.get(timeout=60) == 62
