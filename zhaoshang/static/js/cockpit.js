// The cockpit's two charts, drawn from the data the page carries in its #chart-data JSON tag (no inline
// script, so the Content-Security-Policy can forbid them).
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) return;
  const data = JSON.parse(JSON.parse(document.getElementById("chart-data").textContent));
  echarts.init(document.getElementById("funnel")).setOption({
    title: {text: "项目阶段漏斗（累计到达）", textStyle: {fontSize: 14}},
    tooltip: {trigger: "item"},
    series: [{type: "funnel", sort: "none", top: 40, bottom: 10, label: {formatter: "{b}：{c}"}, data: data.funnel}]
  });
  echarts.init(document.getElementById("cities")).setOption({
    title: {text: "签约亿元以上项目来源城市", textStyle: {fontSize: 14}},
    tooltip: {}, grid: {left: 70, top: 40, right: 20, bottom: 20},
    xAxis: {type: "value", minInterval: 1},
    yAxis: {type: "category", inverse: true, data: data.cities.map(c => c[0])},
    series: [{type: "bar", data: data.cities.map(c => c[1]), itemStyle: {color: "#c0392b"}}]
  });
});
