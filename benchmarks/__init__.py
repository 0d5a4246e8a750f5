"""Benchmarks for the hub: run them by hand, never in the test suite (see search_bench.py)."""
