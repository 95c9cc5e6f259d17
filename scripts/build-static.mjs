// Copy the front-end libraries we serve from node_modules into the Django static folder.
import { copyFileSync, mkdirSync } from "node:fs";

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
