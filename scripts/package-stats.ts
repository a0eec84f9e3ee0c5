// Prints, per generated package, the figures a reviewer asks for: definitions in the spec,
// emitted types, resource kinds by scope, listable kinds. Reads the generated packages
// (and the pinned spec where the generator finds it locally, for the definition count).
//   npx tsx scripts/package-stats.ts [folder, default generated-types]
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { findPin, readLocalSpec } from "../generator/load/pinned-specs.js";

const root = resolve(process.argv[2] ?? "generated-types");

function countTypes(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) n += countTypes(path);
    else if (entry === "index.d.ts" && dir !== root) n += (readFileSync(path, "utf8").match(/^export (interface|type) /gm) ?? []).length;
  }
  return n;
}

console.log("| version | definitions | emitted types | resource kinds | namespaced | cluster | subresource | listable |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const name of readdirSync(root).filter((n) => /^v\d+\.\d+$/.test(n)).sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]))) {
  const dir = join(root, name);
  const resources = JSON.parse(readFileSync(join(dir, "resources.json"), "utf8")) as { scope: string; listKind: string | null }[];
  const local = readLocalSpec(findPin(name));
  const spec = "bytes" in local ? (JSON.parse(local.bytes.toString("utf8")) as { definitions: object }) : undefined;
  const by = (scope: string) => resources.filter((r) => r.scope === scope).length;
  const types = countTypes(dir);
  console.log(
    `| ${name} | ${spec ? Object.keys(spec.definitions).length : "?"} | ${types} | ${resources.length} | ${by("namespaced")} | ${by("cluster")} | ${by("subresource")} | ${resources.filter((r) => r.listKind).length} |`,
  );
}
