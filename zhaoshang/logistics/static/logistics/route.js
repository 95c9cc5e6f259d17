// The routes' map: lines over longitude and latitude, drawn from the map-data json_script tag (no inline
// script: the Content-Security-Policy forbids it).
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("route-map"), source = document.getElementById("map-data");
  if (!window.echarts || !holder || !source) return;
  var data = JSON.parse(source.textContent);
  var colours = {road: "#c33", rail: "#36c", inland_waterway: "#0a6", sea: "#086"};
  var lines = data.lines.map(function (l) { return {coords: l.coords, name: "路线 " + l.route, lineStyle: {color: colours[l.mode], width: 2 + (l.route === 1 ? 1 : 0)}}; });
  echarts.init(holder).setOption({
    tooltip: {}, xAxis: {type: "value", scale: true, name: "经度"}, yAxis: {type: "value", scale: true, name: "纬度"},
    series: [
      {type: "scatter", data: data.points, symbolSize: 8, label: {show: true, formatter: "{b}", position: "right", fontSize: 10}},
      {type: "lines", coordinateSystem: "cartesian2d", polyline: false, data: lines, effect: {show: false}}
    ]
  });
});
