"""Retrieval benchmark: dev queries, qrels expansion, peer runners, metrics, report.

Everything here is build/bench-time tooling (numpy, matplotlib, Node peers are
imported lazily inside the modules that need them); nothing under
``iconseek.core`` imports from this package.
"""
