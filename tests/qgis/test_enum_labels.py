"""Enum parameters show translated labels in QGIS's own Processing dialogs (standard, batch) and keep the option
names as values; the modeler keeps QGIS's widget (processing.enum_labels, processing.enum_widget)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from glacier_dl_plugin.core.config.choices import BLENDINGS, FEATURES, LABELS, labels_of

REPO = Path(__file__).resolve().parents[2]
HANN = "Hann window (smooth seams)"


def _algorithm(name: str):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().algorithmById(f"glacierdl:{name}").create()


def _standard(name: str):
    from processing.gui.AlgorithmDialog import AlgorithmDialog

    return AlgorithmDialog(_algorithm(name))


def _items(widget) -> list[tuple[str, str]]:
    return [(widget.itemText(i), widget.itemData(i)) for i in range(widget.count())]


def test_every_choice_list_labels_each_of_its_values_once():
    for values, labels in LABELS.items():
        assert set(labels) == set(values) and all(labels.values()), values
        assert len(set(labels.values())) == len(labels), values  # two values never read the same
    assert labels_of(("centre", "hann", "gaussian"))["hann"] == HANN and labels_of(("x",)) == {}


def test_every_enum_parameter_of_every_algorithm_is_labelled(qgis_app):
    from qgis.core import QgsApplication, QgsProcessingParameterEnum

    from glacier_dl_plugin.processing.enum_labels import WRAPPER

    enums = [(a.id(), d) for a in QgsApplication.processingRegistry().providerById("glacierdl").algorithms()
             for d in a.parameterDefinitions() if isinstance(d, QgsProcessingParameterEnum)]
    assert len(enums) >= 10
    for algorithm, definition in enums:
        assert definition.usesStaticStrings(), (algorithm, definition.name())
        assert definition.metadata()["widget_wrapper"] == {"class": WRAPPER}, (algorithm, definition.name())
        assert set(labels_of(tuple(definition.options()))) == set(definition.options())


def test_standard_dialog_lists_labels_and_gives_names(qgis_app):
    from qgis.core import QgsProcessingContext

    from glacier_dl_plugin.processing.enum_widget import LabelledEnumWrapper

    dialog = _standard("predict")
    wrapper = dialog.mainWidget().wrappers["BLENDING"]
    assert isinstance(wrapper, LabelledEnumWrapper)
    assert _items(wrapper.widget) == [(LABELS[BLENDINGS][n], n) for n in BLENDINGS]
    assert wrapper.parameterValue() == "hann" and wrapper.widget.currentText() == HANN  # the default
    context = QgsProcessingContext()
    wrapper.setParameterValue("centre", context)
    assert wrapper.parameterValue() == "centre" and wrapper.widget.currentText() == "Most central tile (no blending)"
    wrapper.setParameterValue("1", context)  # a position, as qgis_process help lists it
    assert wrapper.parameterValue() == "gaussian"
    wrapper.setParameterValue("nonsense", context)  # left as it was
    assert wrapper.parameterValue() == "gaussian"
    assert dialog.algorithm().parameterDefinition("BLENDING").checkValueIsAcceptable(wrapper.parameterValue())
    device = dialog.mainWidget().wrappers["DEVICE"]
    assert _items(device.widget)[0] == ("Automatic (GPU when available)", "auto")
    device.setParameterValue("cuda:1", context)  # typed, e.g. from the history: kept as it is
    assert device.parameterValue() == "cuda:1" and device.widget.currentText() == "cuda:1"
    dialog.deleteLater()


def test_multiple_choice_checks_labels_and_gives_a_list_of_names(qgis_app):
    from qgis.core import QgsProcessingContext

    dialog = _standard("createdataset")
    wrapper = dialog.mainWidget().wrappers["FEATURES"]
    assert _items(wrapper.widget) == [(LABELS[FEATURES][n], n) for n in FEATURES]
    assert wrapper.parameterValue() == []  # the default: no derived feature
    wrapper.setParameterValue(["ndsi", 0], QgsProcessingContext())  # a name and a position
    assert wrapper.parameterValue() == ["slope", "ndsi"]
    assert wrapper.widget.checkedItems() == ["Slope", "NDSI (snow index)"]
    wrapper.setParameterValue("aspect,ndwi", QgsProcessingContext())  # as qgis_process takes it
    assert wrapper.parameterValue() == ["aspect", "ndwi"]
    assert dialog.algorithm().parameterDefinition("FEATURES").checkValueIsAcceptable(wrapper.parameterValue())
    wrapper.setParameterValue([], QgsProcessingContext())
    assert wrapper.parameterValue() == []
    dialog.deleteLater()


def test_batch_dialog_cells_show_labels_and_hold_names(qgis_app):
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog
    from qgis.core import QgsProcessingContext

    dialog = BatchAlgorithmDialog(_algorithm("predict"))
    panel = dialog.mainWidget()
    wrapper = panel.wrappers[0][panel.parameter_to_column["PRECISION"]]
    assert [text for text, _ in _items(wrapper.widget)] == ["Full precision (fp32)", "Quantised 8-bit (int8)",
                                                            "Half precision (fp16)"]
    assert wrapper.parameterValue() == "fp32"
    wrapper.setParameterValue("int8", QgsProcessingContext())
    assert wrapper.parameterValue() == "int8" and wrapper.label is None  # batch cells have no label
    dialog.deleteLater()


def test_modeler_keeps_qgis_widget_with_the_names(qgis_app):
    from processing.modeler.ModelerParametersDialog import ModelerParametersDialog
    from qgis.core import QgsProcessingModelAlgorithm, QgsProcessingModelChildAlgorithm
    from qgis.gui import QgsProcessingModelerParameterWidget

    model = QgsProcessingModelAlgorithm("labels", "tests")
    child = QgsProcessingModelChildAlgorithm("glacierdl:predict")
    child.setChildId("predict")
    model.addChildAlgorithm(child)
    dialog = ModelerParametersDialog(_algorithm("predict"), model, "predict")
    assert isinstance(dialog.widget.widget.wrappers["BLENDING"], QgsProcessingModelerParameterWidget)
    sources = dialog.createAlgorithm().parameterSources()
    assert [s.staticValue() for s in sources["BLENDING"]] == ["hann"]
    dialog.deleteLater()


@pytest.fixture()
def german(qgis_app, tmp_path):
    """The German translation of the checkout (compiled from the .ts), installed for the test."""
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    qm = tmp_path / "glacier_dl_de.qm"
    subprocess.run(["lrelease", "-silent", str(REPO / "i18n" / "glacier_dl_de.ts"), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_labels_are_german_with_the_german_translation_and_values_stay_names(german):
    from qgis.core import QgsProcessingContext

    from glacier_dl_plugin.processing.enum_labels import label_of

    dialog = _standard("predict")
    wrapper = dialog.mainWidget().wrappers["BLENDING"]
    assert _items(wrapper.widget) == [("Hann-Fenster (glatte Nähte)", "hann"), ("Gauß-Fenster", "gaussian"),
                                      ("Zentralste Kachel (keine Überblendung)", "centre")]
    wrapper.setParameterValue("centre", QgsProcessingContext())
    assert wrapper.parameterValue() == "centre"
    dialog.deleteLater()
    untranslated = [(n, label) for values, labels in LABELS.items() for n, label in labels.items()
                    if label_of(values, n) == label and label not in {"GPU (CUDA)", "Focal", "Dice", "Focal + Dice"}]
    assert untranslated == []  # every label has its German translation


def test_make_i18n_update_extracts_the_labels_and_keeps_their_translations(tmp_path):
    """The labels live in core (no Qt there): pylupdate5 finds them through ``QT_TRANSLATE_NOOP``."""
    import shutil
    import sys
    from xml.etree import ElementTree

    ts = tmp_path / "glacier_dl_de.ts"
    shutil.copyfile(REPO / "i18n" / "glacier_dl_de.ts", ts)
    subprocess.run([sys.executable, str(REPO / "i18n" / "update_ts.py"), str(ts)], check=True, capture_output=True)
    [context] = [c for c in ElementTree.parse(ts).getroot().iter("context") if c.findtext("name") == "GlacierDLChoices"]
    translations = {m.findtext("source"): m.findtext("translation") for m in context.iter("message")}
    assert set(translations) == {label for labels in LABELS.values() for label in labels.values()}
    assert translations[HANN] == "Hann-Fenster (glatte Nähte)"
