"""Query-time core: stdlib only, runs unchanged in CPython and Pyodide.

Data flows one way: query -> tokens -> arms -> fusion -> hits.
A test (tests/unit/test_stdlib_only.py) asserts that nothing in this package
imports a module outside the standard library.
"""
