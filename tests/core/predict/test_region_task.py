"""Region tasks: names of scene and window parts, completion by done marker and key, keys that change with
what a part depends on."""
import json

from glacier_dl_plugin.core.config.predict import InferenceConfig
from glacier_dl_plugin.core.predict.region_task import SceneTask, task_key


def test_task_names_and_completion(tmp_path):
    task = SceneTask("/x/scene_0.tif", "m", str(tmp_path), "k1", {}, 1, (256, 512, 10, 10))
    assert task.name == "scene_0_r512_c256" and task.scene_name == "scene_0" and not task.complete()
    assert SceneTask("/x/scene_0.tif", "m", str(tmp_path), "k1", {}).mean.name == "scene_0_mean.tif"
    task.mean.write_bytes(b"")
    task.std.write_bytes(b"")
    task.marker.write_text(json.dumps({"key": "k2"}))
    assert not task.complete()
    task.marker.write_text(json.dumps({"key": "k1"}))
    assert task.complete()
    task.std.unlink()
    assert not task.complete()


def test_key_changes_with_scene_model_settings_and_window(tmp_path):
    scene, model = tmp_path / "s.tif", tmp_path / "m.onnx"
    scene.write_bytes(b"scene")
    model.write_bytes(b"model")
    key = task_key(str(scene), str(model), InferenceConfig())
    assert key == task_key(str(scene), str(model), InferenceConfig())
    assert key != task_key(str(scene), str(model), InferenceConfig(overlap=16))
    assert key != task_key(str(scene), str(model), InferenceConfig(), (0, 0, 256, 256))
    model.write_bytes(b"model, retrained")
    assert key != task_key(str(scene), str(model), InferenceConfig())
