"""Bring your own model and vectors.

* :mod:`iconseek.byo.layout`  – find the graph/config/tokenizer of an HF-layout encoder dir.
* :mod:`iconseek.byo.encoder` – ``load_text_encoder(dir)`` → ``TextEncoder.encode(texts)``.
* :mod:`iconseek.byo.pooling` – pooling rules shared (by name) with the browser worker.
* :mod:`iconseek.byo.vectors` – parquet vectors → catalogue-ordered ``<arm>.f16`` + sidecar.
* :mod:`iconseek.byo.scorer`  – CPython semantic-arm scorer over BYO vectors.
* :mod:`iconseek.byo.errors`  – one exception type per failure, each naming the file.

Nothing heavy is imported here: numpy/onnxruntime/pyarrow load with the
submodule that needs them, so CLI parsers can import this package for free.
"""
