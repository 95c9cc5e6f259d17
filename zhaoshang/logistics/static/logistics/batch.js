// The batch's modal split as an ECharts Sankey (origins → modes → destinations, in tonne-km), drawn from the
// sankey-data json_script tag: the Content-Security-Policy forbids inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("sankey"), source = document.getElementById("sankey-data");
  if (!window.echarts || !holder || !source) return;
  var data = JSON.parse(source.textContent);
  var colours = {"公路": "#c33", "铁路": "#36c", "内河": "#0a6", "海运": "#086"};
  var nodes = data.nodes.map(function (n) {
    return colours[n.name] ? {name: n.name, itemStyle: {color: colours[n.name]}} : n;
  });
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: {trigger: "item", formatter: function (p) {
      var v = Math.round(p.value).toLocaleString("zh-CN") + " 吨公里";
      return p.dataType === "edge" ? p.data.source + " → " + p.data.target + "：" + v : p.name + "：" + v;
    }},
    series: [{type: "sankey", data: nodes, links: data.links, nodeAlign: "justify", left: 8, right: 150,
              emphasis: {focus: "adjacency"}, lineStyle: {color: "gradient", opacity: 0.45},
              label: {fontSize: 11}}]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
