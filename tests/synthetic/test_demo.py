"""The demo chain's wiring: each algorithm gets the previous one's outputs, in the order a batch user runs them.

qgis_process is replaced by a recorder (the real chain runs in tests/cli/test_qgis_process_chain.py)."""
from pathlib import Path

from synthetic import demo


class Recorder:
    """Answers each glacierdl algorithm with the outputs it was asked to write (and a few numbers)."""

    calls: list = []

    def __init__(self, profile_dir):
        self.calls.clear()

    def results(self, algorithm, parameters):
        self.calls.append((algorithm, dict(parameters)))
        outputs = {k: v for k, v in parameters.items() if k.startswith("OUTPUT")}
        return {**outputs, "CHIPS": 12, "TOTAL_AREA": 1.5, "TOTAL_SIGMA": 0.1, "IOU": 0.8,
                "IOU_AREA_WEIGHTED": 0.85}


def test_the_chain_feeds_every_output_into_the_next_step(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "QgisProcess", Recorder)
    monkeypatch.setattr(demo, "write_quicklook", lambda image, mean, std, path: Path(path))
    results = demo.run_demo(tmp_path, epochs=1, members=2)
    names = [name for name, _ in Recorder.calls]
    assert names == ["createdataset", "trainensemble", "predict", "predict", "polygonize", "evaluate"]
    dataset, train, whole, held_out, polygonize, evaluate = (p for _, p in Recorder.calls)
    assert train["DATASET"] == dataset["OUTPUT"] and (train["MEMBERS"], train["EPOCHS"]) == (2, 1)
    assert whole["MODEL"] == held_out["MODEL"] == train["OUTPUT"] and held_out["HELD_OUT_ONLY"] is True
    assert (polygonize["MEAN"], evaluate["PREDICTION"]) == (held_out["OUTPUT_MEAN"], held_out["OUTPUT_MEAN"])
    assert whole["INPUTS"] == [str(results["scene"]), str(tmp_path / "scene" / "dem.tif")]
    assert results["report"] == tmp_path / "report.html" and results["scene"].is_file()


def test_the_demo_command_line_defaults(monkeypatch):
    """16 epochs × 4 members into demo_output, as the README promises."""
    seen = []

    def run_demo(out, epochs, members):
        seen.append((out.name, epochs, members))
        return {}

    monkeypatch.setattr(demo, "run_demo", run_demo)
    monkeypatch.setattr("sys.argv", ["demo"])
    demo.main()
    assert seen == [("demo_output", 16, 4)]
