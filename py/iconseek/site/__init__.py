"""The static search site: assembly (build time) and the browser-side entry point.

Build-time modules (``assemble``, ``scoring_graph``, ``bundle``, ``manifest``,
``wheel``, ``server``) may use numpy/onnx and are never shipped to the browser.
``browser`` is the one module that runs inside Pyodide: it imports only the
standard library and ``iconseek.core``, and is packed into the site's wheel.
Nothing is imported here so that shipping this package to Pyodide stays cheap.
"""
