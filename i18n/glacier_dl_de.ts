<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>CreateDatasetAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="44"/>
        <source>Input rasters (stacked on the first one&apos;s grid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="46"/>
        <source>Glacier polygons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="48"/>
        <source>Glacier id field (default: RGIId, glacier_id or the feature id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="51"/>
        <source>Class field (empty: one &apos;glacier&apos; class)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="56"/>
        <source>Buffer around glaciers (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="61"/>
        <source>Maximum nodata fraction per chip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="63"/>
        <source>Random seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="68"/>
        <source>Replace the output folder if it exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="70"/>
        <source>Dataset folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="71"/>
        <source>Chip footprints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="72"/>
        <source>Number of chips</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GlacierDL</name>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="27"/>
        <source>Create training dataset…</source>
        <translation>Trainingsdatensatz erstellen…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="28"/>
        <source>Train ensemble…</source>
        <translation>Ensemble trainieren…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="29"/>
        <source>Predict glaciers…</source>
        <translation>Gletscher vorhersagen…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="33"/>
        <source>Glacier DL</source>
        <translation>Glacier DL</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="48"/>
        <source>Python environment: {}</source>
        <translation>Python-Umgebung: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="48"/>
        <source>none found</source>
        <translation>keine gefunden</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="52"/>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="61"/>
        <source>All dependencies were found.</source>
        <translation>Alle Abhängigkeiten wurden gefunden.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="62"/>
        <source>Glacier DL {}: deep-learning glacier mapping</source>
        <translation>Glacier DL {}: Gletscherkartierung mit Deep Learning</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="63"/>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="63"/>
        <source>Needed for</source>
        <translation>Benötigt für</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="63"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="116"/>
        <source>About / dependencies…</source>
        <translation>Über / Abhängigkeiten…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="136"/>
        <source>About Glacier DL</source>
        <translation>Über Glacier DL</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="152"/>
        <source>How to install</source>
        <translation>Installationshinweise</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="27"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="28"/>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="29"/>
        <source>Predict</source>
        <translation>Vorhersagen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="129"/>
        <source>The algorithm {} is not available: see the Glacier DL messages in the log.</source>
        <translation>Der Algorithmus {} ist nicht verfügbar: siehe die Glacier-DL-Meldungen im Protokoll.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="39"/>
        <source>Python packages not found: {}. Prediction and training are unavailable.</source>
        <translation>Python-Pakete nicht gefunden: {}. Vorhersage und Training sind nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="41"/>
        <source>Python packages not found: {}. Training is unavailable; prediction works.</source>
        <translation>Python-Pakete nicht gefunden: {}. Das Training ist nicht verfügbar; die Vorhersage funktioniert.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="50"/>
        <source>prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="50"/>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="51"/>
        <source>training (ONNX export)</source>
        <translation>Training (ONNX-Export)</translation>
    </message>
</context>
<context>
    <name>GlacierDLAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/base.py" line="46"/>
        <source>Glacier mapping</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PredictAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="36"/>
        <source>Input rasters (same layers and order as for training)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="38"/>
        <source>Model (folder, ensemble.json or .onnx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="41"/>
        <source>Tile size in pixels (0: the model&apos;s chip size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="44"/>
        <source>Tile overlap (pixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="46"/>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="49"/>
        <source>Tiles per model call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="53"/>
        <source>Mean probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="54"/>
        <source>Standard deviation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainEnsembleAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="39"/>
        <source>Dataset folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="44"/>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="48"/>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="50"/>
        <source>Architecture (smp name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="51"/>
        <source>Encoder (smp name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="52"/>
        <source>Encoder depth (3-5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="54"/>
        <source>Seed of the first member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="60"/>
        <source>Replace the model folder if it exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="62"/>
        <source>Model folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
