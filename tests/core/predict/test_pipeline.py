"""The reader / model / writer pipeline: order of blocks, batches across blocks, errors from every thread."""
import numpy as np
import pytest
from rasterio.windows import Window

from glacier_dl_plugin.core.errors import CancelledError, GlacierDLError
from glacier_dl_plugin.core.predict.blocks import BlockSums, plan_blocks
from glacier_dl_plugin.core.predict.ensemble import run_split_on_oom
from glacier_dl_plugin.core.predict.pipeline import BlockData, run_pipeline
from glacier_dl_plugin.core.predict.tiling import blend_weights
from glacier_dl_plugin.core.progress import SILENT, Monitor

HEIGHT, WIDTH, TILE, OVERLAP, BLOCK = 600, 520, 64, 16, 256


def setup():
    plan = plan_blocks(HEIGHT, WIDTH, TILE, OVERLAP, BLOCK)
    image = np.arange(HEIGHT * WIDTH, dtype=np.float32).reshape(1, HEIGHT, WIDTH)

    def read(block):
        w = block.read
        data = np.zeros((1, int(w.height), int(w.width)), np.float32)
        r, c = int(w.row_off), int(w.col_off)
        part = image[:, r:r + int(w.height), c:c + int(w.width)]
        data[:, :part.shape[1], :part.shape[2]] = part
        valid = np.ones(data.shape[1:], bool)
        return BlockData(block, data, valid, valid)

    def compute(batch):  # identity "model": [N, members=1, bands=1, t, t]
        return batch.pixels[:, None]

    return plan, image, read, compute


def test_blocks_are_finished_in_order_once_each_and_reproduce_the_input():
    plan, image, read, compute = setup()
    written, out = [], np.zeros((HEIGHT, WIDTH), np.float32)

    def finish(block, sums, weight):
        written.append(block.index)
        w = block.window
        out[w.row_off:w.row_off + w.height, w.col_off:w.col_off + w.width] = sums[0, 0] / weight

    counts = run_pipeline(plan, read, compute, finish, BlockSums(Window(0, 0, WIDTH, HEIGHT), BLOCK, (1, 1)),
                          blend_weights(TILE, OVERLAP), 7, SILENT)
    assert written == [b.index for b in plan]
    assert counts.computed == sum(len(b.tiles) for b in plan) and counts.skipped_nodata == 0
    np.testing.assert_allclose(out, image[0], rtol=1e-6)


@pytest.mark.parametrize("failing", ["read", "compute", "finish"])
def test_an_error_in_any_stage_reaches_the_caller(failing):
    plan, _, read, compute = setup()
    calls = []

    def fail_third(function):
        def wrapped(*args):
            calls.append(1)
            if len(calls) == 3:
                raise ValueError(f"{failing} broke")
            return function(*args)
        return wrapped

    stages = {"read": read, "compute": compute, "finish": lambda block, sums, weight: None}
    stages[failing] = fail_third(stages[failing])
    with pytest.raises(ValueError, match=f"{failing} broke"):
        run_pipeline(plan, stages["read"], stages["compute"], stages["finish"],
                     BlockSums(Window(0, 0, WIDTH, HEIGHT), BLOCK, (1, 1)), blend_weights(TILE, OVERLAP), 2, SILENT)


def test_cancel_stops_every_thread():
    plan, _, read, compute = setup()
    steps = []
    monitor = Monitor(progress=steps.append, is_cancelled=lambda: len(steps) >= 2)
    with pytest.raises(CancelledError):
        run_pipeline(plan, read, compute, lambda *a: None, BlockSums(Window(0, 0, WIDTH, HEIGHT), BLOCK, (1, 1)),
                     blend_weights(TILE, OVERLAP), 4, monitor)
    import threading
    assert not [t for t in threading.enumerate() if t.name.startswith("glacierdl-")]


def test_out_of_memory_halves_the_batch_then_gives_up_with_advice():
    limit = [3]

    def run(batch):
        if len(batch) > limit[0]:
            raise RuntimeError("CUDA failure 2: out of memory")
        return batch * 2

    logs = []
    np.testing.assert_array_equal(run_split_on_oom(run, np.arange(8.0), logs.append), np.arange(8.0) * 2)
    assert logs[0] == "Out of device memory with 8 tiles per call; retrying with 4."
    limit[0] = 0
    with pytest.raises(GlacierDLError, match="BATCH_SIZE: the device ran out of memory even for one tile"):
        run_split_on_oom(run, np.arange(4.0), logs.append)
    with pytest.raises(ValueError):  # other errors are not retried
        run_split_on_oom(lambda b: (_ for _ in ()).throw(ValueError("shape")), np.arange(4.0))


def test_fixed_shapes_pad_every_batch_to_the_batch_size():
    plan, image, read, compute = setup()
    sizes = []

    def fixed(batch):
        sizes.append(len(batch.pixels))
        return compute(batch)

    out = np.zeros((HEIGHT, WIDTH), np.float32)

    def finish(block, sums, weight):
        w = block.window
        out[w.row_off:w.row_off + w.height, w.col_off:w.col_off + w.width] = sums[0, 0] / weight

    counts = run_pipeline(plan, read, fixed, finish, BlockSums(Window(0, 0, WIDTH, HEIGHT), BLOCK, (1, 1)),
                          blend_weights(TILE, OVERLAP), 8, SILENT, fixed_shape=True)
    assert set(sizes) == {8} and counts.computed % 8 != 0  # the last, partial batch was padded
    np.testing.assert_allclose(out, image[0], rtol=1e-6)


def test_warnings_go_to_their_own_channel_or_else_to_the_log():
    logs, warnings = [], []
    Monitor(log=logs.append, warn=warnings.append).warning("CUDA did not load")
    Monitor(log=logs.append).warning("no calibration")
    assert warnings == ["CUDA did not load"] and logs == ["no calibration"]
