"""``python -m training fit``: train an ensemble, speaking the JSON-lines protocol of docs/formats.md.

Exit codes: 0 done, 2 bad input (the error names the parameter), 1 anything else, cancellation included.
SIGTERM or SIGINT stops training at the next batch and removes the partial model folder; a second signal
stops at once (the partial folder is still removed). A run that is killed outright (SIGKILL, power loss) or
fails keeps its work folder: ``--resume`` continues it. After every epoch an ``epoch`` event is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import traceback
from typing import Any, NoReturn, Sequence

from glacier_dl_plugin.core.config import TRAIN_LOSSES, TrainConfig
from glacier_dl_plugin.core.errors import CancelledError, GlacierDLError, InputError
from glacier_dl_plugin.core.progress import Monitor

__all__ = ["main", "build_parser"]

_PROGRESS_STEP = 0.5  # percent: finer progress events would only flood the QGIS log
_PROGRESS_INTERVAL_S = 2.0  # ... unless this long has passed since the last one


def emit(event: str, **fields: Any) -> None:
    """One protocol line on stdout, flushed at once so the parent sees it live."""
    print(json.dumps({"event": event, **fields}), flush=True)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as protocol error events (exit code 2, like argparse)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        emit("error", message=f"ARGUMENTS: {message}.")
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m training", description="Glacier DL training (docs/formats.md).")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    fit = commands.add_parser("fit", help="train an ensemble and export it to ONNX")
    fit.add_argument("--dataset", required=True, help="dataset folder made by 'Create training dataset'")
    fit.add_argument("--out", required=True, help="model folder to write")
    fit.add_argument("--members", type=int, default=2, help="ensemble members (default 2)")
    fit.add_argument("--epochs", type=int, default=30, help="most epochs per member (default 30)")
    fit.add_argument("--batch-size", type=int, default=8, help="chips per step (default 8)")
    fit.add_argument("--lr", type=_learning_rate, default=1e-3,
                     help="Adam learning rate, or 'auto' for the learning-rate finder's suggestion (default 1e-3)")
    fit.add_argument("--architecture", default="Unet", help="smp architecture (default Unet)")
    fit.add_argument("--encoder", default="resnet18", help="smp encoder (default resnet18)")
    fit.add_argument("--encoder-depth", type=int, default=5, help="encoder stages, 3-5 (default 5)")
    fit.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default auto)")
    fit.add_argument("--seed", type=int, default=0, help="seed of the first member (default 0)")
    fit.add_argument("--encoder-weights", default=None, help="local encoder state-dict file (never downloaded)")
    fit.add_argument("--loss", default="auto", help=f"one of {', '.join(TRAIN_LOSSES)} (default auto: ce+dice, "
                     "or mse for regression datasets)")
    fit.add_argument("--class-weights", type=_floats, default=(), help="comma-separated weight per class, e.g. 1,3")
    fit.add_argument("--patience", type=int, default=5, help="early stopping after this many epochs without "
                     "improvement, 0 never (default 5)")
    fit.add_argument("--criterion", default="val_loss", choices=("val_loss", "val_iou"),
                     help="what chooses the best epoch and drives early stopping (default val_loss)")
    fit.add_argument("--lr-patience", type=int, default=2, help="halve the learning rate after this many epochs "
                     "without improvement, 0 never (default 2)")
    fit.add_argument("--min-lr", type=float, default=1e-6, help="lowest learning rate (default 1e-6)")
    fit.add_argument("--jitter", type=float, default=0.1, help="photometric jitter strength, 0 off (default 0.1)")
    fit.add_argument("--allow-cpu-fallback", action="store_true", help="train on the CPU if the GPU is absent")
    fit.add_argument("--no-mixed-precision", action="store_true", help="float32 on GPUs too")
    fit.add_argument("--parallel", type=int, default=1, help="members trained at once per device (default 1)")
    fit.add_argument("--loader-workers", type=int, default=2, help="chip-reading processes per member, 0: none "
                     "(default 2)")
    fit.add_argument("--resume", action="store_true", help="continue an interrupted run into the same --out")
    fit.add_argument("--overwrite", action="store_true", help="replace an existing model folder")
    return parser


def _learning_rate(text: str) -> float | str:
    return "auto" if text == "auto" else float(text)


def _floats(text: str) -> tuple[float, ...]:
    return tuple(float(part) for part in text.split(",") if part.strip())


class _Stop:
    """SIGTERM/SIGINT handler: the first signal asks the training loop to stop, the second interrupts."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self, signum: int, frame: Any) -> None:
        if self.requested:
            raise CancelledError(f"Stopped by signal {signum}.")
        self.requested = True

    def install(self) -> dict[int, Any]:
        """Install for SIGTERM and SIGINT; returns the previous handlers."""
        return {signum: signal.signal(signum, self) for signum in (signal.SIGTERM, signal.SIGINT)}


class _ProgressLines:
    """``Monitor.progress`` as throttled progress events."""

    def __init__(self) -> None:
        self.last_percent, self.last_time = -100.0, 0.0

    def __call__(self, percent: float) -> None:
        now = time.monotonic()
        due = percent - self.last_percent >= _PROGRESS_STEP or now - self.last_time >= _PROGRESS_INTERVAL_S
        if due or percent >= 100:
            self.last_percent, self.last_time = percent, now
            emit("progress", percent=round(percent, 1))


def _config(arguments: argparse.Namespace) -> TrainConfig:
    find_lr = arguments.lr == "auto"
    return TrainConfig(members=arguments.members, epochs=arguments.epochs, batch_size=arguments.batch_size,
                       learning_rate=TrainConfig.learning_rate if find_lr else arguments.lr,
                       architecture=arguments.architecture, encoder=arguments.encoder,
                       encoder_depth=arguments.encoder_depth, device=arguments.device, seed=arguments.seed,
                       encoder_weights=arguments.encoder_weights, loss=arguments.loss,
                       class_weights=arguments.class_weights, patience=arguments.patience,
                       criterion=arguments.criterion, lr_patience=arguments.lr_patience, min_lr=arguments.min_lr,
                       find_lr=find_lr, jitter=arguments.jitter, allow_cpu_fallback=arguments.allow_cpu_fallback,
                       mixed_precision=not arguments.no_mixed_precision, parallel=arguments.parallel,
                       loader_workers=arguments.loader_workers, resume=arguments.resume)


def _fit(arguments: argparse.Namespace, stop: _Stop) -> int:
    config = _config(arguments)  # before torch loads: bad numbers fail fast
    monitor = Monitor(progress=_ProgressLines(), log=lambda message: emit("log", message=message),
                      is_cancelled=lambda: stop.requested)
    monitor.check()  # a signal may have come while torch was importing
    from .fit import fit_ensemble  # torch, smp, onnx: seconds to import

    model = fit_ensemble(arguments.dataset, arguments.out, config, monitor, overwrite=arguments.overwrite,
                         on_epoch=lambda fields: emit("epoch", **fields))
    emit("done", model=str(model))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    arguments = build_parser().parse_args(argv)
    stop = _Stop()
    previous = stop.install()
    try:
        return _fit(arguments, stop)
    except InputError as error:
        emit("error", message=str(error))
        return 2
    except CancelledError as error:
        emit("error", message=f"Cancelled: {error} The partial model folder was removed.")
        return 1
    except MemoryError as error:
        emit("error", message=f"Out of memory ({error}). Use a smaller --batch-size or fewer --parallel members.")
        return 1
    except GlacierDLError as error:
        emit("error", message=str(error))
        return 1
    except Exception as error:  # the process boundary: report anything, with its type, as an error event
        traceback.print_exc()
        emit("error", message=f"{type(error).__name__}: {error}")
        return 1
    finally:
        for signum, handler in previous.items():  # main() may run inside another program (tests)
            signal.signal(signum, handler)


if __name__ == "__main__":
    # Before torch loads: deterministic cuBLAS needs this set ahead of CUDA initialisation.
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    sys.exit(main())
