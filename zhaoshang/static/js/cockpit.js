// The cockpit's charts, drawn from the data the panel carries in its #chart-data JSON tag (no inline script,
// so the Content-Security-Policy can forbid them). When a filter swaps the panel in through htmx, the charts
// are drawn again from the new data. Every chart saves itself as a PNG from its toolbox.
(function () {
  "use strict";
  const charts = [];
  const outlines = {};
  let generation = 0;  // a map drawn after its outline loaded belongs to the panel that asked for it
  const RED = "#c0392b", BLUE = "#1d5fa8", GOLD = "#f5b041";

  function isDark(root) { return root.dataset.theme === "dark"; }

  function chart(root, id) {
    const element = document.getElementById(id);
    if (!element) return null;
    const made = echarts.init(element, isDark(root) ? "dark" : null);
    charts.push(made);
    return made;
  }

  function base(root, text, subtext) {
    return {
      backgroundColor: isDark(root) ? "transparent" : "#fff",
      title: {text: text, subtext: subtext || "", textStyle: {fontSize: 14}, subtextStyle: {fontSize: 11}},
      toolbox: {right: 6, top: 0, feature: {saveAsImage: {title: "导出 PNG", pixelRatio: 2, name: text}}},
      tooltip: {},
    };
  }

  function outline(name, url) {
    if (!outlines[name]) {
      outlines[name] = fetch(url, {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) throw new Error("地图边界文件 " + url + " 未能加载");
        return response.json();
      }).then(function (json) { echarts.registerMap(name, json); });
    }
    return outlines[name];
  }

  function sizeOf(max) {
    return function (value) { return 6 + 22 * Math.sqrt((value[2] || 0) / (max || 1)); };
  }

  function drawMap(root, id, mapName, url, cities, zone, text, source) {
    const element = document.getElementById(id);
    if (!element || !zone) return;
    const asked = generation;
    outline(mapName, url).then(function () {
      if (asked !== generation) return;
      const map = chart(root, id);
      if (!map) return;
      const max = Math.max.apply(null, cities.map(function (c) { return c.value[2]; }).concat([1]));
      const option = base(root, text, "示意图 · 点的大小表示签约总投资（亿元）");
      option.tooltip = {formatter: function (p) {
        if (p.seriesType === "lines") return "";
        const d = p.data || {};
        return d.count ? d.name + "：签约 " + d.count + " 个，总投资 " + d.value[2] + " 亿元" : p.name;
      }};
      option.geo = {map: mapName, roam: false, top: 56, bottom: 40, label: {show: false},
        itemStyle: {areaColor: isDark(root) ? "#17324d" : "#eef2f6", borderColor: isDark(root) ? "#4a79a5" : "#9aabbd"},
        emphasis: {label: {show: false}, itemStyle: {areaColor: isDark(root) ? "#22496e" : "#dce6f0"}}};
      // Written into the chart too, so an exported PNG still says what the map is and where its lines come from.
      option.graphic = [{type: "text", left: 8, bottom: 4, style: {text: source, fontSize: 10,
        fill: isDark(root) ? "#8aa0b6" : "#6b7785", width: element.clientWidth - 16, overflow: "truncate"}}];
      option.series = [
        {type: "lines", coordinateSystem: "geo", zlevel: 1,
          effect: {show: true, period: 5, trailLength: 0.3, symbol: "arrow", symbolSize: 5, color: GOLD},
          lineStyle: {color: GOLD, width: 1, opacity: 0.5, curveness: 0.25},
          data: cities.map(function (c) { return {coords: [c.value.slice(0, 2), zone.value]}; })},
        {type: "effectScatter", coordinateSystem: "geo", zlevel: 2, rippleEffect: {brushType: "stroke"},
          symbolSize: sizeOf(max), itemStyle: {color: RED},
          label: {show: true, position: "right", formatter: "{b}", fontSize: 11}, data: cities},
        {type: "scatter", coordinateSystem: "geo", zlevel: 3, symbol: "pin", symbolSize: 30,
          itemStyle: {color: BLUE}, label: {show: true, position: "bottom", formatter: "{b}", fontWeight: "bold"},
          data: [zone]},
      ];
      map.setOption(option);
    }).catch(function (error) {
      element.textContent = error.message;
    });
  }

  function drawFunnel(root, data) {
    const funnel = chart(root, "funnel");
    if (!funnel) return;
    const option = base(root, "项目阶段漏斗（累计到达）");
    option.tooltip = {trigger: "item"};
    option.series = [{type: "funnel", sort: "none", top: 40, bottom: 10, label: {formatter: "{b}：{c}"}, data: data}];
    funnel.setOption(option);
  }

  function drawMonthly(root, monthly) {
    const bars = chart(root, "monthly");
    if (!bars) return;
    const option = base(root, "月度签约总投资（亿元）", monthly.year + " 年与 " + (monthly.year - 1) + " 年同月");
    option.tooltip = {trigger: "axis"};
    option.legend = {bottom: 0, data: [monthly.year + "年", (monthly.year - 1) + "年"]};
    option.grid = {left: 50, right: 16, top: 72, bottom: 52};
    option.xAxis = {type: "category", data: monthly.labels};
    option.yAxis = {type: "value", name: "亿元"};
    option.series = [
      {name: monthly.year + "年", type: "bar", data: monthly.this, itemStyle: {color: RED}},
      {name: (monthly.year - 1) + "年", type: "line", data: monthly.last, itemStyle: {color: BLUE}, lineStyle: {type: "dashed"}},
    ];
    bars.setOption(option);
  }

  function drawBars(root, id, text, items, color, subtext) {
    const bars = chart(root, id);
    if (!bars) return;
    const option = base(root, text, subtext);
    option.grid = {left: 110, right: 24, top: subtext ? 56 : 40, bottom: 20};
    option.xAxis = {type: "value", minInterval: 1};
    option.yAxis = {type: "category", inverse: true, data: items.map(function (i) { return i[0]; }),
      axisLabel: {width: 100, overflow: "truncate"}};
    option.series = [{type: "bar", data: items.map(function (i) { return i[1]; }), itemStyle: {color: color},
      label: {show: true, position: "right"}}];
    bars.setOption(option);
  }

  // Chains in the inner ring, their segments outside it: projects by chain and segment at a glance.
  function drawSunburst(root, chains) {
    const sun = chart(root, "chains");
    if (!sun) return;
    const option = base(root, chains.title, "内环：产业链；外环：环节（签约项目数）");
    option.tooltip = {formatter: function (p) { return p.name + "：" + p.value + " 个"; }};
    option.series = [{type: "sunburst", radius: ["10%", "70%"], center: ["50%", "60%"], data: chains.tree,
      sort: null, label: {rotate: "radial", fontSize: 10, minAngle: 12, overflow: "truncate", width: 70},
      levels: [{}, {r0: "10%", r: "38%", label: {rotate: 0, fontSize: 11}}, {r0: "38%", r: "70%"}]}];
    sun.setOption(option);
  }

  function drawSeries(root, series) {
    series.forEach(function (s) {
      const line = chart(root, "series-" + s.key);
      if (!line) return;
      const ratio = s.unit === "ratio";
      const option = base(root, s.name + (s.cumulative ? "（累计）" : ""), s.target !== null ?
        "年度目标 " + (ratio ? (s.target * 100).toFixed(0) + "%" : s.target) + (s.behind ? " · 落后于计划" : "") : "");
      option.tooltip = {trigger: "axis"};
      option.grid = {left: 56, right: 16, top: 64, bottom: 28};
      option.xAxis = {type: "category", data: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"]};
      option.yAxis = {type: "value", axisLabel: ratio ? {formatter: function (v) { return (v * 100).toFixed(0) + "%"; }} : {}};
      option.series = [{name: "实际", type: "line", data: s.values, connectNulls: true, itemStyle: {color: s.behind ? RED : BLUE}}];
      if (s.plan) option.series.push({name: "计划", type: "line", data: s.plan, symbol: "none",
        lineStyle: {type: "dashed", color: GOLD}, itemStyle: {color: GOLD}});
      line.setOption(option);
    });
  }

  function draw(root) {
    generation += 1;
    charts.splice(0).forEach(function (c) { c.dispose(); });
    const tag = root.querySelector("#chart-data");
    if (!tag || !window.echarts) return;
    const data = JSON.parse(tag.textContent);
    const yrd = data.map.cities.filter(function (c) { return c.yrd; });
    const outside = data.map.cities.filter(function (c) { return !c.yrd; });
    drawMap(root, "map-yrd", "yrd", root.dataset.outlineYrd, yrd, data.map.zone, "长三角来源城市与流向", data.map.source);
    drawMap(root, "map-china", "china", root.dataset.outlineChina, outside, data.map.zone, "长三角以外的来源城市", data.map.source);
    drawFunnel(root, data.funnel);
    drawMonthly(root, data.monthly);
    drawSunburst(root, data.chains);
    drawBars(root, "enclave", "飞地入驻", data.talent.enclave.map(function (e) { return [e.name, e.value]; }), RED);
    drawBars(root, "graduates", "新引进大学生来源城市（人）", data.talent.graduates, BLUE);
    drawSeries(root, data.indicators);
  }

  function panel() { return document.getElementById("cockpit-panel"); }

  document.addEventListener("DOMContentLoaded", function () {
    if (!panel()) return;
    draw(panel());
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target.id === "cockpit-panel") draw(event.detail.target);
    });
    // Back and forward restore the page from htmx's history: its canvases are pictures of dead charts.
    document.body.addEventListener("htmx:historyRestore", function () { if (panel()) draw(panel()); });
    let pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
    });
  });
})();
