"""SAM2 Hiera tiny vs a ResNet-34 U-Net: seconds per training step and peak memory; optionally Everest IoU.

Default run (``make bench``): each backbone in its own child process (so peak RSS is its own): a U-Net with
4 input bands (RGB + NIR) and 2 classes, Adam, batch :data:`BATCH` of 256 x 256 px, one warm-up step, then the
mean of :data:`STEPS` steps on the CPU (2 threads). Prints

- ``BENCH sam2_tiny_step_s_256`` / ``BENCH unet_r34_step_s_256``: seconds per step;
- ``BENCH sam2_tiny_peak_rss_mb`` / ``BENCH unet_r34_peak_rss_mb``: the child's peak resident memory (MB,
  torch and the libraries included: about 400 MB of it is the interpreter and torch alone);
- ``BENCH sam2_tiny_vs_unet_r34_step_ratio``: the ratio of the two step times, measured in the same run;
- with CUDA: the same step times on the GPU (``..._step_s_256_cuda``) and peak GPU memory (``..._peak_gpu_mb``).

``--everest EPOCHS`` instead trains one member per backbone on the real Everest sample (fold 0 held out;
random initialisation unless ``--weights sam2.1_hiera_tiny.pt``; nothing downloaded) and prints their test
IoUs (docs/foundation.md has the figures).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")

BATCH, SIZE, STEPS, BANDS = 2, 256, 3, 4
BACKBONES = {"sam2_tiny": "sam2_hiera_tiny", "unet_r34": "resnet34"}


def child(encoder: str, device: str) -> dict:
    """Time training steps of a U-Net on ``encoder`` (run in a fresh process)."""
    import torch

    from glacier_dl_plugin.core.config import TrainConfig
    from training.model import build_model

    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = build_model(TrainConfig(encoder=encoder), BANDS, 2).to(device).train()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.randn(BATCH, BANDS, SIZE, SIZE, device=device)
    y = torch.randint(0, 2, (BATCH, SIZE, SIZE), device=device)

    def step() -> None:
        optimiser.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimiser.step()

    step()  # warm-up: allocations, kernel selection
    if device == "cuda":
        torch.cuda.synchronize()
    started = time.perf_counter()
    for _ in range(STEPS):
        step()
    if device == "cuda":
        torch.cuda.synchronize()
    result = {"step_s": (time.perf_counter() - started) / STEPS,
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if device == "cuda":
        result["peak_gpu_mb"] = torch.cuda.max_memory_allocated() / 2**20
    return result


def _run_child(encoder: str, device: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", encoder, "--device", device], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def everest(epochs: int, weights: str | None = None) -> None:
    """One member per backbone on the Everest dataset of bench_train (fold 0 held out), same settings;
    ``weights``: a local SAM2 checkpoint for the Hiera member (fine-tuned at a tenth of the rate)."""
    import dataclasses

    from bench_train import TRAIN, build_dataset

    from glacier_dl_plugin.core.progress import Monitor
    from training.fit import fit_ensemble

    with tempfile.TemporaryDirectory() as tmp:
        dataset = build_dataset(Path(tmp) / "dataset")
        for name, config in (("unet_r18_depth3", dataclasses.replace(TRAIN, members=1, epochs=epochs)),
                             ("sam2_tiny", dataclasses.replace(TRAIN, members=1, epochs=epochs, learning_rate=5e-4,
                                                               encoder="sam2_hiera_tiny", encoder_depth=5,
                                                               encoder_weights=weights,
                                                               encoder_lr_factor=0.1 if weights else 1.0))):
            started = time.perf_counter()
            model = fit_ensemble(dataset, Path(tmp) / name, config, Monitor(log=lambda m: print("  " + m)))
            member = json.loads((model / "ensemble.json").read_text())["members"][0]
            print(f"BENCH everest_{name}_test_iou={member['metrics']['test_iou']:.4f}")
            print(f"BENCH everest_{name}_train_s={time.perf_counter() - started:.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--everest", type=int, default=0, metavar="EPOCHS")
    parser.add_argument("--weights", default=None, help="SAM2 checkpoint for the --everest Hiera member")
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(child(arguments.child, arguments.device)))
        return
    if arguments.everest:
        sys.path.insert(0, str(Path(__file__).parent))
        everest(arguments.everest, arguments.weights)
        return
    import torch

    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    times = {}
    for device in devices:
        suffix = "" if device == "cpu" else "_cuda"
        for name, encoder in BACKBONES.items():
            result = _run_child(encoder, device)
            times[name, device] = result["step_s"]
            print(f"BENCH {name}_step_s_{SIZE}{suffix}={result['step_s']:.3f}")
            if device == "cpu":
                print(f"BENCH {name}_peak_rss_mb={result['peak_rss_mb']:.0f}")
            else:
                print(f"BENCH {name}_peak_gpu_mb={result['peak_gpu_mb']:.0f}")
        ratio = times["sam2_tiny", device] / times["unet_r34", device]
        print(f"BENCH sam2_tiny_vs_unet_r34_step_ratio{suffix}={ratio:.2f}", flush=True)


if __name__ == "__main__":
    main()
