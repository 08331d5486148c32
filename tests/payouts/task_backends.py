"""The task backends the worker tests run on: one dedicated queue, one dedicated Redis db."""

QUEUE = "paypro-tests"
REDIS_DB = 7  # not 0: other users of the Redis at 127.0.0.1:6379 keep theirs

RQ_QUEUES = {QUEUE: {"HOST": "127.0.0.1", "PORT": 6379, "DB": REDIS_DB}}

TASKS_BY_NAME = {
    "database": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": [QUEUE]}},
    "rq": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [QUEUE]}},
}
