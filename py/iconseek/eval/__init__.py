"""Offline evaluation: ranking metrics, BEIR folders, TREC run files.

Used by ``iconseek eval``, ``iconseek bench``, the model-training evaluation and
the scripts in ``bench/`` — never at query time, so none of it is in the browser
wheel (``iconseek.site.wheel`` packs only ``iconseek.core``). It is stdlib only
all the same (tests/unit/test_stdlib_only.py), so a figure can be recomputed
anywhere the query path runs.
"""
