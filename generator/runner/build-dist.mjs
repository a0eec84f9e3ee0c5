// Builds what the published `k8s-openapi-ts` package runs: dist/ (npm's `prepack` runs this).
//   dist/cli.mjs, dist/generate-worker.mjs, dist/index.mjs  plain ES modules bundled by esbuild
//                                                           from the sources (shared code in
//                                                           chunks, dependencies left to
//                                                           node_modules), so no TypeScript,
//                                                           tsx or esbuild at run time;
//   dist/types/generator/index.d.ts                          the declarations of the programmatic
//                                                           API (index.d.ts and what it imports).
// Files read at run time (templates, the stable declarations, the pins) ship at their
// repository paths (package.json `files`), found from the package root (package-root.ts).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { NODE_ESM_BUNDLE } from "./esbuild-options.mjs";

const RUNNER = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(dirname(RUNNER));
const DIST = join(ROOT, "dist");
const STAGE = join(ROOT, `.dist-${process.pid}`);

rmSync(STAGE, { recursive: true, force: true });
// A failed build leaves no staging folder behind, and dist/ as it was.
process.on("exit", (code) => code !== 0 && rmSync(STAGE, { recursive: true, force: true }));
await esbuild.build({
  entryPoints: {
    cli: join(RUNNER, "cli.ts"),
    "generate-worker": join(RUNNER, "generate-worker.ts"),
    index: join(ROOT, "generator/index.ts"),
  },
  outdir: STAGE,
  ...NODE_ESM_BUNDLE,
  chunkNames: "[name]-[hash]", // beside the entries: generate-all finds ./generate-worker.mjs from its chunk
  legalComments: "none",
  logLevel: "warning",
});

// Declarations: tsc emits them for every module index.ts reaches; only index.d.ts and the
// declaration files it imports ship.
const types = join(STAGE, "types-all");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc"); // also from a copy inside the repository
const options = ["--declaration", "--emitDeclarationOnly", "--strict", "--skipLibCheck", "--module", "nodenext", "--target", "es2022", "--types", "node", "--rootDir", ROOT, "--outDir", types];
execFileSync(process.execPath, [tsc, ...options, join(ROOT, "generator/index.ts")], { stdio: "inherit" });
copyReachable(types, "generator/index.d.ts", join(STAGE, "types"));
rmSync(types, { recursive: true, force: true });

rmSync(DIST, { recursive: true, force: true });
renameSync(STAGE, DIST);
console.log(`build-dist: ${relative(process.cwd(), DIST) || "."} (${count(DIST)} files)`);

/** Copies `entry` and every declaration file it imports, transitively, from `from` to `to`. */
function copyReachable(from, entry, to) {
  const queue = [entry];
  const seen = new Set();
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(from, file), "utf8");
    mkdirSync(dirname(join(to, file)), { recursive: true });
    writeFileSync(join(to, file), text);
    for (const [, spec] of text.matchAll(/from\s+"(\.{1,2}\/[^"]+)\.js"/g)) {
      const next = relative(from, resolve(from, dirname(file), `${spec}.d.ts`));
      if (!existsSync(join(from, next))) throw new Error(`build-dist: ${file} imports ${spec}.js, which has no declarations`);
      queue.push(next);
    }
  }
}

function count(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}
