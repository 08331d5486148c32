"""Measured performance of django-paypro, each figure beside the simplest code doing the same work.

Run them all with ``python -m benchmarks`` from the repository root (``--quick`` for a smaller
run, ``--smoke`` for a few-second check that the benchmarks still work). See
``benchmarks/README.md``. These are measurements, not tests: nothing here runs in the suite.
"""
