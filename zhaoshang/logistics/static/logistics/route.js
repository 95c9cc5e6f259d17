// The routes' map, drawn from the map-data json_script tag (no inline script: the Content-Security-Policy
// forbids it). Over the cockpit's offline outlines of the Yangtze River Delta's cities (vendor/maps/yrd.json,
// written by scripts/build-static.mjs) when the file is there; otherwise over longitude and latitude axes.
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("route-map"), source = document.getElementById("map-data");
  if (!window.echarts || !holder || !source) return;
  var data = JSON.parse(source.textContent);
  var colours = {road: "#c33", rail: "#36c", inland_waterway: "#0a6", sea: "#086"};
  var lines = data.lines.map(function (l) {
    return {coords: l.coords, name: "路线 " + l.route, lineStyle: {color: colours[l.mode], width: 2 + (l.route === 1 ? 1 : 0)}};
  });
  var label = {show: true, formatter: "{b}", position: "right", fontSize: 10};
  var note = document.getElementById("route-map-note");

  function bounds() {  // the nodes' box with a margin, so the map opens on the network, not the whole region
    var lons = data.points.map(function (p) { return p.value[0]; }), lats = data.points.map(function (p) { return p.value[1]; });
    var pad = 0.25;
    return [[Math.min.apply(null, lons) - pad, Math.max.apply(null, lats) + pad],
            [Math.max.apply(null, lons) + pad, Math.min.apply(null, lats) - pad]];
  }

  function onAxes() {
    if (note) note.hidden = true;
    echarts.init(holder).setOption({
      tooltip: {}, xAxis: {type: "value", scale: true, name: "经度"}, yAxis: {type: "value", scale: true, name: "纬度"},
      series: [
        {type: "scatter", data: data.points, symbolSize: 8, label: label},
        {type: "lines", coordinateSystem: "cartesian2d", polyline: false, data: lines, effect: {show: false}}
      ]
    });
  }

  function onOutlines() {
    holder.dataset.map = "outlines";
    echarts.init(holder).setOption({
      tooltip: {},
      geo: {map: "yrd", roam: true, boundingCoords: bounds(), label: {show: false},
            itemStyle: {areaColor: "#f1f4f8", borderColor: "#9aa7b8", borderWidth: 0.6},
            emphasis: {disabled: true}},
      series: [
        {type: "scatter", coordinateSystem: "geo", data: data.points, symbolSize: 8, label: label, zlevel: 2},
        {type: "lines", coordinateSystem: "geo", polyline: false, data: lines, effect: {show: false}, zlevel: 1}
      ]
    });
  }

  var url = holder.dataset.outline;
  if (!url || !window.fetch) { onAxes(); return; }
  fetch(url, {credentials: "same-origin"}).then(function (response) {
    if (!response.ok) throw new Error("no outlines");
    return response.json();
  }).then(function (json) {
    if (!echarts.getMap("yrd")) echarts.registerMap("yrd", json);
    onOutlines();
  }).catch(onAxes);
});
