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
        <source>Calibrates a trained ensemble on &lt;b&gt;validation glaciers&lt;/b&gt; whose reference outlines are known. Every member runs over windows around those glaciers only. A &lt;b&gt;temperature&lt;/b&gt; per member is fitted on a pixel sample (temperature scaling of its log-probabilities, minimising the negative log-likelihood), preferring the glaciers the member never saw in training. Then &lt;b&gt;k&lt;/b&gt; is chosen so that the area interval [area(mean − k·std ≥ threshold), area(mean + k·std ≥ threshold)] contains the reference area for the chosen share (68.27 %, one sigma) of the validation glaciers.&lt;br&gt;The result is stored in the model's ensemble.json (key 'calibration'); Predict and Polygonize use it. Writes a reliability diagram PNG with the expected calibration error (ECE) before and after.&lt;br&gt;&lt;b&gt;Glaciers&lt;/b&gt;: the reference outlines (all of them are labels). &lt;b&gt;Validation glaciers&lt;/b&gt;: the ids listed in VALIDATION_IDS, else the layer's selected features, else the glaciers the members held out in training (their test glaciers), else every glacier. The model must be a folder.&lt;br&gt;The members' probabilities are computed exactly as Predict computes them with these glaciers and buffer: the same &lt;b&gt;tile size, overlap, blending, test-time augmentation, precision&lt;/b&gt; and, with &lt;b&gt;held-out members only&lt;/b&gt;, the same members per glacier; the inputs are warped onto the model's grid and its derived bands (slope, NDSI…) computed as for Predict.</source>
        <translation>Kalibriert ein trainiertes Ensemble an &lt;b&gt;Validierungsgletschern&lt;/b&gt; mit bekannten Referenzumrissen. Jedes Mitglied wird nur auf Fenstern um diese Gletscher ausgeführt. Für jedes Mitglied wird an einer Pixelstichprobe eine &lt;b&gt;Temperatur&lt;/b&gt; angepasst (Temperature Scaling seiner Log-Wahrscheinlichkeiten durch Minimierung der negativen Log-Likelihood), wobei bevorzugt Gletscher verwendet werden, die das Mitglied im Training nie gesehen hat. Anschließend wird &lt;b&gt;k&lt;/b&gt; so gewählt, dass das Flächenintervall [area(mean − k·std ≥ threshold), area(mean + k·std ≥ threshold)] für den gewählten Anteil (68,27 %, ein Sigma) der Validierungsgletscher die Referenzfläche enthält.&lt;br&gt;Das Ergebnis wird in der ensemble.json des Modells gespeichert (Schlüssel 'calibration'); „Gletscher vorhersagen (Ensemble)“ und „Gletscherumrisse polygonisieren“ verwenden es. Schreibt ein Zuverlässigkeitsdiagramm als PNG mit dem erwarteten Kalibrierungsfehler (ECE) vorher und nachher.&lt;br&gt;&lt;b&gt;Gletscher&lt;/b&gt;: die Referenzumrisse (alle dienen als Labels). &lt;b&gt;Validierungsgletscher&lt;/b&gt;: die in VALIDATION_IDS aufgeführten IDs, sonst die gewählten Objekte des Layers, sonst die Gletscher, die die Mitglieder im Training zurückgehalten haben (ihre Testgletscher), sonst alle Gletscher. Das Modell muss ein Ordner sein.&lt;br&gt;Die Wahrscheinlichkeiten der Mitglieder werden genau so berechnet, wie „Gletscher vorhersagen (Ensemble)“ sie mit diesen Gletschern und diesem Puffer berechnet: mit derselben &lt;b&gt;Kachelgröße, Überlappung, Überblendung, Test-Time-Augmentation und Rechengenauigkeit&lt;/b&gt; und, bei &lt;b&gt;Nur Held-out-Mitglieder&lt;/b&gt;, mit denselben Mitgliedern je Gletscher; die Eingaben werden auf das Gitter des Modells transformiert und seine abgeleiteten Bänder (Hangneigung, NDSI…) wie bei der Vorhersage berechnet.</translation>
    </message>
</context>
<context>
    <name>CreateDatasetAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="50"/>
        <source>Glacier polygons</source>
        <translation>Gletscherpolygone</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="52"/>
        <source>Glacier id field (default: RGIId, glacier_id or the feature id)</source>
        <translation>Gletscher-ID-Feld (Standard: RGIId, glacier_id oder die Objekt-ID)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="55"/>
        <source>Class field (empty: one &apos;glacier&apos; class)</source>
        <translation>Klassenfeld (leer: eine Klasse 'glacier')</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="59"/>
        <source>Buffer around glaciers (metres)</source>
        <translation>Puffer um die Gletscher (Meter)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="62"/>
        <source>Maximum nodata fraction per chip</source>
        <translation>Maximaler NoData-Anteil je Chip</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="63"/>
        <source>Random seed</source>
        <translation>Zufallsstartwert (Seed)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="89"/>
        <source>Replace the output folder if it exists</source>
        <translation>Ausgabeordner ersetzen, falls vorhanden</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="91"/>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="131"/>
        <source>Chip footprints</source>
        <translation>Chip-Umrisse</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="93"/>
        <source>Number of chips</source>
        <translation>Anzahl der Chips</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="48"/>
        <source>Input rasters (warped onto one grid)</source>
        <translation>Eingaberaster (auf ein gemeinsames Gitter transformiert)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="62"/>
        <source>Target CRS (empty: the first raster&apos;s)</source>
        <translation>Ziel-KBS (leer: das des ersten Rasters)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="62"/>
        <source>Second polygon layer burnt as a class</source>
        <translation>Zweiter Polygonlayer, als Klasse eingebrannt</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="71"/>
        <source>Sampling</source>
        <translation>Abtastung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="62"/>
        <source>Area to sample in grid mode (empty: everything)</source>
        <translation>Abzutastendes Gebiet im Gittermodus (leer: alles)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="74"/>
        <source>Fold split by glacier</source>
        <translation>Aufteilung der Gletscher in Folds</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="75"/>
        <source>Chips touching glaciers of other folds</source>
        <translation>Chips, die Gletscher anderer Folds berühren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="62"/>
        <source>Regression target raster (instead of classes)</source>
        <translation>Regressions-Zielraster (statt Klassen)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="80"/>
        <source>Derived features</source>
        <translation>Abgeleitete Merkmale</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="31"/>
        <source>Create training dataset</source>
        <translation>Trainingsdatensatz erstellen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="32"/>
        <source>Cuts georeferenced training chips around every glacier (or on a moving window).&lt;br&gt;&lt;b&gt;Input rasters&lt;/b&gt; are warped once onto one target grid (TARGET_CRS and TARGET_RESOLUTION in metres; default the first raster&apos;s), bilinear, or nearest for the layers listed as CATEGORICAL. &lt;b&gt;Glacier polygons&lt;/b&gt; may be in any CRS; &apos;selected features only&apos; is honoured; invalid geometries are repaired. CLASS_FIELD with CLASS_MAP (value=class,...) gives several classes; EXTRA_POLYGONS are burnt as EXTRA_CLASS. SAMPLING glacier: chips every &lt;b&gt;stride&lt;/b&gt; pixels where they touch a glacier buffered by &lt;b&gt;buffer&lt;/b&gt; metres, plus centroid and margin chips; grid: a moving window over the grid or MASK. Glaciers form &lt;b&gt;folds&lt;/b&gt; west to east (or at random) of near-equal area. Chips are dropped by MAX_NODATA, MIN_CLASS_FRACTION of FRACTION_CLASS and STRADDLE=drop. REGRESSION_TARGET writes its values as float masks. FEATURES adds slope, aspect and NDSI/NDVI/NDWI from the role bands.&lt;br&gt;Writes images/, masks/, manifest.csv, dataset.json, footprints.gpkg (styled by fold) and preview.png.</source>
        <translation>Schneidet georeferenzierte Trainings-Chips um jeden Gletscher (oder mit einem gleitenden Fenster) aus.&lt;br&gt;&lt;b&gt;Eingaberaster&lt;/b&gt; werden einmalig auf ein Zielgitter transformiert (TARGET_CRS und TARGET_RESOLUTION in Metern; Standard: die des ersten Rasters), bilinear bzw. mit nächstem Nachbarn für die unter CATEGORICAL aufgeführten Layer. &lt;b&gt;Gletscherpolygone&lt;/b&gt; dürfen in einem beliebigen KBS vorliegen; „Nur gewählte Objekte“ wird berücksichtigt; ungültige Geometrien werden repariert. CLASS_FIELD mit CLASS_MAP (value=class,...) ergibt mehrere Klassen; EXTRA_POLYGONS werden als EXTRA_CLASS eingebrannt. SAMPLING glacier: Chips im Abstand der &lt;b&gt;Schrittweite&lt;/b&gt; (Pixel), wo sie einen um den &lt;b&gt;Puffer&lt;/b&gt; (Meter) erweiterten Gletscher berühren, dazu Chips am Schwerpunkt und am Rand; grid: ein gleitendes Fenster über das Gitter oder MASK. Die Gletscher bilden von West nach Ost (oder zufällig) &lt;b&gt;Folds&lt;/b&gt; annähernd gleicher Fläche. Chips werden nach MAX_NODATA, MIN_CLASS_FRACTION von FRACTION_CLASS und STRADDLE=drop verworfen. REGRESSION_TARGET schreibt seine Werte als Float-Masken. FEATURES fügt Hangneigung, Exposition und NDSI/NDVI/NDWI aus den Rollenbändern hinzu.&lt;br&gt;Schreibt images/, masks/, manifest.csv, dataset.json, footprints.gpkg (nach Fold symbolisiert) und preview.png.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="57"/>
        <source>Chip size (pixels)</source>
        <translation>Chipgröße (Pixel)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="58"/>
        <source>Stride between chips (pixels)</source>
        <translation>Schrittweite zwischen Chips (Pixel)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="60"/>
        <source>Cross-validation folds</source>
        <translation>Folds der Kreuzvalidierung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="65"/>
        <source>Target resolution in metres (0: the first raster&apos;s)</source>
        <translation>Zielauflösung in Metern (0: die des ersten Rasters)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="66"/>
        <source>Categorical layers, resampled nearest (names or positions, comma-separated)</source>
        <translation>Kategoriale Layer, Resampling mit nächstem Nachbarn (Namen oder Positionen, kommagetrennt)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="67"/>
        <source>Class map: value=class pairs, comma-separated (empty: one class per value)</source>
        <translation>Klassenzuordnung: Paare value=class, kommagetrennt (leer: eine Klasse pro Wert)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="70"/>
        <source>Class name of the second polygon layer</source>
        <translation>Klassenname des zweiten Polygonlayers</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="76"/>
        <source>Minimum class fraction per chip</source>
        <translation>Minimaler Klassenanteil je Chip</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="77"/>
        <source>Class counted by the minimum fraction (empty: any glacier class)</source>
        <translation>Für den Mindestanteil gezählte Klasse (leer: jede Gletscherklasse)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="62"/>
        <source>DEM band for derived features (name or index)</source>
        <translation>DEM-Band für abgeleitete Merkmale (Name oder Index)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="62"/>
        <source>GREEN band for derived features (name or index)</source>
        <translation>Grün-Band für abgeleitete Merkmale (Name oder Index)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="62"/>
        <source>RED band for derived features (name or index)</source>
        <translation>Rot-Band für abgeleitete Merkmale (Name oder Index)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="62"/>
        <source>NIR band for derived features (name or index)</source>
        <translation>NIR-Band für abgeleitete Merkmale (Name oder Index)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/create_dataset.py" line="62"/>
        <source>SWIR band for derived features (name or index)</source>
        <translation>SWIR-Band für abgeleitete Merkmale (Name oder Index)</translation>
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
        <location filename="../glacier_dl_plugin/plugin.py" line="60"/>
        <source>Python environment: {}</source>
        <translation>Python-Umgebung: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="60"/>
        <source>none found</source>
        <translation>keine gefunden</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="65"/>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="74"/>
        <source>All dependencies were found.</source>
        <translation>Alle Abhängigkeiten wurden gefunden.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="75"/>
        <source>Glacier DL {}: deep-learning glacier mapping</source>
        <translation>Glacier DL {}: Gletscherkartierung mit Deep Learning</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="76"/>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="76"/>
        <source>Needed for</source>
        <translation>Benötigt für</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="76"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="132"/>
        <source>About / dependencies…</source>
        <translation>Über / Abhängigkeiten…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="175"/>
        <source>About Glacier DL</source>
        <translation>Über Glacier DL</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="191"/>
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
        <location filename="../glacier_dl_plugin/plugin.py" line="168"/>
        <source>The algorithm {} is not available: see the Glacier DL messages in the log.</source>
        <translation>Der Algorithmus {} ist nicht verfügbar: siehe die Glacier-DL-Meldungen im Protokoll.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="49"/>
        <source>Python packages not found: {}. Prediction and training are unavailable.</source>
        <translation>Python-Pakete nicht gefunden: {}. Vorhersage und Training sind nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="53"/>
        <source>Python packages not found: {}. Training is unavailable; prediction works.</source>
        <translation>Python-Pakete nicht gefunden: {}. Das Training ist nicht verfügbar; die Vorhersage funktioniert.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="62"/>
        <source>prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="62"/>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/plugin.py" line="63"/>
        <source>training (ONNX export)</source>
        <translation>Training (ONNX-Export)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="54"/>
        <source>Make a glacier polygon layer the active layer and select the glaciers to classify.</source>
        <translation>Machen Sie einen Gletscher-Polygonlayer zum aktiven Layer und wählen Sie die zu klassifizierenden Gletscher aus.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="57"/>
        <source>No glaciers are selected in &apos;{}&apos;: select the glaciers to classify first.</source>
        <translation>In „{}“ sind keine Gletscher ausgewählt: Wählen Sie zuerst die zu klassifizierenden Gletscher aus.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="104"/>
        <source>Classifying {} selected glaciers…</source>
        <translation>{} ausgewählte Gletscher werden klassifiziert…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="115"/>
        <source>The selected glaciers were classified.</source>
        <translation>Die ausgewählten Gletscher wurden klassifiziert.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/classify.py" line="117"/>
        <source>Classifying the selected glaciers failed: see the Processing log.</source>
        <translation>Die Klassifizierung der ausgewählten Gletscher ist fehlgeschlagen: siehe das Processing-Protokoll.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="43"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="43"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="43"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="43"/>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="43"/>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="53"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="53"/>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="54"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="54"/>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="55"/>
        <source>interrupted (resumable)</source>
        <translation>unterbrochen (fortsetzbar)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="62"/>
        <source>member {}/{}</source>
        <translation>Mitglied {}/{}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="64"/>
        <source>epoch {}/{}</source>
        <translation>Epoche {}/{}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="76"/>
        <source>Glacier DL jobs</source>
        <translation>Glacier-DL-Aufträge</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="96"/>
        <source>New background job…</source>
        <translation>Neuer Hintergrundauftrag…</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="97"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="99"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="101"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="151"/>
        <source>Dataset: {}</source>
        <translation>Datensatz: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="208"/>
        <source>Training finished: {}</source>
        <translation>Training abgeschlossen: {}</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="33"/>
        <source>New background training job</source>
        <translation>Neuer Trainingsauftrag im Hintergrund</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="44"/>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="45"/>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="46"/>
        <source>Ensemble members</source>
        <translation>Ensemble-Mitglieder</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="47"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/gui/new_job_dialog.py" line="48"/>
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
        <location filename="../glacier_dl_plugin/gui/jobs_dock.py" line="94"/>
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
        <location filename="../glacier_dl_plugin/plugin.py" line="64"/>
        <source>evaluation report</source>
        <translation>Bewertungsbericht</translation>
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
        <location filename="../glacier_dl_plugin/processing/algorithms/base.py" line="97"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/base.py" line="162"/>
        <source>Replace outputs that already exist</source>
        <translation>Bereits vorhandene Ausgaben ersetzen</translation>
    </message>
</context>
<context>
    <name>InferenceAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="17"/>
        <source>Tile size in pixels (0: the model&apos;s chip size)</source>
        <translation>Kachelgröße in Pixeln (0: Chipgröße des Modells)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="18"/>
        <source>Tile overlap (pixels, or percent of the tile)</source>
        <translation>Kachelüberlappung (Pixel oder Prozent der Kachel)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="29"/>
        <source>Overlap unit</source>
        <translation>Einheit der Überlappung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="32"/>
        <source>Tiles per model call</source>
        <translation>Kacheln pro Modellaufruf</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="33"/>
        <source>Blending of overlapping tiles</source>
        <translation>Überblendung überlappender Kacheln</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="34"/>
        <source>Precision (int8: faster on CPUs, quantised on this raster first; fp16: faster on GPUs)</source>
        <translation>Rechengenauigkeit (int8: schneller auf CPUs, zuvor auf diesem Raster quantisiert; fp16: schneller auf GPUs)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="36"/>
        <source>Test-time augmentation (flips, 3x slower)</source>
        <translation>Test-Time-Augmentation (Spiegelungen, 3x langsamer)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="37"/>
        <source>Each glacier only by members that never saw it</source>
        <translation>Jeden Gletscher nur mit Mitgliedern vorhersagen, die ihn nie gesehen haben</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/inference_parameters.py" line="23"/>
        <source>Ignore band names: use the inputs in the given order (no check against training)</source>
        <translation>Bandnamen ignorieren: Eingaben in der angegebenen Reihenfolge verwenden (keine Prüfung gegen das Training)</translation>
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
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="64"/>
        <source>Acquisition date written to the outlines (YYYY-MM-DD or RGI YYYYMMDD, optional)</source>
        <translation>In die Umrisse geschriebenes Aufnahmedatum (YYYY-MM-DD oder RGI-Format YYYYMMDD, optional)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/polygonize.py" line="28"/>
        <source>Draws, for each glacier of the inventory, the predicted outline (mean &gt;= threshold) and the lower and upper bound outlines (mean - k*std &gt;= threshold, mean + k*std &gt;= threshold) from the &lt;b&gt;mean&lt;/b&gt; and &lt;b&gt;std&lt;/b&gt; rasters of 'Predict'. Only each glacier's buffered window of the rasters is read.&lt;br&gt;&lt;b&gt;Threshold&lt;/b&gt; and &lt;b&gt;k&lt;/b&gt;: empty takes them from the model's calibration stored in the mean raster; an uncalibrated raster gets k = 1 and a warning. &lt;b&gt;Buffer&lt;/b&gt; (metres, also on geographic grids): how far an outline may reach beyond the inventory outline. A pixel within the buffers of two glaciers goes to the nearer one (distance from the pixel centre to the nearest pixel of each inventory outline); pixels inside two overlapping inventory outlines go to the smaller glacier. Patches under the &lt;b&gt;minimum area&lt;/b&gt; are dropped; holes are filled on request; &lt;b&gt;simplify&lt;/b&gt; (metres) smooths the written geometry only.&lt;br&gt;Areas (area, area_low, area_high, sigma_area = (area_high - area_low)/2) are in km² on the WGS 84 ellipsoid, measured before simplification. The GeoPackage holds the layers outlines, outlines_low and outlines_high; a glacier without any predicted pixel keeps its row with area 0. &lt;b&gt;coverage&lt;/b&gt; is the share of each inventory outline on valid raster pixels: below 1 (cut by the raster's edge or nodata) the area is that of the covered part, a warning names the glacier and Area change leaves it out of its totals. &lt;b&gt;Date&lt;/b&gt;: YYYY-MM-DD, or RGI's YYYYMMDD with 99 for an unknown day (15th) or month (1 July).</source>
        <translation>Zeichnet für jeden Gletscher des Inventars den vorhergesagten Umriss (mean &gt;= threshold) sowie die Umrisse der unteren und oberen Grenze (mean - k*std &gt;= threshold, mean + k*std &gt;= threshold) aus den Rastern &lt;b&gt;mean&lt;/b&gt; und &lt;b&gt;std&lt;/b&gt; von „Gletscher vorhersagen (Ensemble)“. Von den Rastern wird nur das gepufferte Fenster jedes Gletschers gelesen.&lt;br&gt;&lt;b&gt;Schwellenwert&lt;/b&gt; und &lt;b&gt;k&lt;/b&gt;: Leer werden sie aus der im Mittelwertraster gespeicherten Kalibrierung des Modells übernommen; ein unkalibriertes Raster erhält k = 1 und eine Warnung. &lt;b&gt;Puffer&lt;/b&gt; (Meter, auch bei geographischen Gittern): wie weit ein Umriss über den Inventarumriss hinausreichen darf. Ein Pixel innerhalb der Puffer zweier Gletscher wird dem näheren zugeordnet (Abstand vom Pixelmittelpunkt zum nächsten Pixel jedes Inventarumrisses); Pixel innerhalb zweier sich überlappender Inventarumrisse werden dem kleineren Gletscher zugeordnet. Teilflächen unter der &lt;b&gt;Mindestfläche&lt;/b&gt; werden verworfen; Löcher werden auf Wunsch gefüllt; &lt;b&gt;Vereinfachung&lt;/b&gt; (Meter) glättet nur die geschriebene Geometrie.&lt;br&gt;Flächen (area, area_low, area_high, sigma_area = (area_high - area_low)/2) werden in km² auf dem WGS-84-Ellipsoid angegeben und vor der Vereinfachung gemessen. Das GeoPackage enthält die Layer outlines, outlines_low und outlines_high; ein Gletscher ohne vorhergesagtes Pixel behält seine Zeile mit der Fläche 0. &lt;b&gt;coverage&lt;/b&gt; ist der Anteil jedes Inventarumrisses auf gültigen Rasterpixeln: Liegt er unter 1 (abgeschnitten durch den Rasterrand oder NoData), ist die Fläche die des abgedeckten Teils, eine Warnung nennt den Gletscher, und „Flächenänderung der Gletscher“ lässt ihn bei den Summen weg. &lt;b&gt;Datum&lt;/b&gt;: YYYY-MM-DD oder das RGI-Format YYYYMMDD mit 99 für einen unbekannten Tag (15.) oder Monat (1. Juli).</translation>
    </message>
</context>
<context>
    <name>PredictAlgorithm</name>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="63"/>
        <source>Input rasters (same layers and order as for training)</source>
        <translation>Eingaberaster (dieselben Layer in derselben Reihenfolge wie beim Training)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="65"/>
        <source>Model (folder, ensemble.json or .onnx)</source>
        <translation>Modell (Ordner, ensemble.json oder .onnx)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="86"/>
        <source>Mean probability</source>
        <translation>Mittlere Wahrscheinlichkeit</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="87"/>
        <source>Standard deviation</source>
        <translation>Standardabweichung</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="71"/>
        <source>Extent (empty: whole raster)</source>
        <translation>Ausdehnung (leer: gesamtes Raster)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="73"/>
        <source>Only these glaciers (selected features honoured)</source>
        <translation>Nur diese Gletscher (gewählte Objekte werden berücksichtigt)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="76"/>
        <source>Buffer around the glaciers (metres)</source>
        <translation>Puffer um die Gletscher (Meter)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="81"/>
        <source>Class-map threshold (empty: calibrated or 0.5)</source>
        <translation>Schwellenwert der Klassenkarte (leer: kalibriert oder 0,5)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="80"/>
        <source>Glacier id field (for held-out members)</source>
        <translation>Gletscher-ID-Feld (für Held-out-Mitglieder)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="78"/>
        <source>Class map</source>
        <translation>Klassenkarte</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="90"/>
        <source>Per-member rasters (folder)</source>
        <translation>Raster je Mitglied (Ordner)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="44"/>
        <source>Predict glaciers (ensemble)</source>
        <translation>Gletscher vorhersagen (Ensemble)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/predict.py" line="45"/>
        <source>Runs every member of a trained ensemble over the input rasters with overlapping tiles blended (Hann or Gaussian weights, or centre crops) and writes the &lt;b&gt;mean&lt;/b&gt; probability and the &lt;b&gt;standard deviation&lt;/b&gt; across members (one band per glacier class, 0-1), optionally a &lt;b&gt;class map&lt;/b&gt; and one raster per member. Nodata input gives nodata output; tiles that are entirely nodata are skipped.&lt;br&gt;&lt;b&gt;Area&lt;/b&gt;: the whole raster, an &lt;b&gt;extent&lt;/b&gt; (the outputs are cropped to it), or only the &lt;b&gt;glaciers&lt;/b&gt; (selected features honoured) plus a &lt;b&gt;buffer&lt;/b&gt; in metres: tiles touching no buffered glacier are never computed and pixels outside the buffers are nodata. &lt;b&gt;Held-out members only&lt;/b&gt; predicts each glacier with the members that never saw it in training.&lt;br&gt;&lt;b&gt;Model&lt;/b&gt;: the folder written by &apos;Train ensemble&apos; (or its ensemble.json), or one .onnx file; give the same raster layers as for training: they are matched to the model&apos;s bands by name (reordered when given in another order; names that do not match are an error unless &lt;b&gt;IGNORE_BAND_NAMES&lt;/b&gt;). Calibration temperatures are applied when the model has them.&lt;br&gt;&lt;b&gt;Device&lt;/b&gt;: auto uses CUDA when onnxruntime can and warns when it falls back to the CPU; cuda or cuda:N (typed) without a usable GPU is an error.</source>
        <translation>Führt jedes Mitglied eines trainierten Ensembles mit überlappenden, überblendeten Kacheln (Hann- oder Gauß-Gewichte oder Mittenausschnitte) über die Eingaberaster aus und schreibt die &lt;b&gt;mittlere&lt;/b&gt; Wahrscheinlichkeit und die &lt;b&gt;Standardabweichung&lt;/b&gt; über die Mitglieder (ein Band pro Gletscherklasse, 0-1), optional eine &lt;b&gt;Klassenkarte&lt;/b&gt; und ein Raster pro Mitglied. NoData in der Eingabe ergibt NoData in der Ausgabe; Kacheln, die vollständig NoData sind, werden übersprungen.&lt;br&gt;&lt;b&gt;Gebiet&lt;/b&gt;: das gesamte Raster, eine &lt;b&gt;Ausdehnung&lt;/b&gt; (die Ausgaben werden darauf zugeschnitten) oder nur die &lt;b&gt;Gletscher&lt;/b&gt; (gewählte Objekte werden berücksichtigt) zuzüglich eines &lt;b&gt;Puffers&lt;/b&gt; in Metern: Kacheln, die keinen gepufferten Gletscher berühren, werden nie berechnet, und Pixel außerhalb der Puffer sind NoData. &lt;b&gt;Nur Held-out-Mitglieder&lt;/b&gt; sagt jeden Gletscher mit den Mitgliedern vorher, die ihn im Training nie gesehen haben.&lt;br&gt;&lt;b&gt;Modell&lt;/b&gt;: der von „Ensemble trainieren“ geschriebene Ordner (oder dessen ensemble.json) oder eine einzelne .onnx-Datei; geben Sie dieselben Rasterlayer wie beim Training an: Sie werden über ihre Namen den Bändern des Modells zugeordnet (in anderer Reihenfolge angegeben, werden sie umsortiert; nicht übereinstimmende Namen sind ein Fehler, außer mit &lt;b&gt;IGNORE_BAND_NAMES&lt;/b&gt;). Kalibrierungstemperaturen werden angewendet, wenn das Modell welche besitzt.&lt;br&gt;&lt;b&gt;Gerät&lt;/b&gt;: auto verwendet CUDA, wenn onnxruntime dies unterstützt, und warnt, wenn auf die CPU ausgewichen wird; cuda oder cuda:N (eingegeben) ohne nutzbare GPU ist ein Fehler.</translation>
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
        <location filename="../glacier_dl_plugin/processing/algorithms/terminus.py" line="43"/>
        <source>Reference front lines (optional)</source>
        <translation>Referenz-Frontlinien (optional)</translation>
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
        <translation>Architektur (smp-Name)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Encoder (smp name)</source>
        <translation>Encoder (smp-Name)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="46"/>
        <source>Encoder depth (3-5)</source>
        <translation>Encoder-Tiefe (3-5)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="47"/>
        <source>Seed of the first member</source>
        <translation>Seed des ersten Mitglieds</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="65"/>
        <source>Replace the model folder if it exists</source>
        <translation>Modellordner ersetzen, falls vorhanden</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="67"/>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Class weights (comma-separated, background first; empty: equal)</source>
        <translation>Klassengewichte (kommagetrennt, Hintergrund zuerst; leer: gleich)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="53"/>
        <source>Early stopping patience (epochs, 0: off)</source>
        <translation>Geduld für Early Stopping (Epochen, 0: aus)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="55"/>
        <source>Halve the learning rate after (epochs, 0: never)</source>
        <translation>Lernrate halbieren nach (Epochen, 0: nie)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="56"/>
        <source>Minimum learning rate</source>
        <translation>Minimale Lernrate</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="57"/>
        <source>Find the learning rate automatically</source>
        <translation>Lernrate automatisch bestimmen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="58"/>
        <source>Photometric jitter (0: off)</source>
        <translation>Photometrischer Jitter (0: aus)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="59"/>
        <source>Use the CPU if the GPU is absent</source>
        <translation>CPU verwenden, wenn keine GPU vorhanden ist</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="60"/>
        <source>Mixed precision on GPUs</source>
        <translation>Gemischte Genauigkeit (Mixed Precision) auf GPUs</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="61"/>
        <source>Members trained at once per device</source>
        <translation>Gleichzeitig trainierte Mitglieder je Gerät</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="63"/>
        <source>Resume an interrupted run into the model folder</source>
        <translation>Unterbrochenen Lauf im Modellordner fortsetzen</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="20"/>
        <source>Train ensemble</source>
        <translation>Ensemble trainieren</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="37"/>
        <source>Ensemble members</source>
        <translation>Ensemble-Mitglieder</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="38"/>
        <source>Epochs (at most; early stopping may end sooner)</source>
        <translation>Epochen (höchstens; Early Stopping kann früher beenden)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="39"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="50"/>
        <source>Loss (auto: CE+Dice, or MSE for regression)</source>
        <translation>Verlustfunktion (auto: CE+Dice oder MSE bei Regression)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="54"/>
        <source>Early stopping criterion</source>
        <translation>Kriterium für Early Stopping</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="21"/>
        <source>Trains an ensemble of segmentation models (segmentation-models-pytorch) on a dataset folder made by &apos;Create training dataset&apos;. Member i uses seed SEED+i and holds out fold i (mod the number of folds) as its test fold, standardising inputs with the statistics of its training folds only.&lt;br&gt;Each member is exported to ONNX with its metadata (bands, normalisation, classes, chip size) embedded, and checked against torch. The model folder holds ensemble.json, the ONNX files, checkpoints, training histories, loss curves, per-class and per-glacier metrics, report.md and train.log. Each member stops early when the validation criterion stops improving (PATIENCE); regression datasets (e.g. ice thickness) train with MSE/L1. RESUME continues an interrupted run.&lt;br&gt;Training runs in its own Python process (the environment set up by &lt;i&gt;make setup&lt;/i&gt;, or the one named by GLACIER_DL_VENV); cancelling stops it and removes the partial model folder.</source>
        <translation>Trainiert ein Ensemble von Segmentierungsmodellen (segmentation-models-pytorch) auf einem mit „Trainingsdatensatz erstellen“ erzeugten Datensatzordner. Mitglied i verwendet den Seed SEED+i und hält Fold i (modulo der Anzahl der Folds) als Test-Fold zurück; seine Eingaben werden nur mit den Statistiken seiner Trainings-Folds standardisiert.&lt;br&gt;Jedes Mitglied wird mit eingebetteten Metadaten (Bänder, Normalisierung, Klassen, Chipgröße) nach ONNX exportiert und gegen torch geprüft. Der Modellordner enthält ensemble.json, die ONNX-Dateien, Checkpoints, Trainingsverläufe, Verlustkurven, Metriken je Klasse und je Gletscher, report.md und train.log. Jedes Mitglied stoppt vorzeitig, wenn sich das Validierungskriterium nicht mehr verbessert (PATIENCE); Regressionsdatensätze (z. B. Eisdicke) werden mit MSE/L1 trainiert. RESUME setzt einen unterbrochenen Lauf fort.&lt;br&gt;Das Training läuft in einem eigenen Python-Prozess (in der mit &lt;i&gt;make setup&lt;/i&gt; eingerichteten Umgebung oder der durch GLACIER_DL_VENV angegebenen); Abbrechen beendet ihn und entfernt den unvollständigen Modellordner.</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="42"/>
        <source>Encoder weights (local state-dict file; empty: random)</source>
        <translation>Encoder-Gewichte (lokale State-Dict-Datei; leer: zufällig)</translation>
    </message>
    <message>
        <location filename="../glacier_dl_plugin/processing/algorithms/train_ensemble.py" line="62"/>
        <source>Chip-reading processes per member (0: none)</source>
        <translation>Prozesse zum Einlesen der Chips je Mitglied (0: keine)</translation>
    </message>
</context>
</TS>
