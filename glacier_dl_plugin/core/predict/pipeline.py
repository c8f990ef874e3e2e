"""Three threads overlapping I/O with compute: a reader, the model (calling thread) and a blender-writer.

- reader: reads each output block's halo window (block-aligned, one read per block), cuts its tiles into
  batches of full size across blocks and prepares them (standardising), into a bounded queue;
- model: runs every member on each batch, back to back;
- blender-writer: adds tile outputs to the running sums and writes each block once it is final.

onnxruntime, numpy's large array operations and GDAL's reads and writes release the GIL, so reading,
blending and writing proceed while the model computes. Queues are bounded, so memory stays bounded when
one stage is slower. Progress and cancellation are handled on the calling thread only.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from rasterio.windows import Window

from ..progress import Monitor
from .blocks import Block, BlockSums, slices_within

__all__ = ["BlockData", "TileBatch", "run_pipeline", "PipelineCounts"]

QUEUE_DEPTH = 2
"""Items waiting between two stages: enough to hide jitter, few enough to keep memory small."""
_POLL_S = 0.1
_DONE = object()


@dataclass
class BlockData:
    """What the reader hands on: a block, its read window's pixels, validity, and where to blend.

    Attributes:
        data: float32 ``[bands, rows, cols]`` of ``block.read``.
        valid: where every input band is valid (the model input is zeroed elsewhere).
        keep: where outputs count (``valid`` and inside the area of interest).
    """

    block: Block
    data: np.ndarray | None
    valid: np.ndarray | None
    keep: np.ndarray | None


@dataclass
class TileBatch:
    """One model call's worth of tiles: origins, raw pixels ``[N, bands, t, t]``, validity and keep masks.

    Attributes:
        inputs: what the reader's ``prepare`` made of the pixels for the model (e.g. standardised input
            per normalisation), so that the model thread only runs the model.
    """

    origins: list[tuple[int, int]]
    pixels: np.ndarray
    valid: np.ndarray
    keep: np.ndarray
    inputs: dict = field(default_factory=dict)


@dataclass
class PipelineCounts:
    computed: int = 0
    skipped_nodata: int = 0


class _Stage(threading.Thread):
    """A daemon thread that remembers the exception that ended it."""

    def __init__(self, target: Callable[[], None], name: str) -> None:
        super().__init__(name=name, daemon=True)
        self._work, self.error = target, None

    def run(self) -> None:
        try:
            self._work()
        except BaseException as error:  # handed to the calling thread, which re-raises it
            self.error = error


def _put(q: queue.Queue, item, stop: threading.Event, consumer: _Stage | None = None) -> None:
    """Put unless the run stops; raises the consumer's error if it died while the queue is full."""
    while not stop.is_set():
        try:
            q.put(item, timeout=_POLL_S)
            return
        except queue.Full:
            if consumer is not None and not consumer.is_alive():
                raise consumer.error or RuntimeError(f"{consumer.name} stopped") from None


def _get(q: queue.Queue, stage: _Stage):
    """Next item; raises the producer's error if it died."""
    while True:
        try:
            return q.get(timeout=_POLL_S)
        except queue.Empty:
            if stage.error is not None:
                raise stage.error from None
            if not stage.is_alive():
                return _DONE


def _tiles_of(item: BlockData, tile: int, counts: PipelineCounts) -> Iterator[tuple]:
    """``(origin, pixels, valid, keep)`` of each tile of a block that has any pixel to keep."""
    for row, col in item.block.tiles:
        here = slices_within(Window(col, row, tile, tile), item.block.read)
        keep = item.keep[here]
        if not keep.any():  # entirely nodata (or outside the area): never computed
            counts.skipped_nodata += 1
            continue
        yield (row, col), item.data[(slice(None),) + here], item.valid[here], keep


def _batch(tiles: list[tuple], fixed: int) -> TileBatch:
    """Stack tiles; with ``fixed`` > 0 pad to that many (fixed shapes for GPU providers)."""
    pixels = np.stack([t[1] for t in tiles])
    valid = np.stack([t[2] for t in tiles])
    keep = np.stack([t[3] for t in tiles])
    if fixed > len(tiles):
        pad = fixed - len(tiles)
        pixels = np.concatenate([pixels, np.zeros((pad,) + pixels.shape[1:], pixels.dtype)])
        valid = np.concatenate([valid, np.zeros((pad,) + valid.shape[1:], bool)])
    return TileBatch([t[0] for t in tiles], pixels, valid, keep)


def _batches(plan: list[Block], read: Callable[[Block], BlockData], prepare: Callable[[TileBatch], TileBatch],
             tile: int, batch_size: int, fixed_shape: bool, counts: PipelineCounts) -> Iterator[tuple]:
    """The reader thread's messages: ``("tiles", batch)`` filled across blocks, and ``("blocks", [index])``
    once every tile of those blocks is in a batch already sent (so the writer may finish them)."""
    pending: list[tuple] = []
    finished: list[tuple[int, int]] = []

    def flush() -> Iterator[tuple]:
        if pending:
            yield "tiles", prepare(_batch(pending, batch_size if fixed_shape else 0))
            pending.clear()
        if finished:
            yield "blocks", list(finished)
            finished.clear()

    for block in plan:
        item = read(block)
        if item.data is not None:
            for tile_parts in _tiles_of(item, tile, counts):
                pending.append(tile_parts)
                if len(pending) == batch_size:
                    yield from flush()
        finished.append(block.index)
        if not pending:
            yield from flush()
    yield from flush()


def run_pipeline(plan: list[Block], read: Callable[[Block], BlockData],
                 compute: Callable[[TileBatch], np.ndarray], finish: Callable[[Block, np.ndarray, np.ndarray], None],
                 sums: BlockSums, weights: np.ndarray, batch_size: int, monitor: Monitor,
                 fixed_shape: bool = False, progress: tuple[float, float] = (0.0, 100.0),
                 prepare: Callable[[TileBatch], TileBatch] = lambda batch: batch) -> PipelineCounts:
    """Run every block of ``plan`` through read → prepare → compute → blend → finish.

    Args:
        read: reads one block's halo window (reader thread).
        compute: ``[N, members, bands, t, t]`` model outputs for a batch (calling thread).
        finish: receives each final block with its ``(sums, weight)`` and writes it (writer thread).
        sums: the running weighted sums; weights: the tile's blending weights ``[t, t]``.
        fixed_shape: pad the last batch to ``batch_size`` (GPU providers tune kernels per shape).
        prepare: turns a batch's pixels into model input (reader thread, off the model's critical path).
    """
    stop = threading.Event()
    batches: queue.Queue = queue.Queue(QUEUE_DEPTH)
    results: queue.Queue = queue.Queue(QUEUE_DEPTH)
    by_index = {b.index: b for b in plan}
    counts = PipelineCounts()

    def reading() -> None:
        for message in _batches(plan, read, prepare, weights.shape[0], batch_size, fixed_shape, counts):
            if stop.is_set():
                return
            _put(batches, message, stop)
        _put(batches, _DONE, stop)

    def writing() -> None:
        while not stop.is_set():
            try:
                message = results.get(timeout=_POLL_S)
            except queue.Empty:
                continue
            if message is _DONE:
                return
            kind, payload = message
            if kind == "tiles":
                batch, outputs = payload
                for (row, col), values, keep in zip(batch.origins, outputs, batch.keep, strict=True):
                    sums.add(row, col, values, weights * keep)
            else:
                for index in payload:
                    finish(by_index[index], *sums.pop(index))

    reader, writer = _Stage(reading, "glacierdl-reader"), _Stage(writing, "glacierdl-writer")
    reader.start()
    writer.start()
    try:
        _compute_all(batches, reader, results, writer, compute, counts, monitor, len(plan), progress, stop)
        _send(results, _DONE, writer, stop)
        while writer.is_alive():
            writer.join(_POLL_S)
            monitor.check()
        if writer.error is not None:
            raise writer.error
    finally:
        stop.set()
        reader.join()
        writer.join()
    return counts


def _send(results: queue.Queue, message, writer: _Stage, stop: threading.Event) -> None:
    if writer.error is not None:
        raise writer.error
    _put(results, message, stop, writer)


def _compute_all(batches, reader, results, writer, compute, counts, monitor, total, progress, stop) -> None:
    """The calling thread's loop: the model on each prepared batch, block-done markers passed on in order."""
    done = 0
    while True:
        message = _get(batches, reader)
        if message is _DONE:
            break
        kind, payload = message
        if kind == "tiles":
            monitor.check()
            outputs = compute(payload)[:len(payload.origins)]
            counts.computed += len(payload.origins)
            _send(results, ("tiles", (payload, outputs)), writer, stop)
        else:
            done += len(payload)
            monitor.step(done, total, *progress)
            _send(results, message, writer, stop)
    if done != total:  # the reader ended early: its error explains why
        raise reader.error or RuntimeError("the block reader stopped early")
