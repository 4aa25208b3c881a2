"""Build-time models: the frozen text tower and the icon image tower.

Heavy dependencies are imported lazily inside functions:

* ``text_export`` / ``training`` need torch (the optional ``train`` extra);
* ``embedding`` / ``runtime`` need only numpy + onnxruntime (the ``build`` extra),
  so icon vectors can be recomputed and queries encoded without torch.
"""
