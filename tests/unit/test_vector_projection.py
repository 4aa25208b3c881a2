"""Projected icon vectors: the projection itself, its packing, and the scoring graph that uses it."""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")

from iconseek.site import vector_projection as vp  # noqa: E402  (after the numpy check)


def low_rank(dim: int, count: int, rank: int, seed: int = 3):
    """A [dim, count] matrix whose columns span ``rank`` directions, plus a little noise."""
    rng = np.random.default_rng(seed)
    basis = rng.standard_normal((dim, rank))
    return (basis @ rng.standard_normal((rank, count)) + 1e-3 * rng.standard_normal((dim, count))).astype(np.float32)


def test_projection_is_orthonormal_deterministic_and_keeps_low_rank_vectors():
    from iconseek.site.vector_projection import fit_projection, project, reconstruct

    matrix = low_rank(96, 300, 20)
    projection = fit_projection(matrix, 32)
    assert projection.shape == (96, 32) and projection.dtype == np.float32
    np.testing.assert_allclose(projection.T @ projection, np.eye(32), atol=1e-5)
    assert fit_projection(matrix, 32).tobytes() == projection.tobytes()  # same vectors, same site
    projected = project(matrix, projection)
    assert projected.shape == (32, 300)
    np.testing.assert_allclose(reconstruct(projected, projection), matrix, atol=5e-3)
    # a query scores the same against the reconstruction as its projection against the projected vectors
    query = np.random.default_rng(0).standard_normal((1, 96)).astype(np.float32)
    np.testing.assert_allclose(query @ reconstruct(projected, projection), (query @ projection) @ projected,
                               rtol=1e-4, atol=1e-4)


def test_rotation_spreads_the_variance_over_the_kept_dimensions():
    from iconseek.site.vector_projection import fit_projection, project

    matrix = low_rank(64, 500, 32)
    bare = project(matrix, fit_projection(matrix, 32, rotate=False)).var(axis=1)
    rotated = project(matrix, fit_projection(matrix, 32)).var(axis=1)
    assert bare.max() / bare.min() > 3 * rotated.max() / rotated.min()


def test_dims_for_energy_counts_in_steps_and_keeps_everything_when_needed():
    from iconseek.site.vector_projection import dims_for_energy

    assert dims_for_energy(low_rank(128, 400, 40), 0.999) == 64  # 40 directions -> the next multiple of 32
    full = np.random.default_rng(5).standard_normal((64, 400)).astype(np.float32)
    assert dims_for_energy(full, 0.999) == 64
    assert dims_for_energy(low_rank(20, 50, 3), 0.5) == 20  # fewer dimensions than one step: all kept


@pytest.mark.parametrize("call,message", [
    (lambda m: vp.fit_projection(m, 0), "between 1 and"),
    (lambda m: vp.fit_projection(m, 99), "between 1 and"),
    (lambda m: vp.dims_for_energy(m, 1.5), r"\(0, 1\]"),
    (lambda m: vp.fit_projection(m[0], 4), r"a \[D, N\]"),
    (lambda m: vp.project(m, np.ones((5, 2))), "does not fit"),
    (lambda m: vp.reconstruct(m, np.ones((16, 3))), "does not fit"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call(low_rank(16, 30, 4))


def test_nan_vectors_are_refused():
    from iconseek.site.vector_projection import fit_projection

    matrix = low_rank(16, 30, 4)
    matrix[3, 7] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        fit_projection(matrix, 8)


def projected_arms():
    """t2i projected to 32 of 64 dimensions, t2t left whole: what the site build ships with --vector-energy."""
    from iconseek.site.stages.vectors import projected

    arms = {"t2i": low_rank(64, 90, 12, seed=1), "t2t": np.random.default_rng(2).standard_normal((64, 90))
            .astype(np.float32)}
    stored, projections = projected(arms, 0.999)
    assert stored["t2i"].shape == (32, 90) and stored["t2t"].shape == (64, 90) and set(projections) == {"t2i"}
    return arms, stored, projections


def test_packed_projected_vectors_round_trip_to_the_levels_in_query_space():
    from iconseek.site.scoring_graph import pack_vectors, quantize_columns, unpack_vectors
    from iconseek.site.vector_projection import reconstruct

    arms, stored, projections = projected_arms()
    blob, layout = pack_vectors(stored, 4, projections)
    assert layout["arms"]["t2i"]["dims"] == 32 and "dims" not in layout["arms"]["t2t"]
    assert layout["arms"]["t2i"]["projection_offset"] % 4 == 0
    decoded = unpack_vectors(blob, {"vectors": layout, "count": 90, "dim": 64})
    for arm, matrix in stored.items():
        q, scale = quantize_columns(matrix, 4)
        levels = q.astype(np.float32) * scale
        expected = reconstruct(levels, projections[arm]) if arm in projections else levels
        np.testing.assert_allclose(decoded[arm], expected, rtol=1e-6, atol=1e-6)
    with pytest.raises(ValueError, match="shorter than manifest.json"):
        unpack_vectors(blob[:-8], {"vectors": layout, "count": 90, "dim": 64})


@pytest.mark.parametrize("storage", ["int4", "fp16"])
def test_scoring_graph_projects_the_query_and_scores_as_the_decoded_vectors(storage):
    ort = pytest.importorskip("onnxruntime")
    from iconseek.site.scoring_graph import (build_scoring_model, external_name, pack_vectors, projection_name,
                                             quantize_columns, unpack_int4)
    from iconseek.site.vector_projection import reconstruct

    _, stored, projections = projected_arms()
    model = build_scoring_model(stored, storage=storage, projections=projections)
    options = ort.SessionOptions()
    used = {}
    for arm, matrix in stored.items():
        q, scale = quantize_columns(matrix, 4)
        used[arm] = q.astype(np.float32) * scale if storage == "int4" else matrix.astype(np.float16).astype(np.float32)
    if storage == "int4":
        blob, layout = pack_vectors(stored, 4, projections)
        info = layout["arms"]["t2i"]
        assert np.array_equal(unpack_int4(blob[info["offset"]:], 32, 90, info["scale_offset"] - info["offset"]),
                              used["t2i"])
        names = [f"{arm}_f32" for arm in stored] + ["t2i_projection"]
        values = [used[arm] for arm in stored] + [projections["t2i"]]
        options.add_external_initializers(names, [ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(v))
                                                  for v in values])
        locations = {t.name: {e.key: e.value for e in t.external_data}["location"] for t in model.graph.initializer}
        assert locations == {"t2i_f32": external_name("t2i"), "t2t_f32": external_name("t2t"),
                             "t2i_projection": projection_name("t2i")}
    session = ort.InferenceSession(model.SerializeToString(), options)
    query = np.random.default_rng(9).standard_normal((1, 64)).astype(np.float32)
    feeds = {"t2i_query": query, "t2t_query": query, "bias": np.zeros((1, 90), np.float32),
             "k": np.array([5], np.int64)}
    out = dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds)))
    for arm in stored:
        full = reconstruct(used[arm], projections[arm]) if arm in projections else used[arm]
        exact = (query @ full)[0]
        np.testing.assert_allclose(out[f"{arm}_scores"][0], np.sort(exact)[::-1][:5], rtol=1e-4, atol=1e-4)
        assert set(out[f"{arm}_indices"][0]) == set(np.argsort(-exact)[:5])


def test_scoring_graph_refuses_a_projection_that_does_not_fit():
    from iconseek.site.scoring_graph import build_scoring_model

    _, stored, projections = projected_arms()
    with pytest.raises(ValueError, match="each projection must be"):
        build_scoring_model(stored, storage="int4", projections={"t2i": projections["t2i"][:, :16]})
    with pytest.raises(ValueError, match="each projection must be"):
        build_scoring_model(stored, storage="int4", projections={**projections, "x": projections["t2i"]})
    with pytest.raises(ValueError, match="same \\[D, N\\] shape"):
        build_scoring_model(stored, storage="int4")  # projected arms without their projections


def test_the_site_option_defaults_to_projection_for_our_vectors_only():
    from iconseek.commands.site import default_vector_energy
    from iconseek.site.stages.vectors import projected

    assert default_vector_energy("out/vectors", None) == 0.995
    assert default_vector_energy("team/vectors.parquet", None) is None
    assert default_vector_energy("out/vectors", 1.0) is None
    with pytest.raises(ValueError, match="--vector-energy"):
        default_vector_energy("out/vectors", 0)
    arms = {"t2i": low_rank(64, 90, 12)}
    assert projected(arms, None) == (arms, None)
