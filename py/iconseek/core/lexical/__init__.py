"""Lexical retrieval: text analysis, a BM25F index, prefix and typo expansion.

Everything here is standard-library Python so that it runs unchanged in Pyodide.
"""
