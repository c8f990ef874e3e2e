<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AreaChangeAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="56"/>
        <source>Outlines at date 0 (earlier)</source>
        <translation>Umrisse zum Zeitpunkt 0 (früher)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="58"/>
        <source>Outlines at date 1 (later)</source>
        <translation>Umrisse zum Zeitpunkt 1 (später)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="60"/>
        <source>Glacier id field (empty: glacier_id or RGIId)</source>
        <translation>Gletscher-ID-Feld (leer: glacier_id oder RGIId)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="60"/>
        <source>Area field, km² (empty: area, else from the geometry)</source>
        <translation>Flächenfeld, km² (leer: area, sonst aus der Geometrie)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="60"/>
        <source>Area σ field, km² (empty: sigma_area, else 0)</source>
        <translation>Feld für σ der Fläche, km² (leer: sigma_area, sonst 0)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="72"/>
        <source>Area change layer</source>
        <translation>Layer der Flächenänderung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="74"/>
        <source>Area change table</source>
        <translation>Tabelle der Flächenänderung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="76"/>
        <source>Area change plot</source>
        <translation>Diagramm der Flächenänderung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="78"/>
        <source>Total change (km²)</source>
        <translation>Gesamtänderung (km²)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="78"/>
        <source>Total σ of the change (km²)</source>
        <translation>Gesamt-σ der Änderung (km²)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="78"/>
        <source>Total rate (km²/yr)</source>
        <translation>Gesamtrate (km²/yr)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="78"/>
        <source>Total σ of the rate (km²/yr)</source>
        <translation>Gesamt-σ der Rate (km²/yr)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="37"/>
        <source>Glacier area change</source>
        <translation>Flächenänderung der Gletscher</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="60"/>
        <source>Date field (empty: date, else BgnDate)</source>
        <translation>Datumsfeld (leer: date, sonst BgnDate)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="60"/>
        <source>Coverage field, 0-1 (empty: coverage, else 1)</source>
        <translation>Abdeckungsfeld, 0-1 (leer: coverage, sonst 1)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="67"/>
        <source>Date 0 (YYYY-MM-DD or RGI YYYYMMDD; empty: from the date field)</source>
        <translation>Datum 0 (YYYY-MM-DD oder RGI-Format YYYYMMDD; leer: aus dem Datumsfeld)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="69"/>
        <source>Date 1 (YYYY-MM-DD or RGI YYYYMMDD; empty: from the date field)</source>
        <translation>Datum 1 (YYYY-MM-DD oder RGI-Format YYYYMMDD; leer: aus dem Datumsfeld)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/area_change.py" line="38"/>
        <source>Matches two sets of glacier outlines (e.g. the 'Polygonize glacier outlines' results of two dates) by glacier id and computes per glacier: area change ΔA = A1 - A0 (km² on the ellipsoid), rate per year, σ of the change √(σ0² + σ1²), σ of the rate √(σ0² + σ1²)/years, signal-to-noise ratio |ΔA|/σ, and the change in % of A0. The last CSV row, TOTAL, sums areas, changes, rates and also the σ's (neighbouring glaciers share image, model and calibration: their errors are treated as dependent).&lt;br&gt;&lt;b&gt;Fields&lt;/b&gt; (empty: the polygonize names): id (glacier_id or RGIId), area (empty and absent: measured from the geometry), sigma_area (absent: σ = 0), date (else RGI's BgnDate), coverage. &lt;b&gt;Dates&lt;/b&gt; (YYYY-MM-DD, or RGI's YYYYMMDD with 99 for an unknown month or day: 15th of the month, 1 July) override the date field. Every glacier must be in both layers exactly once, and date 1 must be after date 0. Glaciers only partly covered by an image (coverage below 1) keep their row but are left out of the TOTAL, with a warning.&lt;br&gt;Writes a CSV, a GeoPackage layer (each glacier's outline at either date, with the figures) and a PNG of relative change against glacier size.</source>
        <translation>Ordnet zwei Sätze von Gletscherumrissen (z. B. die Ergebnisse von „Gletscherumrisse polygonisieren“ zu zwei Zeitpunkten) über die Gletscher-ID einander zu und berechnet je Gletscher: Flächenänderung ΔA = A1 - A0 (km² auf dem Ellipsoid), Rate pro Jahr, σ der Änderung √(σ0² + σ1²), σ der Rate √(σ0² + σ1²)/Jahre, Signal-Rausch-Verhältnis |ΔA|/σ sowie die Änderung in % von A0. Die letzte CSV-Zeile, TOTAL, summiert Flächen, Änderungen, Raten und auch die σ-Werte (benachbarte Gletscher teilen sich Bild, Modell und Kalibrierung: Ihre Fehler werden als abhängig behandelt).&lt;br&gt;&lt;b&gt;Felder&lt;/b&gt; (leer: die Namen aus der Polygonisierung): id (glacier_id oder RGIId), area (leer und nicht vorhanden: aus der Geometrie gemessen), sigma_area (nicht vorhanden: σ = 0), date (sonst BgnDate des RGI), coverage. &lt;b&gt;Datumsangaben&lt;/b&gt; (YYYY-MM-DD oder das RGI-Format YYYYMMDD mit 99 für einen unbekannten Tag (15. des Monats) oder Monat (1. Juli)) haben Vorrang vor dem Datumsfeld. Jeder Gletscher muss in beiden Layern genau einmal vorkommen, und Datum 1 muss nach Datum 0 liegen. Gletscher, die nur teilweise von einem Bild abgedeckt sind (coverage unter 1), behalten ihre Zeile, gehen aber nicht in TOTAL ein; dazu wird eine Warnung ausgegeben.&lt;br&gt;Schreibt eine CSV-Datei, einen GeoPackage-Layer (der Umriss jedes Gletschers zu beiden Zeitpunkten, mit den Kennzahlen) und ein PNG der relativen Änderung in Abhängigkeit von der Gletschergröße.</translation>
    </message>
</context>
<context>
    <name>CalibrateAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="55"/>
        <source>Input rasters (same layers and order as for training)</source>
        <translation>Eingaberaster (dieselben Layer in derselben Reihenfolge wie beim Training)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="57"/>
        <source>Model folder (with ensemble.json)</source>
        <translation>Modellordner (mit ensemble.json)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="59"/>
        <source>Reference glacier outlines</source>
        <translation>Referenz-Gletscherumrisse</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="61"/>
        <source>Glacier id field (default: RGIId, glacier_id or the feature id)</source>
        <translation>Gletscher-ID-Feld (Standard: RGIId, glacier_id oder die Objekt-ID)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="64"/>
        <source>Validation glacier ids, comma-separated (empty: selection or test glaciers)</source>
        <translation>IDs der Validierungsgletscher, kommagetrennt (leer: Auswahl oder Testgletscher)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="67"/>
        <source>Glacier probability threshold</source>
        <translation>Schwellenwert der Gletscherwahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="70"/>
        <source>Surroundings scored around each glacier (metres)</source>
        <translation>Mitbewertete Umgebung um jeden Gletscher (Meter)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="74"/>
        <source>Share of glaciers the interval must cover</source>
        <translation>Anteil der Gletscher, den das Intervall abdecken muss</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="74"/>
        <source>Most pixels sampled for the temperatures</source>
        <translation>Höchstzahl der Pixel in der Stichprobe für die Temperaturen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="74"/>
        <source>Random seed of the pixel sample</source>
        <translation>Zufallsstartwert (Seed) der Pixelstichprobe</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="83"/>
        <source>Reliability diagram</source>
        <translation>Zuverlässigkeitsdiagramm</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="85"/>
        <source>Calibrated model folder</source>
        <translation>Kalibrierter Modellordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="34"/>
        <source>Calibrate ensemble uncertainty</source>
        <translation>Ensemble-Unsicherheit kalibrieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/calibrate.py" line="35"/>
        <source>Calibrates a trained ensemble on &lt;b&gt;validation glaciers&lt;/b&gt; whose reference outlines are known. Every member runs over windows around those glaciers only. A &lt;b&gt;temperature&lt;/b&gt; per member is fitted on a pixel sample (temperature scaling of its log-probabilities, minimising the negative log-likelihood), preferring the glaciers the member never saw in training. Then &lt;b&gt;k&lt;/b&gt; is chosen so that the area interval [area(mean − k·std ≥ threshold), area(mean + k·std ≥ threshold)] contains the reference area for the chosen share (68.27 %, one sigma) of the validation glaciers.&lt;br&gt;The result is stored in the model's ensemble.json (key 'calibration'); Predict and Polygonize use it. Writes a reliability diagram PNG with the expected calibration error (ECE) before and after.&lt;br&gt;&lt;b&gt;Glaciers&lt;/b&gt;: the reference outlines (all of them are labels). &lt;b&gt;Validation glaciers&lt;/b&gt;: the ids listed in &lt;i&gt;Validation glacier ids&lt;/i&gt;, else the layer's selected features, else the glaciers the members held out in training (their test glaciers), else every glacier. The model must be a folder.&lt;br&gt;The members' probabilities are computed exactly as Predict computes them with these glaciers and buffer: the same &lt;b&gt;tile size, overlap, blending, test-time augmentation, precision&lt;/b&gt; and, with &lt;b&gt;held-out members only&lt;/b&gt;, the same members per glacier; the inputs are warped onto the model's grid and its derived bands (slope, NDSI…) computed as for Predict.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateDatasetAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="63"/>
        <source>Glacier polygons</source>
        <translation>Gletscherpolygone</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="65"/>
        <source>Glacier id field (default: RGIId, glacier_id or the feature id)</source>
        <translation>Gletscher-ID-Feld (Standard: RGIId, glacier_id oder die Objekt-ID)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="68"/>
        <source>Class field (empty: one &apos;glacier&apos; class)</source>
        <translation>Klassenfeld (leer: eine Klasse 'glacier')</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="72"/>
        <source>Buffer around glaciers (metres)</source>
        <translation>Puffer um die Gletscher (Meter)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>Maximum nodata fraction per chip</source>
        <translation>Maximaler NoData-Anteil je Chip</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="76"/>
        <source>Random seed</source>
        <translation>Zufallsstartwert (Seed)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="110"/>
        <source>Replace the output folder if it exists</source>
        <translation>Ausgabeordner ersetzen, falls vorhanden</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="112"/>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="152"/>
        <source>Chip footprints</source>
        <translation>Chip-Umrisse</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="114"/>
        <source>Number of chips</source>
        <translation>Anzahl der Chips</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="61"/>
        <source>Input rasters (warped onto one grid)</source>
        <translation>Eingaberaster (auf ein gemeinsames Gitter transformiert)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>Target CRS (empty: the first raster&apos;s)</source>
        <translation>Ziel-KBS (leer: das des ersten Rasters)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>Second polygon layer burnt as a class</source>
        <translation>Zweiter Polygonlayer, als Klasse eingebrannt</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="84"/>
        <source>Sampling</source>
        <translation>Abtastung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>Area to sample in grid mode (empty: everything)</source>
        <translation>Abzutastendes Gebiet im Gittermodus (leer: alles)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="87"/>
        <source>Fold split by glacier</source>
        <translation>Aufteilung der Gletscher in Folds</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="88"/>
        <source>Chips touching glaciers of other folds</source>
        <translation>Chips, die Gletscher anderer Folds berühren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="101"/>
        <source>Derived features</source>
        <translation>Abgeleitete Merkmale</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="40"/>
        <source>Create training dataset</source>
        <translation>Trainingsdatensatz erstellen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="70"/>
        <source>Chip size (pixels)</source>
        <translation>Chipgröße (Pixel)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="71"/>
        <source>Stride between chips (pixels)</source>
        <translation>Schrittweite zwischen Chips (Pixel)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="73"/>
        <source>Cross-validation folds</source>
        <translation>Folds der Kreuzvalidierung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="78"/>
        <source>Target resolution in metres (0: the first raster&apos;s)</source>
        <translation>Zielauflösung in Metern (0: die des ersten Rasters)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="79"/>
        <source>Categorical layers, resampled nearest (names or positions, comma-separated)</source>
        <translation>Kategoriale Layer, Resampling mit nächstem Nachbarn (Namen oder Positionen, kommagetrennt)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="80"/>
        <source>Class map: value=class pairs, comma-separated (empty: one class per value)</source>
        <translation>Klassenzuordnung: Paare value=class, kommagetrennt (leer: eine Klasse pro Wert)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="83"/>
        <source>Class name of the second polygon layer</source>
        <translation>Klassenname des zweiten Polygonlayers</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="89"/>
        <source>Minimum class fraction per chip</source>
        <translation>Minimaler Klassenanteil je Chip</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="90"/>
        <source>Class counted by the minimum fraction (empty: any glacier class)</source>
        <translation>Für den Mindestanteil gezählte Klasse (leer: jede Gletscherklasse)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>DEM band for derived features (name or index)</source>
        <translation>DEM-Band für abgeleitete Merkmale (Name oder Index)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>GREEN band for derived features (name or index)</source>
        <translation>Grün-Band für abgeleitete Merkmale (Name oder Index)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>RED band for derived features (name or index)</source>
        <translation>Rot-Band für abgeleitete Merkmale (Name oder Index)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>NIR band for derived features (name or index)</source>
        <translation>NIR-Band für abgeleitete Merkmale (Name oder Index)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>SWIR band for derived features (name or index)</source>
        <translation>SWIR-Band für abgeleitete Merkmale (Name oder Index)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>Regression target: a raster, or points or lines with a value (instead of classes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>Measured value field of the points or lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="41"/>
        <source>Cuts georeferenced training chips around every glacier (or on a moving window).&lt;br&gt;&lt;b&gt;Input rasters&lt;/b&gt; are warped once onto one target grid (&lt;i&gt;Target CRS&lt;/i&gt; and &lt;i&gt;Target resolution in metres&lt;/i&gt;; default the first raster&apos;s), bilinear, or nearest for the &lt;i&gt;Categorical layers&lt;/i&gt;. &lt;b&gt;Glacier polygons&lt;/b&gt; may be in any CRS; &apos;selected features only&apos; is honoured; invalid geometries are repaired. A &lt;i&gt;Class field&lt;/i&gt; with a &lt;i&gt;Class map&lt;/i&gt; (value=class,...) gives several classes; a &lt;i&gt;second polygon layer&lt;/i&gt; is burnt as its own class. &lt;i&gt;Sampling&lt;/i&gt; glacier: chips every &lt;b&gt;stride&lt;/b&gt; pixels where they touch a glacier buffered by &lt;b&gt;buffer&lt;/b&gt; metres, plus centroid and margin chips; grid: a moving window over the grid or the &lt;i&gt;area to sample&lt;/i&gt;. Glaciers form &lt;b&gt;folds&lt;/b&gt; west to east (or at random) of near-equal area. Chips are dropped by the &lt;i&gt;maximum nodata fraction&lt;/i&gt;, the &lt;i&gt;minimum class fraction&lt;/i&gt; and, set to drop, &lt;i&gt;chips touching glaciers of other folds&lt;/i&gt;. A &lt;b&gt;regression target&lt;/b&gt; writes its values as float masks: a raster, or points or lines (e.g. a GPR survey) whose value field is averaged per pixel, unmeasured pixels ignored; chips need the minimum number of measured pixels. The block split deals squares of the block size into folds, for folds within one surveyed glacier. &lt;i&gt;Derived features&lt;/i&gt; adds slope, aspect and NDSI/NDVI/NDWI from the role bands.&lt;br&gt;Writes images/, masks/, manifest.csv, dataset.json, footprints.gpkg (styled by fold) and preview.png.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="99"/>
        <source>Minimum measured pixels per chip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="100"/>
        <source>Block size of the block split (metres; 0: two chips)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvaluateAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="54"/>
        <source>Prediction (probability or class raster, or polygons)</source>
        <translation>Vorhersage (Wahrscheinlichkeits- oder Klassenraster oder Polygone)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="56"/>
        <source>Raster holds</source>
        <translation>Rasterinhalt</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="57"/>
        <source>Probability threshold (empty: the model&apos;s calibrated one, else 0.5)</source>
        <translation>Wahrscheinlichkeits-Schwellenwert (leer: der kalibrierte des Modells, sonst 0,5)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="61"/>
        <source>Glacier id field of prediction polygons (empty: by location)</source>
        <translation>Gletscher-ID-Feld der Vorhersagepolygone (leer: nach Lage)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="64"/>
        <source>Reference glacier outlines</source>
        <translation>Referenz-Gletscherumrisse</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="66"/>
        <source>Reference id field (default: RGIId, glacier_id or the feature id)</source>
        <translation>Referenz-ID-Feld (Standard: RGIId, glacier_id oder die Objekt-ID)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="72"/>
        <source>Image for the report</source>
        <translation>Bild für den Bericht</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="74"/>
        <source>Surroundings scored around each glacier (metres)</source>
        <translation>Mitbewertete Umgebung um jeden Gletscher (Meter)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="77"/>
        <source>Scores table</source>
        <translation>Bewertungstabelle</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="79"/>
        <source>Glaciers with scores</source>
        <translation>Gletscher mit Bewertungen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="81"/>
        <source>HTML report</source>
        <translation>HTML-Bericht</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="86"/>
        <source>Mean IoU over glaciers</source>
        <translation>Mittlerer IoU über die Gletscher</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="87"/>
        <source>Area-weighted IoU</source>
        <translation>Flächengewichteter IoU</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="28"/>
        <source>Evaluate against reference outlines</source>
        <translation>Mit Referenzumrissen vergleichen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="73"/>
        <source>Standard deviation raster (area intervals and report)</source>
        <translation>Raster der Standardabweichung (Flächenintervalle und Bericht)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="69"/>
        <source>Reference class field (per-class scores; values: the model&apos;s classes)</source>
        <translation>Klassenfeld der Referenz (Bewertungen je Klasse; Werte: die Klassen des Modells)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="83"/>
        <source>Per-class scores table (with a reference class field)</source>
        <translation>Tabelle der Bewertungen je Klasse (mit einem Klassenfeld der Referenz)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate.py" line="29"/>
        <source>Scores a prediction against reference glacier outlines, glacier by glacier: IoU, precision, recall, F1, accuracy (overall and per class), relative area error and the mean boundary distance in metres (symmetric mean distance between the predicted and reference outlines). Each glacier is scored within its outline buffered by &lt;b&gt;Buffer&lt;/b&gt; metres, minus the other reference glaciers; areas are km² on the ellipsoid. Overall scores are the mean over glaciers and the area-weighted scores of the pooled areas.&lt;br&gt;&lt;b&gt;Prediction&lt;/b&gt;: a probability raster (the Predict mean: bands summed, glacier where ≥ &lt;b&gt;threshold&lt;/b&gt;; empty threshold: the model's calibrated one, else 0.5), a class raster (glacier where &gt; 0) or a polygon layer (matched by &lt;b&gt;prediction id field&lt;/b&gt; when given, else by location). With a one-band probability raster and its &lt;b&gt;standard deviation&lt;/b&gt; raster, each glacier also gets its area interval [area(mean − k·std ≥ threshold), area(mean + k·std ≥ threshold)] (k from the calibration, else 1 with a warning) and whether the reference area lies in it. Writes a CSV, the reference outlines with their scores (styled by IoU) and an HTML report with image / reference / prediction / std panels of the best and worst glaciers.&lt;br&gt;With a &lt;b&gt;reference class field&lt;/b&gt; (values: the model's class names, e.g. clean_ice, debris) and a multi-class prediction raster (a class map, or a mean raster with one band per class: glacier where the bands sum to ≥ threshold, of its most probable class), each class is also scored against all others (IoU, precision, recall, F1, areas) per glacier and overall, into the &lt;b&gt;per-class scores table&lt;/b&gt; and the report with the class matrix (pixels, km²).&lt;br&gt;On rasters, &lt;b&gt;coverage&lt;/b&gt; is the share of each reference outline over valid prediction pixels (partly covered glaciers are scored on their covered part, with a warning); glaciers smaller than a pixel, or wholly over nodata, are not scored and are listed in a warning.</source>
        <translation>Bewertet eine Vorhersage Gletscher für Gletscher anhand von Referenz-Gletscherumrissen: IoU, Präzision, Recall, F1, Genauigkeit (gesamt und je Klasse), relativer Flächenfehler und mittlerer Randabstand in Metern (symmetrischer mittlerer Abstand zwischen vorhergesagtem und Referenzumriss). Jeder Gletscher wird innerhalb seines um den &lt;b&gt;Puffer&lt;/b&gt; (Meter) erweiterten Umrisses bewertet, abzüglich der anderen Referenzgletscher; Flächen sind km² auf dem Ellipsoid. Die Gesamtbewertungen sind der Mittelwert über die Gletscher sowie die flächengewichteten Bewertungen der zusammengefassten Flächen.&lt;br&gt;&lt;b&gt;Vorhersage&lt;/b&gt;: ein Wahrscheinlichkeitsraster (der Mittelwert aus „Gletscher vorhersagen (Ensemble)“: Bänder summiert, Gletscher wo ≥ &lt;b&gt;Schwellenwert&lt;/b&gt;; leerer Schwellenwert: der kalibrierte des Modells, sonst 0,5), ein Klassenraster (Gletscher wo &gt; 0) oder ein Polygonlayer (zugeordnet über das &lt;b&gt;ID-Feld der Vorhersage&lt;/b&gt;, falls angegeben, sonst nach Lage). Mit einem einbandigen Wahrscheinlichkeitsraster und dem zugehörigen Raster der &lt;b&gt;Standardabweichung&lt;/b&gt; erhält jeder Gletscher außerdem sein Flächenintervall [area(mean − k·std ≥ threshold), area(mean + k·std ≥ threshold)] (k aus der Kalibrierung, sonst 1 mit einer Warnung) sowie die Angabe, ob die Referenzfläche darin liegt. Schreibt eine CSV-Datei, die Referenzumrisse mit ihren Bewertungen (nach IoU symbolisiert) und einen HTML-Bericht mit den Ansichten Bild / Referenz / Vorhersage / Std der besten und der schlechtesten Gletscher.&lt;br&gt;Mit einem &lt;b&gt;Klassenfeld der Referenz&lt;/b&gt; (Werte: die Klassennamen des Modells, z. B. clean_ice, debris) und einem Mehrklassen-Vorhersageraster (eine Klassenkarte oder ein Mittelwertraster mit einem Band je Klasse: Gletscher, wo die Bänder summiert ≥ Schwellenwert sind, von seiner wahrscheinlichsten Klasse) wird außerdem jede Klasse gegen alle anderen bewertet (IoU, Präzision, Recall, F1, Flächen), je Gletscher und insgesamt, in die &lt;b&gt;Tabelle der Bewertungen je Klasse&lt;/b&gt; und in den Bericht mit der Klassenmatrix (Pixel, km²).&lt;br&gt;Bei Rastern ist &lt;b&gt;coverage&lt;/b&gt; der Anteil jedes Referenzumrisses, der über gültigen Vorhersagepixeln liegt (teilweise abgedeckte Gletscher werden auf ihrem abgedeckten Teil bewertet, mit einer Warnung); Gletscher, die kleiner als ein Pixel sind oder vollständig über NoData liegen, werden nicht bewertet und in einer Warnung aufgeführt.</translation>
    </message>
</context>
<context>
    <name>EvaluatePointsAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate_points.py" line="34"/>
        <source>Regression raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate_points.py" line="36"/>
        <source>Measurements (points or lines)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate_points.py" line="39"/>
        <source>Measured value field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate_points.py" line="42"/>
        <source>Training dataset with block folds (scores per fold)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate_points.py" line="46"/>
        <source>Scores per fold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate_points.py" line="48"/>
        <source>Measured pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate_points.py" line="50"/>
        <source>Scatter plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate_points.py" line="21"/>
        <source>Evaluate against point measurements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate_points.py" line="22"/>
        <source>Scores a regression raster (e.g. the predicted ice thickness) against measurements at points or along lines (a GPR survey, boreholes): RMSE, MAE and bias (predicted − measured), per fold and overall.&lt;br&gt;Measurements are averaged per pixel of the raster first, as for training, so a dense profile does not weigh more than the pixels it crosses; pixels where the raster has no value are skipped. With the &lt;b&gt;training dataset&lt;/b&gt; made with the block split, each pixel belongs to the fold of its block and the scores are also given per fold: score a member's prediction on the fold it held out. Writes a table of the measured pixels, the scores table and a scatter plot of predicted against measured values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/evaluate_points.py" line="34"/>
        <source>Band</source>
        <translation type="unfinished">Band</translation>
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
        <location filename="../glacier_dl_plugin/plugin.py" line="62"/>
        <source>Python environment: {}</source>
        <translation>Python-Umgebung: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="62"/>
        <source>none found</source>
        <translation>keine gefunden</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="68"/>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="77"/>
        <source>All dependencies were found.</source>
        <translation>Alle Abhängigkeiten wurden gefunden.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="78"/>
        <source>Glacier DL {}: deep-learning glacier mapping</source>
        <translation>Glacier DL {}: Gletscherkartierung mit Deep Learning</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="79"/>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="79"/>
        <source>Needed for</source>
        <translation>Benötigt für</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="79"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="135"/>
        <source>About / dependencies…</source>
        <translation>Über / Abhängigkeiten…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="178"/>
        <source>About Glacier DL</source>
        <translation>Über Glacier DL</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="183"/>
        <source>Install dependencies…</source>
        <translation>Abhängigkeiten installieren…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="53"/>
        <source>Python packages not found: {}. Only scale-out (CLUSTER) is unavailable.</source>
        <translation>Python-Pakete nicht gefunden: {}. Nur die Skalierung (CLUSTER) ist nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="67"/>
        <source>scale-out (cluster)</source>
        <translation>Skalierung (Cluster)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="40"/>
        <source>Installing Glacier DL dependencies</source>
        <translation>Glacier-DL-Abhängigkeiten werden installiert</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="72"/>
        <source>Install Glacier DL dependencies</source>
        <translation>Glacier-DL-Abhängigkeiten installieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="79"/>
        <source>Python: {} (found through {})</source>
        <translation>Python: {} (gefunden über {})</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="82"/>
        <source>Environment: {}</source>
        <translation>Umgebung: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="85"/>
        <source>Inference (prediction, report, scale-out)</source>
        <translation>Inferenz (Vorhersage, Bericht, Skalierung)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="86"/>
        <source>Training (inference plus torch)</source>
        <translation>Training (Inferenz plus torch)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="87"/>
        <source>CUDA: onnxruntime-gpu (NVIDIA GPU, also runs on CPU)</source>
        <translation>CUDA: onnxruntime-gpu (NVIDIA-GPU, läuft auch auf der CPU)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="89"/>
        <source>CPU: onnxruntime (smaller, CPU only)</source>
        <translation>CPU: onnxruntime (kleiner, nur CPU)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="91"/>
        <source>Packages</source>
        <translation>Pakete</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="92"/>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="99"/>
        <source>Install</source>
        <translation>Installieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="101"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="148"/>
        <source>Installation {}.</source>
        <translation>Installation: {}.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="152"/>
        <source>Installed. Still missing: {}</source>
        <translation>Installiert. Weiterhin fehlend: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/install_dialog.py" line="152"/>
        <source>Installed: every dependency was found.</source>
        <translation>Installiert: alle Abhängigkeiten wurden gefunden.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="207"/>
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
        <location filename="../glacier_dl_plugin/plugin.py" line="171"/>
        <source>The algorithm {} is not available: see the Glacier DL messages in the log.</source>
        <translation>Der Algorithmus {} ist nicht verfügbar: siehe die Glacier-DL-Meldungen im Protokoll.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="49"/>
        <source>Python packages not found: {}. Prediction and training are unavailable.</source>
        <translation>Python-Pakete nicht gefunden: {}. Vorhersage und Training sind nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="55"/>
        <source>Python packages not found: {}. Training is unavailable; prediction works.</source>
        <translation>Python-Pakete nicht gefunden: {}. Das Training ist nicht verfügbar; die Vorhersage funktioniert.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="64"/>
        <source>prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="64"/>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="65"/>
        <source>training (ONNX export)</source>
        <translation>Training (ONNX-Export)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="57"/>
        <source>Make a glacier polygon layer the active layer and select the glaciers to classify.</source>
        <translation>Machen Sie einen Gletscher-Polygonlayer zum aktiven Layer und wählen Sie die zu klassifizierenden Gletscher aus.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="60"/>
        <source>No glaciers are selected in &apos;{}&apos;: select the glaciers to classify first.</source>
        <translation>In „{}“ sind keine Gletscher ausgewählt: Wählen Sie zuerst die zu klassifizierenden Gletscher aus.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="107"/>
        <source>Classifying {} selected glaciers…</source>
        <translation>{} ausgewählte Gletscher werden klassifiziert…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="121"/>
        <source>The selected glaciers were classified.</source>
        <translation>Die ausgewählten Gletscher wurden klassifiziert.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="123"/>
        <source>Classifying the selected glaciers failed: see the Processing log.</source>
        <translation>Die Klassifizierung der ausgewählten Gletscher ist fehlgeschlagen: siehe das Processing-Protokoll.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="44"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="44"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="44"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="44"/>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="44"/>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="54"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="54"/>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="55"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="55"/>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="56"/>
        <source>interrupted (resumable)</source>
        <translation>unterbrochen (fortsetzbar)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="63"/>
        <source>member {}/{}</source>
        <translation>Mitglied {}/{}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="65"/>
        <source>epoch {}/{}</source>
        <translation>Epoche {}/{}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="92"/>
        <source>Glacier DL jobs</source>
        <translation>Glacier-DL-Aufträge</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="112"/>
        <source>New background job…</source>
        <translation>Neuer Hintergrundauftrag…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="113"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="115"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="117"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="167"/>
        <source>Dataset: {}</source>
        <translation>Datensatz: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="225"/>
        <source>Training finished: {}</source>
        <translation>Training abgeschlossen: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="49"/>
        <source>New background training job</source>
        <translation>Neuer Trainingsauftrag im Hintergrund</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="72"/>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="73"/>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="74"/>
        <source>Ensemble members</source>
        <translation>Ensemble-Mitglieder</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="75"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="75"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/training_task.py" line="31"/>
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
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="110"/>
        <source>Train in background…</source>
        <translation>Im Hintergrund trainieren…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/algorithm_task.py" line="64"/>
        <source>Cancelled before it started.</source>
        <translation>Vor dem Start abgebrochen.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="51"/>
        <source>Python packages not found: {}. Evaluate cannot write its HTML report.</source>
        <translation>Python-Pakete nicht gefunden: {}. „Mit Referenzumrissen vergleichen“ kann den HTML-Bericht nicht schreiben.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="66"/>
        <source>evaluation report</source>
        <translation>Bewertungsbericht</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="54"/>
        <source>cancelling…</source>
        <translation>wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="227"/>
        <source>Training cancelled; the partial model folder was removed.</source>
        <translation>Training abgebrochen; der unvollständige Modellordner wurde entfernt.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="54"/>
        <source>Replace the model folder if it exists</source>
        <translation>Modellordner ersetzen, falls er existiert</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="102"/>
        <source>{}: none was chosen. Choose a folder.</source>
        <translation>{}: Es wurde nichts gewählt. Wählen Sie einen Ordner.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="114"/>
        <source>Choose another folder, or tick &apos;{}&apos;.</source>
        <translation>Wählen Sie einen anderen Ordner oder aktivieren Sie „{}“.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="63"/>
        <source>Cluster files (*.yaml *.yml)</source>
        <translation>Cluster-Dateien (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="65"/>
        <source>local, tcp://host:port of a Dask scheduler, or a Slurm/PBS cluster file</source>
        <translation>local, tcp://Host:Port eines Dask-Schedulers oder eine Slurm/PBS-Clusterdatei</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="76"/>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
</context>
<context>
    <name>GlacierDLAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/base.py" line="78"/>
        <source>Glacier mapping</source>
        <translation>Gletscherkartierung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/base.py" line="98"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/base.py" line="164"/>
        <source>Replace outputs that already exist</source>
        <translation>Bereits vorhandene Ausgaben ersetzen</translation>
    </message>
</context>
<context>
    <name>GlacierDLChoices</name>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="75"/>
        <source>Automatic (GPU when available)</source>
        <translation>Automatisch (GPU, wenn vorhanden)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="76"/>
        <source>CPU</source>
        <translation>CPU (Prozessor)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="77"/>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="78"/>
        <source>Hann window (smooth seams)</source>
        <translation>Hann-Fenster (glatte Nähte)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="79"/>
        <source>Gaussian window</source>
        <translation>Gauß-Fenster</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="80"/>
        <source>Most central tile (no blending)</source>
        <translation>Zentralste Kachel (keine Überblendung)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="81"/>
        <source>None (probabilities only)</source>
        <translation>Keine (nur Wahrscheinlichkeiten)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="82"/>
        <source>Most probable class (argmax)</source>
        <translation>Wahrscheinlichste Klasse (Argmax)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="83"/>
        <source>Glacier where probability reaches threshold</source>
        <translation>Gletscher, wo die Wahrscheinlichkeit den Schwellenwert erreicht</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="84"/>
        <source>Full precision (fp32)</source>
        <translation>Volle Genauigkeit (fp32)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="85"/>
        <source>Quantised 8-bit (int8)</source>
        <translation>Quantisiert, 8 Bit (int8)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="86"/>
        <source>Half precision (fp16)</source>
        <translation>Halbe Genauigkeit (fp16)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="87"/>
        <source>Pixels</source>
        <translation>Pixel</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="88"/>
        <source>Percent of the tile</source>
        <translation>Prozent der Kachel</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="89"/>
        <source>Around each glacier</source>
        <translation>Um jeden Gletscher</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="90"/>
        <source>Moving window over the grid</source>
        <translation>Gleitendes Fenster über das Raster</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="91"/>
        <source>Spatial (glaciers west to east)</source>
        <translation>Räumlich (Gletscher von West nach Ost)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="92"/>
        <source>Random (by glacier)</source>
        <translation>Zufällig (nach Gletscher)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="93"/>
        <source>Blocks (folds within glaciers)</source>
        <translation>Blöcke (Folds innerhalb der Gletscher)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="94"/>
        <source>Keep, in their glacier&apos;s fold</source>
        <translation>Behalten, im Fold ihres Gletschers</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="95"/>
        <source>Drop</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="96"/>
        <source>Slope</source>
        <translation>Hangneigung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="97"/>
        <source>Aspect</source>
        <translation>Exposition</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="98"/>
        <source>NDSI (snow index)</source>
        <translation>NDSI (Schneeindex)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="99"/>
        <source>NDVI (vegetation index)</source>
        <translation>NDVI (Vegetationsindex)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="100"/>
        <source>NDWI (water index)</source>
        <translation>NDWI (Wasserindex)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="101"/>
        <source>Automatic (by the dataset&apos;s task)</source>
        <translation>Automatisch (nach Aufgabe des Datensatzes)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="102"/>
        <source>Cross-entropy</source>
        <translation>Kreuzentropie</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="103"/>
        <source>Focal</source>
        <translation>Focal</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="104"/>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="105"/>
        <source>Cross-entropy + Dice</source>
        <translation>Kreuzentropie + Dice</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="106"/>
        <source>Focal + Dice</source>
        <translation>Focal + Dice</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="107"/>
        <source>Mean squared error (regression)</source>
        <translation>Mittlerer quadratischer Fehler (Regression)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="108"/>
        <source>Mean absolute error, L1 (regression)</source>
        <translation>Mittlerer absoluter Fehler, L1 (Regression)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="109"/>
        <source>Validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="110"/>
        <source>Validation IoU</source>
        <translation>Validierungs-IoU</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="113"/>
        <source>Automatic (float rasters are probabilities)</source>
        <translation>Automatisch (Gleitkomma-Raster sind Wahrscheinlichkeiten)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="114"/>
        <source>Probabilities</source>
        <translation>Wahrscheinlichkeiten</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="115"/>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="116"/>
        <source>Segmentation (classes)</source>
        <translation>Segmentierung (Klassen)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="117"/>
        <source>Regression (continuous values)</source>
        <translation>Regression (stetige Werte)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="111"/>
        <source>Halve on plateau</source>
        <translation>Halbieren bei Stillstand</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/core/config/choices.py" line="112"/>
        <source>Cosine decay over the epochs</source>
        <translation>Kosinus-Abfall über die Epochen</translation>
    </message>
</context>
<context>
    <name>InferenceAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="22"/>
        <source>Tile size in pixels (0: the model&apos;s chip size)</source>
        <translation>Kachelgröße in Pixeln (0: Chipgröße des Modells)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="23"/>
        <source>Tile overlap (pixels, or percent of the tile)</source>
        <translation>Kachelüberlappung (Pixel oder Prozent der Kachel)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="20"/>
        <source>Overlap unit</source>
        <translation>Einheit der Überlappung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="34"/>
        <source>Tiles per model call</source>
        <translation>Kacheln pro Modellaufruf</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="35"/>
        <source>Blending of overlapping tiles</source>
        <translation>Überblendung überlappender Kacheln</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="36"/>
        <source>Precision (int8: faster on CPUs, quantised on this raster first; fp16: faster on GPUs)</source>
        <translation>Rechengenauigkeit (int8: schneller auf CPUs, zuvor auf diesem Raster quantisiert; fp16: schneller auf GPUs)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="38"/>
        <source>Test-time augmentation (flips, 3x slower)</source>
        <translation>Test-Time-Augmentation (Spiegelungen, 3x langsamer)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="39"/>
        <source>Each glacier only by members that never saw it</source>
        <translation>Jeden Gletscher nur mit Mitgliedern vorhersagen, die ihn nie gesehen haben</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="28"/>
        <source>Ignore band names: use the inputs in the given order (no check against training)</source>
        <translation>Bandnamen ignorieren: Eingaben in der angegebenen Reihenfolge verwenden (keine Prüfung gegen das Training)</translation>
    </message>
</context>
<context>
    <name>LabelledEnumWrapper</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/enum_widget.py" line="47"/>
        <source>[Not selected]</source>
        <translation>[Nicht ausgewählt]</translation>
    </message>
</context>
<context>
    <name>PolygonizeAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="49"/>
        <source>Mean probability (from Predict)</source>
        <translation>Mittlere Wahrscheinlichkeit (aus der Vorhersage)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="50"/>
        <source>Standard deviation (from Predict)</source>
        <translation>Standardabweichung (aus der Vorhersage)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="51"/>
        <source>Glacier inventory polygons</source>
        <translation>Polygone des Gletscherinventars</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="53"/>
        <source>Glacier id field (default: RGIId, glacier_id or the feature id)</source>
        <translation>Gletscher-ID-Feld (Standard: RGIId, glacier_id oder die Objekt-ID)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="55"/>
        <source>Probability threshold (empty: from the calibration, else 0.5)</source>
        <translation>Wahrscheinlichkeits-Schwellenwert (leer: aus der Kalibrierung, sonst 0,5)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="57"/>
        <source>Bounds half-width k in std (empty: from the calibration, else 1)</source>
        <translation>Halbe Intervallbreite k in Standardabweichungen (leer: aus der Kalibrierung, sonst 1)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="59"/>
        <source>Buffer around each glacier (metres)</source>
        <translation>Puffer um jeden Gletscher (Meter)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="60"/>
        <source>Minimum patch area (km²)</source>
        <translation>Mindestfläche von Teilflächen (km²)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="61"/>
        <source>Fill holes (nunataks)</source>
        <translation>Löcher füllen (Nunatakker)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="62"/>
        <source>Simplification tolerance (metres, 0: pixel edges)</source>
        <translation>Vereinfachungstoleranz (Meter, 0: Pixelkanten)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="66"/>
        <source>Band (glacier class)</source>
        <translation>Band (Gletscherklasse)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="69"/>
        <source>Outlines</source>
        <translation>Umrisse</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="74"/>
        <source>Total area (km²)</source>
        <translation>Gesamtfläche (km²)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="75"/>
        <source>Total sigma_area (km²)</source>
        <translation>Gesamt-sigma_area (km²)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="27"/>
        <source>Polygonize glacier outlines</source>
        <translation>Gletscherumrisse polygonisieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="71"/>
        <source>Glacier outlines</source>
        <translation>Gletscherumrisse</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="72"/>
        <source>Glacier outlines (lower bound)</source>
        <translation>Gletscherumrisse (untere Grenze)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="73"/>
        <source>Glacier outlines (upper bound)</source>
        <translation>Gletscherumrisse (obere Grenze)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="28"/>
        <source>Draws, for each glacier of the inventory, the predicted outline (mean &gt;= threshold) and the lower and upper bound outlines (mean - k*std &gt;= threshold, mean + k*std &gt;= threshold) from the &lt;b&gt;mean&lt;/b&gt; and &lt;b&gt;std&lt;/b&gt; rasters of 'Predict'. Only each glacier's buffered window of the rasters is read.&lt;br&gt;&lt;b&gt;Threshold&lt;/b&gt; and &lt;b&gt;k&lt;/b&gt;: empty takes them from the model's calibration stored in the mean raster; an uncalibrated raster gets k = 1 and a warning. &lt;b&gt;Buffer&lt;/b&gt; (metres, also on geographic grids): how far an outline may reach beyond the inventory outline. A pixel within the buffers of two glaciers goes to the nearer one (distance from the pixel centre to the nearest pixel of each inventory outline); pixels inside two overlapping inventory outlines go to the smaller glacier. Patches under the &lt;b&gt;minimum area&lt;/b&gt; are dropped; holes are filled on request; &lt;b&gt;simplify&lt;/b&gt; (metres) smooths the written geometry only.&lt;br&gt;Areas (area, area_low, area_high, sigma_area = (area_high - area_low)/2) are in km² on the WGS 84 ellipsoid, measured before simplification. The GeoPackage holds the layers outlines, outlines_low and outlines_high; a glacier without any predicted pixel keeps its row with area 0. &lt;b&gt;coverage&lt;/b&gt; is the share of each inventory outline on valid raster pixels: below 1 (cut by the raster's edge or nodata) the area is that of the covered part, a warning names the glacier and Area change leaves it out of its totals. &lt;b&gt;Date&lt;/b&gt;: YYYY-MM-DD, or RGI's YYYYMMDD with 99 for an unknown day (15th) or month (1 July).</source>
        <translation>Zeichnet für jeden Gletscher des Inventars den vorhergesagten Umriss (mean &gt;= threshold) sowie die Umrisse der unteren und oberen Grenze (mean - k*std &gt;= threshold, mean + k*std &gt;= threshold) aus den Rastern &lt;b&gt;mean&lt;/b&gt; und &lt;b&gt;std&lt;/b&gt; von „Gletscher vorhersagen (Ensemble)“. Von den Rastern wird nur das gepufferte Fenster jedes Gletschers gelesen.&lt;br&gt;&lt;b&gt;Schwellenwert&lt;/b&gt; und &lt;b&gt;k&lt;/b&gt;: Leer werden sie aus der im Mittelwertraster gespeicherten Kalibrierung des Modells übernommen; ein unkalibriertes Raster erhält k = 1 und eine Warnung. &lt;b&gt;Puffer&lt;/b&gt; (Meter, auch bei geographischen Gittern): wie weit ein Umriss über den Inventarumriss hinausreichen darf. Ein Pixel innerhalb der Puffer zweier Gletscher wird dem näheren zugeordnet (Abstand vom Pixelmittelpunkt zum nächsten Pixel jedes Inventarumrisses); Pixel innerhalb zweier sich überlappender Inventarumrisse werden dem kleineren Gletscher zugeordnet. Teilflächen unter der &lt;b&gt;Mindestfläche&lt;/b&gt; werden verworfen; Löcher werden auf Wunsch gefüllt; &lt;b&gt;Vereinfachung&lt;/b&gt; (Meter) glättet nur die geschriebene Geometrie.&lt;br&gt;Flächen (area, area_low, area_high, sigma_area = (area_high - area_low)/2) werden in km² auf dem WGS-84-Ellipsoid angegeben und vor der Vereinfachung gemessen. Das GeoPackage enthält die Layer outlines, outlines_low und outlines_high; ein Gletscher ohne vorhergesagtes Pixel behält seine Zeile mit der Fläche 0. &lt;b&gt;coverage&lt;/b&gt; ist der Anteil jedes Inventarumrisses auf gültigen Rasterpixeln: Liegt er unter 1 (abgeschnitten durch den Rasterrand oder NoData), ist die Fläche die des abgedeckten Teils, eine Warnung nennt den Gletscher, und „Flächenänderung der Gletscher“ lässt ihn bei den Summen weg. &lt;b&gt;Datum&lt;/b&gt;: YYYY-MM-DD oder das RGI-Format YYYYMMDD mit 99 für einen unbekannten Tag (15.) oder Monat (1. Juli).</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="64"/>
        <source>Acquisition date written to the outlines (YYYY-MM-DD or RGI YYYYMMDD)</source>
        <translation>Aufnahmedatum, das in die Umrisse geschrieben wird (JJJJ-MM-TT oder RGI JJJJMMTT)</translation>
    </message>
</context>
<context>
    <name>PredictAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="64"/>
        <source>Input rasters (same layers and order as for training)</source>
        <translation>Eingaberaster (dieselben Layer in derselben Reihenfolge wie beim Training)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="87"/>
        <source>Mean probability</source>
        <translation>Mittlere Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="88"/>
        <source>Standard deviation</source>
        <translation>Standardabweichung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="72"/>
        <source>Extent (empty: whole raster)</source>
        <translation>Ausdehnung (leer: gesamtes Raster)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="74"/>
        <source>Only these glaciers (selected features honoured)</source>
        <translation>Nur diese Gletscher (gewählte Objekte werden berücksichtigt)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="77"/>
        <source>Buffer around the glaciers (metres)</source>
        <translation>Puffer um die Gletscher (Meter)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="82"/>
        <source>Class-map threshold (empty: calibrated or 0.5)</source>
        <translation>Schwellenwert der Klassenkarte (leer: kalibriert oder 0,5)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="81"/>
        <source>Glacier id field (for held-out members)</source>
        <translation>Gletscher-ID-Feld (für Held-out-Mitglieder)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="79"/>
        <source>Class map</source>
        <translation>Klassenkarte</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="91"/>
        <source>Per-member rasters (folder)</source>
        <translation>Raster je Mitglied (Ordner)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="45"/>
        <source>Predict glaciers (ensemble)</source>
        <translation>Gletscher vorhersagen (Ensemble)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="46"/>
        <source>Runs every member of a trained ensemble over the input rasters with overlapping tiles blended (Hann or Gaussian weights, or centre crops) and writes the &lt;b&gt;mean&lt;/b&gt; probability and the &lt;b&gt;standard deviation&lt;/b&gt; across members (one band per glacier class, 0-1), optionally a &lt;b&gt;class map&lt;/b&gt; and one raster per member. Nodata input gives nodata output; tiles that are entirely nodata are skipped.&lt;br&gt;&lt;b&gt;Area&lt;/b&gt;: the whole raster, an &lt;b&gt;extent&lt;/b&gt; (the outputs are cropped to it), or only the &lt;b&gt;glaciers&lt;/b&gt; (selected features honoured) plus a &lt;b&gt;buffer&lt;/b&gt; in metres: tiles touching no buffered glacier are never computed and pixels outside the buffers are nodata. &lt;b&gt;Held-out members only&lt;/b&gt; predicts each glacier with the members that never saw it in training.&lt;br&gt;&lt;b&gt;Model&lt;/b&gt;: the folder written by &apos;Train ensemble&apos; (or its ensemble.json), or one .onnx file; give the same raster layers as for training: they are matched to the model&apos;s bands by name (reordered when given in another order; names that do not match are an error unless &lt;b&gt;IGNORE_BAND_NAMES&lt;/b&gt;). Calibration temperatures are applied when the model has them.&lt;br&gt;&lt;b&gt;Device&lt;/b&gt;: auto uses CUDA when onnxruntime can and warns when it falls back to the CPU; cuda or cuda:N (typed) without a usable GPU is an error.</source>
        <translation>Führt jedes Mitglied eines trainierten Ensembles mit überlappenden, überblendeten Kacheln (Hann- oder Gauß-Gewichte oder Mittenausschnitte) über die Eingaberaster aus und schreibt die &lt;b&gt;mittlere&lt;/b&gt; Wahrscheinlichkeit und die &lt;b&gt;Standardabweichung&lt;/b&gt; über die Mitglieder (ein Band pro Gletscherklasse, 0-1), optional eine &lt;b&gt;Klassenkarte&lt;/b&gt; und ein Raster pro Mitglied. NoData in der Eingabe ergibt NoData in der Ausgabe; Kacheln, die vollständig NoData sind, werden übersprungen.&lt;br&gt;&lt;b&gt;Gebiet&lt;/b&gt;: das gesamte Raster, eine &lt;b&gt;Ausdehnung&lt;/b&gt; (die Ausgaben werden darauf zugeschnitten) oder nur die &lt;b&gt;Gletscher&lt;/b&gt; (gewählte Objekte werden berücksichtigt) zuzüglich eines &lt;b&gt;Puffers&lt;/b&gt; in Metern: Kacheln, die keinen gepufferten Gletscher berühren, werden nie berechnet, und Pixel außerhalb der Puffer sind NoData. &lt;b&gt;Nur Held-out-Mitglieder&lt;/b&gt; sagt jeden Gletscher mit den Mitgliedern vorher, die ihn im Training nie gesehen haben.&lt;br&gt;&lt;b&gt;Modell&lt;/b&gt;: der von „Ensemble trainieren“ geschriebene Ordner (oder dessen ensemble.json) oder eine einzelne .onnx-Datei; geben Sie dieselben Rasterlayer wie beim Training an: Sie werden über ihre Namen den Bändern des Modells zugeordnet (in anderer Reihenfolge angegeben, werden sie umsortiert; nicht übereinstimmende Namen sind ein Fehler, außer mit &lt;b&gt;IGNORE_BAND_NAMES&lt;/b&gt;). Kalibrierungstemperaturen werden angewendet, wenn das Modell welche besitzt.&lt;br&gt;&lt;b&gt;Gerät&lt;/b&gt;: auto verwendet CUDA, wenn onnxruntime dies unterstützt, und warnt, wenn auf die CPU ausgewichen wird; cuda oder cuda:N (eingegeben) ohne nutzbare GPU ist ein Fehler.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="66"/>
        <source>Model (folder, ensemble.json, stac_item.json or .onnx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="157"/>
        <source>{} selected glaciers</source>
        <translation>{} gewählte Gletscher</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="157"/>
        <source>{} glaciers</source>
        <translation>{} Gletscher</translation>
    </message>
</context>
<context>
    <name>PredictImagesAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_images.py" line="37"/>
        <source>Image folder (images/ and, to score, masks/)</source>
        <translation>Bildordner (images/ und, zum Bewerten, masks/)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_images.py" line="39"/>
        <source>Model (folder, ensemble.json or .onnx)</source>
        <translation>Modell (Ordner, ensemble.json oder .onnx)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_images.py" line="48"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_images.py" line="49"/>
        <source>Scores (CSV, when reference masks exist)</source>
        <translation>Bewertungen (CSV, wenn Referenzmasken vorhanden sind)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_images.py" line="50"/>
        <source>Images predicted</source>
        <translation>Vorhergesagte Bilder</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_images.py" line="19"/>
        <source>Predict image folder</source>
        <translation>Bildordner vorhersagen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_images.py" line="20"/>
        <source>Runs every member of a trained model over each image of a folder of plain images (photographs such as snow-pit walls, no georeferencing needed), tile by tile and blended exactly as &apos;Predict glaciers&apos; does on a raster, and writes for each image a &lt;b&gt;class mask&lt;/b&gt; (the most probable class per pixel) and, optionally, a &lt;b&gt;probability image&lt;/b&gt; with one band per class, both as GeoTIFFs named after the image in the output folder&apos;s masks and probabilities subfolders.&lt;br&gt;&lt;b&gt;Image folder&lt;/b&gt;: a folder with an images subfolder (or the images themselves), .tif or .png, with the bands the model was trained on. When a masks subfolder holds reference masks named &amp;lt;image&amp;gt;_mask.tif (or .png; classes 0, 1, ...; 255 is not scored), a &lt;b&gt;scores&lt;/b&gt; table (scores.csv) gives the pixel accuracy and the IoU of each class per image and over all images.&lt;br&gt;&lt;b&gt;Model&lt;/b&gt;: the folder written by &apos;Train ensemble&apos; on an image folder (or its ensemble.json, or one .onnx file). Tile size, overlap, blending, test-time augmentation, precision and device mean what they mean in &apos;Predict glaciers&apos;. The output folder appears only when every image is done.</source>
        <translation>Lässt jedes Mitglied eines trainierten Modells über jedes Bild eines Ordners mit einfachen Bildern laufen (Fotografien wie Schneeprofilwände, ohne Georeferenzierung), Kachel für Kachel und genau so überblendet wie „Gletscher vorhersagen (Ensemble)“ auf einem Raster, und schreibt für jedes Bild eine &lt;b&gt;Klassenmaske&lt;/b&gt; (die wahrscheinlichste Klasse je Pixel) und auf Wunsch ein &lt;b&gt;Wahrscheinlichkeitsbild&lt;/b&gt; mit einem Band je Klasse, beide als GeoTIFFs mit dem Namen des Bildes in den Unterordnern masks und probabilities des Ausgabeordners.&lt;br&gt;&lt;b&gt;Bildordner&lt;/b&gt;: ein Ordner mit einem Unterordner images (oder den Bildern selbst), .tif oder .png, mit den Bändern, auf denen das Modell trainiert wurde. Liegen in einem Unterordner masks Referenzmasken namens &amp;lt;Bild&amp;gt;_mask.tif (oder .png; Klassen 0, 1, ...; 255 wird nicht bewertet), gibt eine &lt;b&gt;Bewertungstabelle&lt;/b&gt; (scores.csv) die Pixelgenauigkeit und die IoU jeder Klasse je Bild und über alle Bilder an.&lt;br&gt;&lt;b&gt;Modell&lt;/b&gt;: der von „Ensemble trainieren“ auf einem Bildordner geschriebene Ordner (oder seine ensemble.json oder eine einzelne .onnx-Datei). Kachelgröße, Überlappung, Überblendung, Test-Time-Augmentation, Genauigkeit und Gerät bedeuten dasselbe wie in „Gletscher vorhersagen (Ensemble)“. Der Ausgabeordner erscheint erst, wenn alle Bilder fertig sind.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_images.py" line="44"/>
        <source>Also write probability images</source>
        <translation>Zusätzlich Wahrscheinlichkeitsbilder schreiben</translation>
    </message>
</context>
<context>
    <name>PredictRegionAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="39"/>
        <source>Scenes (in priority order)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="41"/>
        <source>Folder of scenes (sorted by name, after SCENES)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="44"/>
        <source>Model (folder, ensemble.json or .onnx)</source>
        <translation type="unfinished">Modell (Ordner, ensemble.json oder .onnx)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="47"/>
        <source>Glacier inventory for the per-glacier table (file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="50"/>
        <source>Cluster (local, tcp://host:port, a YAML cluster file, or none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="56"/>
        <source>Glacier id field (empty: glacier_id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="56"/>
        <source>Also write the mosaics as Cloud-Optimised GeoTIFFs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="63"/>
        <source>Output folder</source>
        <translation type="unfinished">Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="23"/>
        <source>Predict region (many scenes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="24"/>
        <source>Predicts many scenes (raster layers or files, a folder of scenes, or both) with a trained ensemble, one task per scene (or per &lt;b&gt;PART_SIZE&lt;/b&gt; window of it), on a Dask &lt;b&gt;cluster&lt;/b&gt;: &lt;i&gt;local&lt;/i&gt; (worker processes on this machine), &lt;i&gt;tcp://host:port&lt;/i&gt; (a running scheduler), the path of a YAML cluster file (Slurm/PBS, see docs/scaleout.md), or &lt;i&gt;none&lt;/i&gt; (in this process). Each scene is Predict's own run into OUTPUT/parts/; the result is one mosaic, &lt;b&gt;mosaic_mean.vrt&lt;/b&gt; and &lt;b&gt;mosaic_std.vrt&lt;/b&gt; (and COGs when asked), equal at every pixel to a run in this process. Where scenes overlap the &lt;b&gt;first scene&lt;/b&gt; with a valid pixel wins. With a glacier inventory, &lt;b&gt;glaciers.csv&lt;/b&gt; lists per glacier the scenes covering it, those it was predicted from and its predicted area ± σ (km²).&lt;br&gt;A failed task is retried; running again into the same OUTPUT folder reuses every part already complete with the same settings. The scenes must share a grid (CRS, pixel size and alignment) and be readable by every worker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="51"/>
        <source>Workers (local or batch cluster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="57"/>
        <source>Retries of a failed task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict_region.py" line="58"/>
        <source>Task size in pixels (whole output blocks; 0: one task per scene)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TerminusAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="36"/>
        <source>Class raster</source>
        <translation>Klassenraster</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="37"/>
        <source>Ice class values</source>
        <translation>Klassenwerte für Eis</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="37"/>
        <source>Ocean class values</source>
        <translation>Klassenwerte für Ozean</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="40"/>
        <source>Minimum line length (metres)</source>
        <translation>Minimale Linienlänge (Meter)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="44"/>
        <source>Band</source>
        <translation>Band</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="23"/>
        <source>Calving fronts</source>
        <translation>Kalbungsfronten</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="49"/>
        <source>Calving front lines</source>
        <translation>Linien der Kalbungsfronten</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="50"/>
        <source>Number of front lines</source>
        <translation>Anzahl der Frontlinien</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="51"/>
        <source>Mean distance error (m)</source>
        <translation>Mittlerer Abstandsfehler (m)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="24"/>
        <source>Traces calving fronts: the pixel edges between &lt;b&gt;ice&lt;/b&gt; and &lt;b&gt;ocean&lt;/b&gt; pixels of a class raster (e.g. a segmentation with glacier, ocean, rock classes), merged into lines. Lines shorter than the &lt;b&gt;minimum length&lt;/b&gt; (icebergs, mélange, noise) are dropped; &lt;b&gt;smoothing&lt;/b&gt; applies that many passes of Chaikin corner cutting to the pixel staircase. Class values are lists such as 2 or 2,4.&lt;br&gt;With &lt;b&gt;reference fronts&lt;/b&gt; (lines, any CRS), each line gets mean_distance_m, the mean distance of its points to the nearest reference line, and the log gives the mean distance error pooled over both directions (points every half pixel along the fronts and along the references), in metres.</source>
        <translation>Zeichnet Kalbungsfronten nach: die Pixelkanten zwischen &lt;b&gt;Eis&lt;/b&gt;- und &lt;b&gt;Ozean&lt;/b&gt;-Pixeln eines Klassenrasters (z. B. einer Segmentierung mit den Klassen Gletscher, Ozean, Fels), zu Linien zusammengeführt. Linien, die kürzer als die &lt;b&gt;Mindestlänge&lt;/b&gt; sind (Eisberge, Mélange, Rauschen), werden verworfen; &lt;b&gt;Glättung&lt;/b&gt; wendet entsprechend viele Durchgänge des Chaikin-Eckenschnitts auf die Pixeltreppe an. Klassenwerte sind Listen wie 2 oder 2,4.&lt;br&gt;Mit &lt;b&gt;Referenzfronten&lt;/b&gt; (Linien, beliebiges KBS) erhält jede Linie mean_distance_m, den mittleren Abstand ihrer Punkte zur nächsten Referenzlinie, und das Protokoll nennt den über beide Richtungen zusammengefassten mittleren Abstandsfehler in Metern (Punkte im Abstand eines halben Pixels entlang der Fronten und entlang der Referenzen).</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="41"/>
        <source>Smoothing passes (0: pixel edges)</source>
        <translation>Glättungsdurchgänge (0: Pixelkanten)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="43"/>
        <source>Reference front lines</source>
        <translation>Referenz-Frontlinien</translation>
    </message>
</context>
<context>
    <name>TrainEnsembleAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="38"/>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="44"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="44"/>
        <source>Architecture (smp name)</source>
        <translation>Architektur (smp-Name)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="49"/>
        <source>Encoder depth (3-5)</source>
        <translation>Encoder-Tiefe (3-5)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="50"/>
        <source>Seed of the first member</source>
        <translation>Seed des ersten Mitglieds</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="75"/>
        <source>Replace the model folder if it exists</source>
        <translation>Modellordner ersetzen, falls vorhanden</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="77"/>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="44"/>
        <source>Class weights (comma-separated, background first; empty: equal)</source>
        <translation>Klassengewichte (kommagetrennt, Hintergrund zuerst; leer: gleich)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="59"/>
        <source>Early stopping patience (epochs, 0: off)</source>
        <translation>Geduld für Early Stopping (Epochen, 0: aus)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="62"/>
        <source>Halve the learning rate after (epochs, 0: never)</source>
        <translation>Lernrate halbieren nach (Epochen, 0: nie)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="63"/>
        <source>Minimum learning rate</source>
        <translation>Minimale Lernrate</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="64"/>
        <source>Find the learning rate automatically</source>
        <translation>Lernrate automatisch bestimmen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="65"/>
        <source>Photometric jitter (0: off)</source>
        <translation>Photometrischer Jitter (0: aus)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="66"/>
        <source>Use the CPU if the GPU is absent</source>
        <translation>CPU verwenden, wenn keine GPU vorhanden ist</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="67"/>
        <source>Mixed precision on GPUs</source>
        <translation>Gemischte Genauigkeit (Mixed Precision) auf GPUs</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="68"/>
        <source>Members trained at once per device</source>
        <translation>Gleichzeitig trainierte Mitglieder je Gerät</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="73"/>
        <source>Resume an interrupted run into the model folder</source>
        <translation>Unterbrochenen Lauf im Modellordner fortsetzen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="21"/>
        <source>Train ensemble</source>
        <translation>Ensemble trainieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="39"/>
        <source>Ensemble members</source>
        <translation>Ensemble-Mitglieder</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="40"/>
        <source>Epochs (at most; early stopping may end sooner)</source>
        <translation>Epochen (höchstens; Early Stopping kann früher beenden)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="41"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="56"/>
        <source>Loss (auto: CE+Dice, or MSE for regression)</source>
        <translation>Verlustfunktion (auto: CE+Dice oder MSE bei Regression)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="60"/>
        <source>Early stopping criterion</source>
        <translation>Kriterium für Early Stopping</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="44"/>
        <source>Encoder weights (local state-dict file; empty: random)</source>
        <translation>Encoder-Gewichte (lokale State-Dict-Datei; leer: zufällig)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="69"/>
        <source>Chip-reading processes per member (0: none)</source>
        <translation>Prozesse zum Einlesen der Chips je Mitglied (0: keine)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="44"/>
        <source>Encoder (smp name, or sam2_hiera_tiny/small/base_plus/large)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="44"/>
        <source>Cluster (local, tcp://host:port of a Dask scheduler, or a Slurm/PBS cluster file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="22"/>
        <source>Trains an ensemble of segmentation models (segmentation-models-pytorch) on a dataset folder made by 'Create training dataset'. Member i uses seed SEED+i and holds out fold i (mod the number of folds) as its test fold, standardising inputs with the statistics of its training folds only.&lt;br&gt;Each member is exported to ONNX with its metadata (bands, normalisation, classes, chip size) embedded, and checked against torch. The model folder holds ensemble.json, the ONNX files, checkpoints, training histories, loss curves, per-class and per-glacier metrics, report.md and train.log. Each member stops early when the validation criterion stops improving for &lt;i&gt;Early stopping patience&lt;/i&gt; epochs; regression datasets (e.g. ice thickness) train with MSE/L1. &lt;i&gt;Resume an interrupted run&lt;/i&gt; continues one into the same model folder.&lt;br&gt;Training runs in its own Python process, in the Python environment with torch that &lt;i&gt;Plugins › Glacier DL › About / dependencies…&lt;/i&gt; names; cancelling stops it and removes the partial model folder.</source>
        <translation>Trainiert ein Ensemble von Segmentierungsmodellen (segmentation-models-pytorch) auf einem mit „Trainingsdatensatz erstellen“ erzeugten Datensatzordner. Mitglied i verwendet den Seed SEED+i und hält Fold i (modulo der Anzahl der Folds) als Test-Fold zurück; seine Eingaben werden nur mit den Statistiken seiner Trainings-Folds standardisiert.&lt;br&gt;Jedes Mitglied wird mit eingebetteten Metadaten (Bänder, Normalisierung, Klassen, Chipgröße) nach ONNX exportiert und gegen torch geprüft. Der Modellordner enthält ensemble.json, die ONNX-Dateien, Checkpoints, Trainingsverläufe, Verlustkurven, Metriken je Klasse und je Gletscher, report.md und train.log. Jedes Mitglied stoppt vorzeitig, wenn sich das Validierungskriterium &lt;i&gt;Geduld für Early Stopping&lt;/i&gt; Epochen lang nicht verbessert; Regressionsdatensätze (z. B. Eisdicke) werden mit MSE/L1 trainiert. &lt;i&gt;Unterbrochenen Lauf im Modellordner fortsetzen&lt;/i&gt; setzt einen solchen fort.&lt;br&gt;Das Training läuft in einem eigenen Python-Prozess, in der Python-Umgebung mit torch, die &lt;i&gt;Erweiterungen › Glacier DL › Über / Abhängigkeiten…&lt;/i&gt; nennt; Abbrechen beendet ihn und entfernt den unvollständigen Modellordner.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="53"/>
        <source>Freeze the encoder (train decoder and head only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="54"/>
        <source>Encoder learning rate factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="55"/>
        <source>Encoder layer-wise learning rate decay (1: off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="61"/>
        <source>Learning-rate schedule</source>
        <translation>Lernraten-Verlauf</translation>
    </message>
</context>
</TS>
