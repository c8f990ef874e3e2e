"""Which device a DEVICE value gives, found quietly.

onnxruntime prints red errors each time a session asks for a CUDA provider whose libraries do not load. So
CUDA is probed first without it: the NVIDIA GPUs the driver exposes (:func:`nvidia_gpus`) and the CUDA provider
library with its CUDA/cuDNN dependencies (:func:`cuda_library_problem`). Only when both may work is a session
asked for CUDA, with onnxruntime's default log turned down (:func:`quiet_onnxruntime`); the providers it then
really uses tell the rest. ``auto`` falls back to the CPU with one warning; ``cuda`` and ``cuda:N`` without a
usable GPU are an error naming DEVICE. The training algorithm uses :func:`nvidia_gpus` and :func:`gpu_index`
the same way before starting torch.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..errors import InputError

__all__ = ["CUDA", "CPU", "gpu_index", "nvidia_gpus", "gpu_problem", "cuda_library_problem", "cuda_problem",
           "providers_for", "first_session_on_gpu", "quiet_onnxruntime", "check_training_gpu", "device_error",
           "cuda_requirements"]

CUDA, CPU = "CUDAExecutionProvider", "CPUExecutionProvider"
_MISSING = ("cannot open shared object file", "could not find module", "image not found")
"""Loader messages of a dependency that is not installed (Linux, Windows, macOS)."""


def gpu_index(device: str) -> int:
    """The GPU a device names: ``cuda`` is GPU 0, ``cuda:N`` GPU N (``auto``: 0)."""
    return int(device.partition(":")[2] or 0)


def nvidia_gpus(root: Path = Path("/"), environ: dict | None = None, platform: str = sys.platform) -> int | None:
    """How many NVIDIA GPUs CUDA can see here, read from the driver's files (no CUDA library is loaded).

    Linux: the entries of ``/proc/driver/nvidia/gpus`` (else ``/dev/nvidia<N>`` devices), limited by
    ``CUDA_VISIBLE_DEVICES``; 0 without any (no driver). None where this cannot be told: WSL (``/dev/dxg``),
    and systems other than Linux.
    """
    environ = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return None
    gpus = root / "proc/driver/nvidia/gpus"
    if gpus.is_dir():
        count = len(list(gpus.iterdir()))
    elif (root / "dev/dxg").exists():
        return None
    else:
        count = len([p for p in (root / "dev").glob("nvidia*") if p.name[6:].isdigit()])
    visible = environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None:  # CUDA stops at the first entry that names no GPU; empty or -1: none
        listed = []
        for entry in (v.strip() for v in visible.split(",")):
            if not entry or entry.startswith("-"):
                break
            listed.append(entry)
        count = min(count, len(listed))
    return count


def gpu_problem(gpus: int | None, index: int) -> str:
    """Why GPU ``index`` does not exist among ``gpus`` (:func:`nvidia_gpus`) ('' when it may)."""
    if gpus == 0:
        return "no NVIDIA GPU or driver was found"
    if gpus is not None and index >= gpus:
        return f"GPU {index} does not exist (this machine has {gpus}: cuda:0 to cuda:{gpus - 1})"
    return ""


def cuda_library_problem(onnxruntime_dir: Path) -> str:
    """Why onnxruntime's CUDA provider library would not load here ('' when it loads, or cannot be told).

    The library is loaded the way onnxruntime loads it, so a missing CUDA or cuDNN library shows, without
    onnxruntime printing anything. Other loader errors are left to onnxruntime to report.
    """
    names = ("libonnxruntime_providers_cuda.so", "onnxruntime_providers_cuda.dll")
    library = next((onnxruntime_dir / "capi" / n for n in names if (onnxruntime_dir / "capi" / n).is_file()), None)
    if library is None:
        return ""
    try:
        ctypes.CDLL(str(library))
    except OSError as error:
        text = str(error)
        return text if any(m in text.lower() for m in _MISSING) else ""
    return ""


def cuda_requirements(onnxruntime) -> str:
    """What this onnxruntime's CUDA provider needs, e.g. ``CUDA 13.0 and cuDNN 9``."""
    info = getattr(getattr(onnxruntime, "capi", None), "build_and_package_info", None)
    version = getattr(info, "cuda_version", "") or ""
    return f"CUDA {version or '12 or 13'} and cuDNN 9"


def cuda_problem(available: Sequence[str], gpus: int | None, index: int, library_problem: str,
                 requirements: str = "CUDA and cuDNN") -> str:
    """Why GPU ``index`` cannot run onnxruntime's CUDA provider ('' when it may: only a session tells for sure).

    Args:
        available: onnxruntime's available providers.
        gpus: NVIDIA GPUs seen (:func:`nvidia_gpus`; None: unknown).
        library_problem: :func:`cuda_library_problem`'s answer.
    """
    if CUDA not in available:
        return (f"this onnxruntime has no CUDA provider (it offers {', '.join(available)}; the GPU build is the "
                "onnxruntime-gpu package)")
    if gpu_problem(gpus, index):
        return gpu_problem(gpus, index)
    if library_problem:
        return f"the CUDA provider's libraries do not load ({library_problem}; it needs {requirements})"
    return ""


def providers_for(onnxruntime, device: str, log: Callable[[str], None], warn: Callable[[str], None]) -> list:
    """onnxruntime providers for ``device``, CPU last, decided without asking onnxruntime for CUDA.

    ``auto`` on a machine where CUDA cannot work gives the CPU, said once: as a warning when onnxruntime-gpu is
    installed (a GPU was meant), as a log line when this onnxruntime has no CUDA provider at all.

    Raises:
        InputError: (DEVICE) ``cuda``/``cuda:N`` where that GPU cannot be used, saying why.
    """
    if device == "cpu":
        return [CPU]
    available = list(onnxruntime.get_available_providers())
    gpus = nvidia_gpus()
    library = cuda_library_problem(Path(onnxruntime.__file__).parent) if CUDA in available and gpus != 0 else ""
    problem = cuda_problem(available, gpus, gpu_index(device), library, cuda_requirements(onnxruntime))
    if problem and device != "auto":
        raise device_error(device, problem)
    if problem:
        (warn if CUDA in available else log)(f"DEVICE=auto: running on the CPU, {problem}.")
        return [CPU]
    return [(CUDA, {"device_id": gpu_index(device)}), CPU]


def first_session_on_gpu(onnxruntime, open_session: Callable[[list], object], wanted: list, device: str,
                         warn: Callable[[str], None]) -> tuple[object, list]:
    """The first member's session (``open_session(providers)``) on the GPU, opened with onnxruntime's log
    turned down, and the providers the other members get: ``wanted`` when CUDA started, else the CPU (for
    ``auto``, with a warning).

    Raises:
        InputError: (DEVICE) an explicit GPU on which CUDA did not start; (MODEL) an unreadable model.
    """
    try:
        with quiet_onnxruntime(onnxruntime):
            session = open_session(wanted)
        if session.get_providers()[0] != CPU:
            return session, wanted
    except InputError:
        open_session([CPU])  # an unreadable model is a MODEL error, whatever the device
    problem = (f"onnxruntime could not start CUDA on it (check the NVIDIA driver; this onnxruntime needs "
               f"{cuda_requirements(onnxruntime)})")
    if device != "auto":
        raise device_error(device, problem)
    warn(f"DEVICE=auto: running on the CPU, {problem}.")
    return open_session([CPU]), [CPU]


def check_training_gpu(device: str, allow_cpu_fallback: bool, warn: Callable[[str], None],
                       gpus: Callable[[], int | None] = nvidia_gpus) -> None:
    """Before a training process starts: the GPU ``device`` names must exist, as the NVIDIA driver tells
    (``gpus()``: :func:`nvidia_gpus`; where it cannot tell, torch decides in the training process).
    ``auto`` without a GPU (or a missing GPU with the fallback allowed) warns once that training runs on the CPU.

    Raises:
        InputError: (DEVICE) ``cuda``/``cuda:N`` without that GPU, unless ``allow_cpu_fallback``.
    """
    if device == "cpu":
        return
    problem = gpu_problem(gpus(), gpu_index(device))
    if not problem:
        return
    if device != "auto" and not allow_cpu_fallback:
        raise device_error(device, problem, ", or allow the CPU fallback (ALLOW_CPU_FALLBACK=true)")
    warn(f"DEVICE={device}: training runs on the CPU (much slower), {problem}.")


def device_error(device: str, problem: str, also: str = "") -> InputError:
    """The error of a GPU asked for explicitly that cannot be used (``also``: another fix, in words)."""
    return InputError("DEVICE", f"{device} was requested but cannot be used: {problem}.",
                      f"Use DEVICE=auto (the GPU when one is usable, else the CPU) or DEVICE=cpu{also}.")


@contextlib.contextmanager
def quiet_onnxruntime(onnxruntime) -> Iterator[None]:
    """onnxruntime's default logger shows only fatal errors inside (a CUDA provider that fails to load is
    reported by the caller instead); afterwards it shows warnings and errors again, onnxruntime's default."""
    onnxruntime.set_default_logger_severity(4)
    try:
        yield
    finally:
        onnxruntime.set_default_logger_severity(2)
