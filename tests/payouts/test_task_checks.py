"""``manage.py check`` catches a task backend that could not send payouts."""

from __future__ import annotations

from django_paypro.task_checks import check_task_backend


def ids(settings):
    return [message.id for message in check_task_backend()]


def test_no_tasks_setting_means_inline_and_no_error(settings):
    assert not hasattr(settings, "TASKS") or ids(settings) == []


def test_a_task_backend_alias_that_tasks_does_not_define_is_an_error(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PAYPRO = {**settings.PAYPRO, "TASK_BACKEND": "payouts"}
    assert ids(settings) == ["paypro.E030"]


def test_a_queue_the_backend_does_not_take_is_an_error(settings):
    backend = "django_tasks.backends.immediate.ImmediateBackend"
    settings.TASKS = {"default": {"BACKEND": backend, "QUEUES": ["paypro"]}}
    assert ids(settings) == ["paypro.E031"]
    settings.PAYPRO = {**settings.PAYPRO, "TASK_QUEUE": "paypro"}
    assert ids(settings) == []
