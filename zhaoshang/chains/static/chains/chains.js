// The chain map: segments in three columns (上游, 中游, 下游; three bands on a narrow screen), coloured by
// local strength, with arrows for supply links. Data comes from the page's #chain-data JSON tag (no inline
// script, so the Content-Security-Policy can forbid them). A click opens the segment's page.
document.addEventListener("DOMContentLoaded", function () {
  const box = document.getElementById("chain-chart");
  const tag = document.getElementById("chain-data");
  if (!window.echarts || !box || !tag) return;
  const data = JSON.parse(tag.textContent);
  const colours = {strong: "#1e8449", weak: "#f0b429", none: "#c8ccd2"};
  const gapBorder = {"补链": "#c0392b", "强链": "#b9770e", "延链": "#2471a3"};
  const chart = echarts.init(box);

  function layout(narrow) {
    const nodes = [];
    const place = {};
    data.positions.forEach(function (position, column) {
      const members = data.nodes.filter(n => n.position === position[0]);
      if (narrow) {
        // A band per position, two segments a row; the band's header above it.
        const top = data.positions.slice(0, column).reduce(function (y, p) {
          return y + Math.ceil(data.nodes.filter(n => n.position === p[0]).length / 2) + 1.6;
        }, 0);
        nodes.push(header(position[1], 0.5, top));
        members.forEach(function (n, i) { place[n.key] = [i % 2, top + 1 + Math.floor(i / 2)]; });
      } else {
        nodes.push(header(position[1], column * 2.2, -1));
        members.forEach(function (n, i) { place[n.key] = [column * 2.2 + (n.depth ? 0.35 : 0), i]; });
      }
      members.forEach(function (n) { nodes.push(segment(n, place[n.key], narrow)); });
    });
    return nodes;
  }

  function header(text, x, y) {
    return {name: "__" + text, x: x * 100, y: y * 40, symbolSize: 1, silent: true,
            itemStyle: {color: "transparent"}, tooltip: {show: false},
            label: {show: true, formatter: text, fontWeight: "bold", fontSize: 14, color: "#333"}};
  }

  function segment(n, at, narrow) {
    return {
      name: n.key, x: at[0] * 100, y: at[1] * 40, value: n,
      symbol: "roundRect", symbolSize: narrow ? [150, 28] : [170, 28],
      itemStyle: {color: colours[n.strength], borderColor: gapBorder[n.gap] || "#fff", borderWidth: n.gap ? 2 : 1},
      label: {show: true, formatter: (n.depth ? "· " : "") + shorten(n.name, narrow ? 10 : 12), fontSize: 12,
              color: n.strength === "strong" ? "#fff" : "#222"}
    };
  }

  function shorten(text, size) { return text.length > size ? text.slice(0, size - 1) + "…" : text; }

  function draw() {
    const narrow = box.clientWidth < 640;
    const nodes = layout(narrow);
    const links = data.links.map(l => ({source: l[0], target: l[1]}));
    data.nodes.filter(n => n.parent).forEach(function (n) {
      links.push({source: n.parent, target: n.key, lineStyle: {type: "dashed"}, symbol: ["none", "none"]});
    });
    chart.setOption({
      animation: false,  // a map, not a show: drawn at once, so a screenshot or a print has it whole
      tooltip: {formatter: function (p) {
        if (p.dataType !== "node" || !p.data.value) return "";
        const n = p.data.value;
        return n.name + "<br>强弱：" + n.strength_label + (n.gap ? "（" + n.gap + "）" : "") +
          "<br>本地企业 " + n.firms + " 家 · 项目 " + n.projects + " 个" + (n.amount ? "<br>签约投资 " + n.amount : "");
      }},
      series: [{
        type: "graph", layout: "none", data: nodes, links: links, roam: false, nodeScaleRatio: 0,
        left: narrow ? 80 : 90, right: narrow ? 80 : 90, top: 30, bottom: 20,
        edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
        lineStyle: {color: "#7f8c8d", opacity: 0.35, curveness: 0.15},
        emphasis: {focus: "adjacency", lineStyle: {opacity: 0.9, width: 2}}
      }]
    }, true);
  }

  chart.on("click", function (p) {
    if (p.dataType === "node" && p.data.value && p.data.value.url) window.location.href = p.data.value.url;
  });
  draw();
  window.addEventListener("resize", function () { chart.resize(); draw(); });
});
