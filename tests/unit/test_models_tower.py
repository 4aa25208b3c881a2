"""The image tower: shape, normalisation, ONNX export agreement (needs torch: train extra)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch (optional train extra) not installed")

from iconseek.models.tower import EMBED_DIM, build_tower, count_parameters, export_tower_onnx  # noqa: E402
from iconseek.models.training import augment, contrastive_loss  # noqa: E402


def test_tower_maps_batch_of_rasters_to_unit_vectors():
    torch.manual_seed(0)
    model = build_tower().eval()
    pixels = torch.rand(3, 1, 64, 64)
    with torch.no_grad():
        out = model(pixels)
    assert out.shape == (3, EMBED_DIM)
    np.testing.assert_allclose(out.norm(dim=1).numpy(), 1.0, atol=1e-5)
    assert 0.5e6 < count_parameters(model) < 3e6


def test_onnx_export_matches_torch(tmp_path):
    ort = pytest.importorskip("onnxruntime")
    torch.manual_seed(1)
    model = build_tower().eval()
    path = tmp_path / "model.onnx"
    export_tower_onnx(model, path, raster_size=64)
    pixels = np.random.default_rng(0).random((5, 1, 64, 64), dtype=np.float32)
    (onnx_out,) = ort.InferenceSession(str(path)).run(["embeddings"], {"pixels": pixels})
    with torch.no_grad():
        torch_out = model(torch.from_numpy(pixels)).numpy()
    np.testing.assert_allclose(onnx_out, torch_out, atol=1e-4)


def test_augment_keeps_shape_range_and_blank_stays_blank():
    gen = torch.Generator().manual_seed(0)
    ink = torch.zeros(4, 1, 64, 64)
    ink[:, :, 30:34, 10:54] = 1.0
    out = augment(ink, gen)
    assert out.shape == ink.shape
    assert float(out.min()) >= 0.0 and float(out.max()) <= 1.0
    assert float(out.sum()) > 0
    assert float(augment(torch.zeros(2, 1, 64, 64), gen).abs().sum()) == 0.0


def test_contrastive_loss_masks_non_negatives():
    vecs = torch.nn.functional.normalize(torch.eye(4)[:, :3] + 0.1, dim=1)  # rows 2 and 3 differ
    text = vecs.clone()
    text[1] = text[0]  # icon 1's caption equals icon 0's: not a true negative
    same = torch.zeros(4, 4, dtype=torch.bool)
    unmasked = contrastive_loss(vecs, text, torch.tensor(10.0), same)
    same[0, 1] = same[1, 0] = True
    masked = contrastive_loss(vecs, text, torch.tensor(10.0), same)
    assert float(masked) < float(unmasked)


def test_a_tuned_tower_without_its_fp32_graph_is_refused_not_replaced_by_the_stock_export(tmp_path):
    # Exporting the pip package's weights into a tuned tower's folder would train the
    # image tower against another model than the one its config names.
    from iconseek.models.training import ensure_fp32_text_model

    tuned = tmp_path / "tuned"
    tuned.mkdir()
    (tuned / "tokenizer.json").write_text("{}")
    (tuned / "iconseek.json").write_text('{"kind": "query-tower"}')
    with pytest.raises(FileNotFoundError, match=r"tuned.*onnx/model\.onnx"):
        ensure_fp32_text_model(tuned)
    assert sorted(p.name for p in tuned.iterdir()) == ["iconseek.json", "tokenizer.json"]
