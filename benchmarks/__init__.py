"""Measured performance of django-paypro, each figure beside the simplest code doing the same work.

Run them all with ``python -m benchmarks`` from the repository root (``--quick`` for a smaller
run, ``--smoke`` for a one-minute check that the benchmarks still work). See
``benchmarks/README.md``. These are measurements, not tests: the suite runs none of them (it
only checks, in ``tests/tooling``, that the reference views do the work they are compared on).
"""
