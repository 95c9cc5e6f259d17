// Render ECharts options to SVG on the server (ECharts SSR: no browser, no canvas).
// stdin: a JSON list of {option, width, height, maps?: {name: path to a GeoJSON or UTF8Encoding file}};
// stdout: a JSON list of SVG strings, in the same order. Fonts are named in the options; the SVG is
// turned into PDF by WeasyPrint and into PNG by cairosvg, which find them through fontconfig.
import { readFileSync } from "node:fs";
import * as echarts from "echarts";

const charts = JSON.parse(readFileSync(0, "utf8"));
const registered = new Set();
const svgs = charts.map(({ option, width, height, maps }) => {
  for (const [name, path] of Object.entries(maps || {})) {
    if (!registered.has(name)) {
      echarts.registerMap(name, JSON.parse(readFileSync(path, "utf8")));
      registered.add(name);
    }
  }
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  chart.setOption({ animation: false, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
});
process.stdout.write(JSON.stringify(svgs));
