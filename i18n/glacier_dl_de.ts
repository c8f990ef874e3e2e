<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AreaChangeAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="51"/>
        <source>Outlines at date 0 (earlier)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="53"/>
        <source>Outlines at date 1 (later)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="55"/>
        <source>Glacier id field (empty: glacier_id or RGIId)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="55"/>
        <source>Area field, km² (empty: area, else from the geometry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="55"/>
        <source>Area σ field, km² (empty: sigma_area, else 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="55"/>
        <source>Date field (empty: date)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="61"/>
        <source>Date 0 (YYYY-MM-DD; empty: from the date field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="63"/>
        <source>Date 1 (YYYY-MM-DD; empty: from the date field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="65"/>
        <source>Area change layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="67"/>
        <source>Area change table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="69"/>
        <source>Area change plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="71"/>
        <source>Total change (km²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="71"/>
        <source>Total σ of the change (km²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="71"/>
        <source>Total rate (km²/yr)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="71"/>
        <source>Total σ of the rate (km²/yr)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="35"/>
        <source>Glacier area change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="36"/>
        <source>Matches two sets of glacier outlines (e.g. the 'Polygonize glacier outlines' results of two dates) by glacier id and computes per glacier: area change ΔA = A1 - A0 (km² on the ellipsoid), rate per year, σ of the change √(σ0² + σ1²), σ of the rate √(σ0² + σ1²)/years, signal-to-noise ratio |ΔA|/σ, and the change in % of A0. The last CSV row, TOTAL, sums areas, changes, rates and also the σ's (neighbouring glaciers share image, model and calibration: their errors are treated as dependent).&lt;br&gt;&lt;b&gt;Fields&lt;/b&gt; (empty: the polygonize names): id (glacier_id or RGIId), area (empty and absent: measured from the geometry), sigma_area (absent: σ = 0), date. &lt;b&gt;Dates&lt;/b&gt; (YYYY-MM-DD) override the date field. Every glacier must be in both layers exactly once, and date 1 must be after date 0.&lt;br&gt;Writes a CSV, a GeoPackage layer (each glacier's outline at either date, with the figures) and a PNG of relative change against glacier size.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CalibrateAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="46"/>
        <source>Input rasters (same layers and order as for training)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="48"/>
        <source>Model folder (with ensemble.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="50"/>
        <source>Reference glacier outlines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="52"/>
        <source>Glacier id field (default: RGIId, glacier_id or the feature id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="55"/>
        <source>Validation glacier ids, comma-separated (empty: selection or test glaciers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="58"/>
        <source>Glacier probability threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="61"/>
        <source>Surroundings scored around each glacier (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="65"/>
        <source>Share of glaciers the interval must cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="65"/>
        <source>Most pixels sampled for the temperatures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="65"/>
        <source>Tile overlap (pixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="65"/>
        <source>Random seed of the pixel sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="74"/>
        <source>Reliability diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="76"/>
        <source>Calibrated model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="29"/>
        <source>Calibrate ensemble uncertainty</source>
        <translation>Ensemble-Unsicherheit kalibrieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="30"/>
        <source>Calibrates a trained ensemble on &lt;b&gt;validation glaciers&lt;/b&gt; whose reference outlines are known. Every member runs over windows around those glaciers only. A &lt;b&gt;temperature&lt;/b&gt; per member is fitted on a pixel sample (temperature scaling of its log-probabilities, minimising the negative log-likelihood), preferring the glaciers the member never saw in training. Then &lt;b&gt;k&lt;/b&gt; is chosen so that the area interval [area(mean − k·std ≥ threshold), area(mean + k·std ≥ threshold)] contains the reference area for the chosen share (68.27 %, one sigma) of the validation glaciers.&lt;br&gt;The result is stored in the model's ensemble.json (key 'calibration'); Predict and Polygonize use it. Writes a reliability diagram PNG with the expected calibration error (ECE) before and after.&lt;br&gt;&lt;b&gt;Glaciers&lt;/b&gt;: the reference outlines (all of them are labels). &lt;b&gt;Validation glaciers&lt;/b&gt;: the ids listed in VALIDATION_IDS, else the layer's selected features, else the glaciers the members held out in training (their test glaciers), else every glacier. The model must be a folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateDatasetAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="65"/>
        <source>Glacier polygons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="67"/>
        <source>Glacier id field (default: RGIId, glacier_id or the feature id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="70"/>
        <source>Class field (empty: one &apos;glacier&apos; class)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="74"/>
        <source>Buffer around glaciers (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Maximum nodata fraction per chip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Random seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="100"/>
        <source>Replace the output folder if it exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="102"/>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="146"/>
        <source>Chip footprints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="104"/>
        <source>Number of chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="63"/>
        <source>Input rasters (warped onto one grid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Target CRS (empty: the first raster&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Second polygon layer burnt as a class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Area to sample in grid mode (empty: everything)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Fold split by glacier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Chips touching glaciers of other folds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Regression target raster (instead of classes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Derived features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="46"/>
        <source>Create training dataset</source>
        <translation>Trainingsdatensatz erstellen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="47"/>
        <source>Cuts georeferenced training chips around every glacier (or on a moving window).&lt;br&gt;&lt;b&gt;Input rasters&lt;/b&gt; are warped once onto one target grid (TARGET_CRS and TARGET_RESOLUTION in metres; default the first raster&apos;s), bilinear, or nearest for the layers listed as CATEGORICAL. &lt;b&gt;Glacier polygons&lt;/b&gt; may be in any CRS; &apos;selected features only&apos; is honoured; invalid geometries are repaired. CLASS_FIELD with CLASS_MAP (value=class,...) gives several classes; EXTRA_POLYGONS are burnt as EXTRA_CLASS. SAMPLING glacier: chips every &lt;b&gt;stride&lt;/b&gt; pixels where they touch a glacier buffered by &lt;b&gt;buffer&lt;/b&gt; metres, plus centroid and margin chips; grid: a moving window over the grid or MASK. Glaciers form &lt;b&gt;folds&lt;/b&gt; west to east (or at random) of near-equal area. Chips are dropped by MAX_NODATA, MIN_CLASS_FRACTION of FRACTION_CLASS and STRADDLE=drop. REGRESSION_TARGET writes its values as float masks. FEATURES adds slope, aspect and NDSI/NDVI/NDWI from the role bands.&lt;br&gt;Writes images/, masks/, manifest.csv, dataset.json, footprints.gpkg (styled by fold) and preview.png.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="72"/>
        <source>Chip size (pixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="73"/>
        <source>Stride between chips (pixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>Cross-validation folds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="80"/>
        <source>Target resolution in metres (0: the first raster&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="81"/>
        <source>Categorical layers, resampled nearest (names or positions, comma-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="82"/>
        <source>Class map: value=class pairs, comma-separated (empty: one class per value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="85"/>
        <source>Class name of the second polygon layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="91"/>
        <source>Minimum class fraction per chip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="92"/>
        <source>Class counted by the minimum fraction (empty: any glacier class)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvaluateAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="74"/>
        <source>Prediction (probability or class raster, or polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="77"/>
        <source>Raster holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="80"/>
        <source>Probability threshold (empty: the model&apos;s calibrated one, else 0.5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="83"/>
        <source>Glacier id field of prediction polygons (empty: by location)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="86"/>
        <source>Reference glacier outlines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="88"/>
        <source>Reference id field (default: RGIId, glacier_id or the feature id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="91"/>
        <source>Image for the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="94"/>
        <source>Surroundings scored around each glacier (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="97"/>
        <source>Scores table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="99"/>
        <source>Glaciers with scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="101"/>
        <source>HTML report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="103"/>
        <source>Mean IoU over glaciers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="104"/>
        <source>Area-weighted IoU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="55"/>
        <source>Evaluate against reference outlines</source>
        <translation>Mit Referenzumrissen vergleichen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="92"/>
        <source>Standard deviation raster (area intervals and report)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="56"/>
        <source>Scores a prediction against reference glacier outlines, glacier by glacier: IoU, precision, recall, F1, accuracy (overall and per class), relative area error and the mean boundary distance in metres (symmetric mean distance between the predicted and reference outlines). Each glacier is scored within its outline buffered by &lt;b&gt;Buffer&lt;/b&gt; metres, minus the other reference glaciers; areas are km² on the ellipsoid. Overall scores are the mean over glaciers and the area-weighted scores of the pooled areas.&lt;br&gt;&lt;b&gt;Prediction&lt;/b&gt;: a probability raster (the Predict mean: bands summed, glacier where ≥ &lt;b&gt;threshold&lt;/b&gt;; empty threshold: the model's calibrated one, else 0.5), a class raster (glacier where &gt; 0) or a polygon layer (matched by &lt;b&gt;prediction id field&lt;/b&gt; when given, else by location). With a one-band probability raster and its &lt;b&gt;standard deviation&lt;/b&gt; raster, each glacier also gets its area interval [area(mean − k·std ≥ threshold), area(mean + k·std ≥ threshold)] (k from the calibration, else 1 with a warning) and whether the reference area lies in it. Writes a CSV, the reference outlines with their scores (styled by IoU) and an HTML report with image / reference / prediction / std panels of the best and worst glaciers.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GlacierDL</name>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="29"/>
        <source>Create training dataset…</source>
        <translation>Trainingsdatensatz erstellen…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="30"/>
        <source>Train ensemble…</source>
        <translation>Ensemble trainieren…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="31"/>
        <source>Predict glaciers…</source>
        <translation>Gletscher vorhersagen…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="43"/>
        <source>Glacier DL</source>
        <translation>Glacier DL</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="58"/>
        <source>Python environment: {}</source>
        <translation>Python-Umgebung: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="58"/>
        <source>none found</source>
        <translation>keine gefunden</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="62"/>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="71"/>
        <source>All dependencies were found.</source>
        <translation>Alle Abhängigkeiten wurden gefunden.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="72"/>
        <source>Glacier DL {}: deep-learning glacier mapping</source>
        <translation>Glacier DL {}: Gletscherkartierung mit Deep Learning</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="73"/>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="73"/>
        <source>Needed for</source>
        <translation>Benötigt für</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="73"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="129"/>
        <source>About / dependencies…</source>
        <translation>Über / Abhängigkeiten…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="172"/>
        <source>About Glacier DL</source>
        <translation>Über Glacier DL</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="188"/>
        <source>How to install</source>
        <translation>Installationshinweise</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="29"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="30"/>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="31"/>
        <source>Predict</source>
        <translation>Vorhersagen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="165"/>
        <source>The algorithm {} is not available: see the Glacier DL messages in the log.</source>
        <translation>Der Algorithmus {} ist nicht verfügbar: siehe die Glacier-DL-Meldungen im Protokoll.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="49"/>
        <source>Python packages not found: {}. Prediction and training are unavailable.</source>
        <translation>Python-Pakete nicht gefunden: {}. Vorhersage und Training sind nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="51"/>
        <source>Python packages not found: {}. Training is unavailable; prediction works.</source>
        <translation>Python-Pakete nicht gefunden: {}. Das Training ist nicht verfügbar; die Vorhersage funktioniert.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="60"/>
        <source>prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="60"/>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="61"/>
        <source>training (ONNX export)</source>
        <translation>Training (ONNX-Export)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="45"/>
        <source>Make a glacier polygon layer the active layer and select the glaciers to classify.</source>
        <translation>Machen Sie eine Gletscher-Polygonebene zur aktiven Ebene und wählen Sie die zu klassifizierenden Gletscher aus.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="48"/>
        <source>No glaciers are selected in &apos;{}&apos;: select the glaciers to classify first.</source>
        <translation>In „{}“ sind keine Gletscher ausgewählt: Wählen Sie zuerst die zu klassifizierenden Gletscher aus.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="100"/>
        <source>Classifying {} selected glaciers…</source>
        <translation>{} ausgewählte Gletscher werden klassifiziert…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="112"/>
        <source>The selected glaciers were classified.</source>
        <translation>Die ausgewählten Gletscher wurden klassifiziert.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="114"/>
        <source>Classifying the selected glaciers failed: see the Processing log.</source>
        <translation>Die Klassifizierung der ausgewählten Gletscher ist fehlgeschlagen: siehe das Processing-Protokoll.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="31"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="31"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="31"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="31"/>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="31"/>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="41"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="41"/>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="42"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="42"/>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="43"/>
        <source>interrupted (resumable)</source>
        <translation>unterbrochen (fortsetzbar)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="50"/>
        <source>member {}/{}</source>
        <translation>Mitglied {}/{}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="52"/>
        <source>epoch {}/{}</source>
        <translation>Epoche {}/{}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="64"/>
        <source>Glacier DL jobs</source>
        <translation>Glacier-DL-Aufträge</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="83"/>
        <source>New background job…</source>
        <translation>Neuer Hintergrundauftrag…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="84"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="86"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="88"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="138"/>
        <source>Dataset: {}</source>
        <translation>Datensatz: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="197"/>
        <source>Training finished: {}</source>
        <translation>Training abgeschlossen: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="26"/>
        <source>New background training job</source>
        <translation>Neuer Trainingsauftrag im Hintergrund</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="36"/>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="37"/>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="38"/>
        <source>Ensemble members</source>
        <translation>Ensemble-Mitglieder</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="39"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="40"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/training_task.py" line="39"/>
        <source>Glacier DL: training {}</source>
        <translation>Glacier DL: Training {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/training_task.py" line="45"/>
        <source>Glacier DL: resuming {}</source>
        <translation>Glacier DL: Fortsetzung {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="36"/>
        <source>Classify selected glaciers</source>
        <translation>Ausgewählte Gletscher klassifizieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="36"/>
        <source>Classify</source>
        <translation>Klassifizieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="38"/>
        <source>Training jobs panel</source>
        <translation>Bedienfeld Trainingsaufträge</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="38"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="81"/>
        <source>Train in background…</source>
        <translation>Im Hintergrund trainieren…</translation>
    </message>
</context>
<context>
    <name>GlacierDLAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/base.py" line="58"/>
        <source>Glacier mapping</source>
        <translation>Gletscherkartierung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/base.py" line="75"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
</context>
<context>
    <name>PolygonizeAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="68"/>
        <source>Mean probability (from Predict)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="69"/>
        <source>Standard deviation (from Predict)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="70"/>
        <source>Glacier inventory polygons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="72"/>
        <source>Glacier id field (default: RGIId, glacier_id or the feature id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="75"/>
        <source>Probability threshold (empty: from the calibration, else 0.5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="78"/>
        <source>Bounds half-width k in std (empty: from the calibration, else 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="81"/>
        <source>Buffer around each glacier (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="84"/>
        <source>Minimum patch area (km²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="86"/>
        <source>Fill holes (nunataks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="87"/>
        <source>Simplification tolerance (metres, 0: pixel edges)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="90"/>
        <source>Acquisition date written to the outlines (YYYY-MM-DD, optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="92"/>
        <source>Band (glacier class)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="94"/>
        <source>Outlines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="99"/>
        <source>Total area (km²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="100"/>
        <source>Total sigma_area (km²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="49"/>
        <source>Polygonize glacier outlines</source>
        <translation>Gletscherumrisse polygonisieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="50"/>
        <source>Draws, for each glacier of the inventory, the predicted outline (mean &gt;= threshold) and the lower and upper bound outlines (mean - k*std &gt;= threshold, mean + k*std &gt;= threshold) from the &lt;b&gt;mean&lt;/b&gt; and &lt;b&gt;std&lt;/b&gt; rasters of 'Predict'. Only each glacier's buffered window of the rasters is read.&lt;br&gt;&lt;b&gt;Threshold&lt;/b&gt; and &lt;b&gt;k&lt;/b&gt;: empty takes them from the model's calibration stored in the mean raster; an uncalibrated raster gets k = 1 and a warning. &lt;b&gt;Buffer&lt;/b&gt; (metres, also on geographic grids): how far an outline may reach beyond the inventory outline. A pixel within the buffers of two glaciers goes to the nearer one (distance from the pixel centre to the nearest pixel of each inventory outline); pixels inside two overlapping inventory outlines go to the smaller glacier. Patches under the &lt;b&gt;minimum area&lt;/b&gt; are dropped; holes are filled on request; &lt;b&gt;simplify&lt;/b&gt; (metres) smooths the written geometry only.&lt;br&gt;Areas (area, area_low, area_high, sigma_area = (area_high - area_low)/2) are in km² on the WGS 84 ellipsoid, measured before simplification. The GeoPackage holds the layers outlines, outlines_low and outlines_high; a glacier without any predicted pixel keeps its row with area 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="96"/>
        <source>Glacier outlines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="97"/>
        <source>Glacier outlines (lower bound)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="98"/>
        <source>Glacier outlines (upper bound)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PredictAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="82"/>
        <source>Input rasters (same layers and order as for training)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="84"/>
        <source>Model (folder, ensemble.json or .onnx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="86"/>
        <source>Tile size in pixels (0: the model&apos;s chip size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="99"/>
        <source>Tiles per model call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="112"/>
        <source>Mean probability</source>
        <translation>Mittlere Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="113"/>
        <source>Standard deviation</source>
        <translation>Standardabweichung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="90"/>
        <source>Extent (empty: whole raster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="92"/>
        <source>Only these glaciers (selected features honoured)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="95"/>
        <source>Buffer around the glaciers (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="99"/>
        <source>Test-time augmentation (flips, 3x slower)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="99"/>
        <source>Class-map threshold (empty: calibrated or 0.5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="99"/>
        <source>Glacier id field (for held-out members)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="99"/>
        <source>Each glacier only by members that never saw it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="97"/>
        <source>Class map</source>
        <translation>Klassenkarte</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="116"/>
        <source>Per-member rasters (folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="65"/>
        <source>Predict glaciers (ensemble)</source>
        <translation>Gletscher vorhersagen (Ensemble)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="66"/>
        <source>Runs every member of a trained ensemble over the input rasters with overlapping tiles blended (Hann or Gaussian weights, or centre crops) and writes the &lt;b&gt;mean&lt;/b&gt; probability and the &lt;b&gt;standard deviation&lt;/b&gt; across members (one band per glacier class, 0-1), optionally a &lt;b&gt;class map&lt;/b&gt; and one raster per member. Nodata input gives nodata output; tiles that are entirely nodata are skipped.&lt;br&gt;&lt;b&gt;Area&lt;/b&gt;: the whole raster, an &lt;b&gt;extent&lt;/b&gt; (the outputs are cropped to it), or only the &lt;b&gt;glaciers&lt;/b&gt; (selected features honoured) plus a &lt;b&gt;buffer&lt;/b&gt; in metres: tiles touching no buffered glacier are never computed and pixels outside the buffers are nodata. &lt;b&gt;Held-out members only&lt;/b&gt; predicts each glacier with the members that never saw it in training.&lt;br&gt;&lt;b&gt;Model&lt;/b&gt;: the folder written by &apos;Train ensemble&apos; (or its ensemble.json), or one .onnx file; give the same raster layers, in the same order, as for training. Calibration temperatures are applied when the model has them.&lt;br&gt;&lt;b&gt;Device&lt;/b&gt;: auto uses CUDA when onnxruntime can, and says so when it falls back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="87"/>
        <source>Tile overlap (pixels, or percent of the tile)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="101"/>
        <source>Overlap unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="101"/>
        <source>Blending of overlapping tiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="102"/>
        <source>Precision (int8: faster on CPUs, quantised on this raster first)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TerminusAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="41"/>
        <source>Class raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="42"/>
        <source>Ice class values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="43"/>
        <source>Ocean class values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="44"/>
        <source>Minimum line length (metres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="48"/>
        <source>Reference front lines (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="50"/>
        <source>Band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="28"/>
        <source>Calving fronts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="54"/>
        <source>Calving front lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="55"/>
        <source>Number of front lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="56"/>
        <source>Mean distance error (m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="29"/>
        <source>Traces calving fronts: the pixel edges between &lt;b&gt;ice&lt;/b&gt; and &lt;b&gt;ocean&lt;/b&gt; pixels of a class raster (e.g. a segmentation with glacier, ocean, rock classes), merged into lines. Lines shorter than the &lt;b&gt;minimum length&lt;/b&gt; (icebergs, mélange, noise) are dropped; &lt;b&gt;smoothing&lt;/b&gt; applies that many passes of Chaikin corner cutting to the pixel staircase. Class values are lists such as 2 or 2,4.&lt;br&gt;With &lt;b&gt;reference fronts&lt;/b&gt; (lines, any CRS), each line gets mean_distance_m, the mean distance of its points to the nearest reference line, and the log gives the mean distance error pooled over both directions (points every half pixel along the fronts and along the references), in metres.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="46"/>
        <source>Smoothing passes (0: pixel edges)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainEnsembleAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="36"/>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Architecture (smp name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Encoder (smp name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Encoder depth (3-5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Seed of the first member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="71"/>
        <source>Replace the model folder if it exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="73"/>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Class weights (comma-separated, background first; empty: equal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Early stopping patience (epochs, 0: off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Halve the learning rate after (epochs, 0: never)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Minimum learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Find the learning rate automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Photometric jitter (0: off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Use the CPU if the GPU is absent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Mixed precision on GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Members trained at once per device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Resume an interrupted run into the model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="22"/>
        <source>Train ensemble</source>
        <translation>Ensemble trainieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="23"/>
        <source>Trains an ensemble of segmentation models (segmentation-models-pytorch) on a dataset folder made by &apos;Create training dataset&apos;. Member i uses seed SEED+i and holds out fold i (mod the number of folds) as its test fold, standardising inputs with the statistics of its training folds only.&lt;br&gt;Each member is exported to ONNX with its metadata (bands, normalisation, classes, chip size) embedded, and checked against torch. The model folder holds ensemble.json, the ONNX files, checkpoints, training histories and train.log.&lt;br&gt;Training runs in its own Python process (the environment set up by &lt;i&gt;make setup&lt;/i&gt;, or the one named by GLACIER_DL_VENV); cancelling stops it and removes the partial model folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="37"/>
        <source>Ensemble members</source>
        <translation>Ensemble-Mitglieder</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="38"/>
        <source>Epochs (at most; early stopping may end sooner)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="39"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="50"/>
        <source>Loss (auto: CE+Dice, or MSE for regression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="55"/>
        <source>Early stopping criterion</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
