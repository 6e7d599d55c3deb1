// Prints the licence of every package bundled into graph-libs.min.js (read from node_modules after npm ci).
import { readFileSync, readdirSync } from "node:fs";

const lock = JSON.parse(readFileSync(new URL("package-lock.json", import.meta.url)));
const out = [];
for (const [path, meta] of Object.entries(lock.packages)) {
  if (!path || meta.dev || meta.peer) continue;  // peer: graphology-types, TypeScript types only
  const dir = new URL(path + "/", import.meta.url);
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  if (!file) throw new Error(`no licence file in ${path}`);
  const name = path.replace(/^.*node_modules\//, "");
  out.push(`${name} ${meta.version} (${meta.license})\n\n${readFileSync(new URL(file, dir), "utf8").trim()}\n`);
}
process.stdout.write(
  "Third-party software in the graph libraries of kgbuild view pages (graph-libs.min.js).\n\n" +
  out.join("\n" + "-".repeat(72) + "\n\n"));
