<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent><statAccuracy>Estimated</statAccuracy><cumulativeCutLower>0.02</cumulativeCutLower><cumulativeCutUpper>0.98</cumulativeCutUpper><stdDevFactor>2</stdDevFactor></minMaxOrigin>
      <colorPalette>
        <paletteEntry value="0" alpha="0" label="background" color="#ffffff"/>
        <paletteEntry value="1" alpha="255" label="class 1 (glacier)" color="#2b8cbe"/>
        <paletteEntry value="2" alpha="255" label="class 2" color="#8c510a"/>
        <paletteEntry value="3" alpha="255" label="class 3" color="#7fbc41"/>
        <paletteEntry value="4" alpha="255" label="class 4" color="#de77ae"/>
        <paletteEntry value="5" alpha="255" label="class 5" color="#fdae61"/>
      </colorPalette>
      <colorramp type="randomcolors" name="[source]"/>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
