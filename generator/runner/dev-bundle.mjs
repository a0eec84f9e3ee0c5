// Fast start for the CLI. Running the TypeScript sources through tsx costs every process
// (and every generate-all worker thread) about 1 s of CPU and 90 MB of memory: tsx's loader
// hooks run in an extra thread and transpile module by module (profiled: node --cpu-prof,
// `compileSourceTextModule` and the hooks' `waitForWorker`). So the CLI and the worker entry
// are bundled with esbuild into plain ES modules under .cache/generator-bundle/, rebuilt
// whenever any bundled source changes (a manifest lists every input with its sha256), and
// imported from there. Behaviour is the same: `import.meta.url` keeps naming each source
// file, dependencies stay in node_modules, stack traces map back to the .ts files.
// Without esbuild, with an unwritable .cache, or with K8S_OPENAPI_TS_NO_BUNDLE=1, the CLI
// runs through tsx as before.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { NODE_ESM_BUNDLE } from "./esbuild-options.mjs";

const RUNNER = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(dirname(RUNNER));
const ROOT = join(REPO, ".cache/generator-bundle");
const LATEST = join(ROOT, "latest.json");
const ENTRIES = { cli: join(RUNNER, "cli.ts"), "generate-worker": join(RUNNER, "generate-worker.ts") };

/** Set on globalThis when running from a bundle: its folder (generate-all starts its workers from there). */
export const BUNDLE_GLOBAL = "__k8sOpenapiTsBundleDir";
export const NO_BUNDLE_ENV = "K8S_OPENAPI_TS_NO_BUNDLE";

const sha = (data) => createHash("sha256").update(data).digest("hex");

/** The bundle folder when `latest.json` names one whose inputs are all unchanged. */
function freshBundle() {
  let latest;
  try {
    latest = JSON.parse(readFileSync(LATEST, "utf8"));
  } catch {
    return undefined;
  }
  const dir = join(ROOT, String(latest.dir));
  if (!latest.inputs || !existsSync(join(dir, "cli.mjs"))) return undefined;
  for (const [file, hash] of Object.entries(latest.inputs)) {
    try {
      if (sha(readFileSync(join(REPO, file))) !== hash) return undefined;
    } catch {
      return undefined;
    }
  }
  return dir;
}

/** Keeps `import.meta.url` (and dirname/filename) naming the original source file. */
const keepImportMeta = {
  name: "keep-import-meta",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const contents = text
        .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
        .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)))
        .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path));
      return { contents, loader: "ts" };
    });
  },
};

async function build() {
  const esbuild = await import("esbuild");
  mkdirSync(ROOT, { recursive: true });
  const temp = join(ROOT, `.build-${process.pid}-${Date.now()}`);
  const result = await esbuild.build({
    entryPoints: ENTRIES,
    outdir: temp,
    ...NODE_ESM_BUNDLE,
    sourcemap: "linked",
    metafile: true,
    logLevel: "silent",
    plugins: [keepImportMeta],
  });
  const inputs = {};
  // The sources, and the options they were bundled with (a change to those rebuilds too).
  for (const file of [...Object.keys(result.metafile.inputs), join(RUNNER, "esbuild-options.mjs")].sort()) {
    const absolute = resolve(file);
    inputs[relative(REPO, absolute)] = sha(readFileSync(absolute));
  }
  const name = sha(JSON.stringify(inputs)).slice(0, 16);
  const dir = join(ROOT, name);
  if (existsSync(join(dir, "cli.mjs"))) rmSync(temp, { recursive: true, force: true });
  else {
    try {
      renameSync(temp, dir);
    } catch {
      rmSync(temp, { recursive: true, force: true }); // another process put the same bundle in place
    }
  }
  const latestTemp = `${LATEST}.${process.pid}.tmp`;
  writeFileSync(latestTemp, JSON.stringify({ dir: name, inputs }));
  renameSync(latestTemp, LATEST);
  prune(name);
  return dir;
}

/** Keeps the newest few bundles (a concurrent process may still be loading an older one). */
function prune(keep) {
  const dirs = readdirSync(ROOT)
    .filter((d) => d !== keep && !d.endsWith(".json") && !d.endsWith(".tmp"))
    .map((d) => ({ d, t: statSync(join(ROOT, d)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { d, t } of dirs.slice(3)) if (Date.now() - t > 600_000) rmSync(join(ROOT, d), { recursive: true, force: true });
}

/** Imports an entry ("cli" or "generate-worker") from a fresh bundle, or through tsx. */
export async function importEntry(entry) {
  if (!process.env[NO_BUNDLE_ENV]) {
    try {
      const dir = freshBundle() ?? (await build());
      globalThis[BUNDLE_GLOBAL] = dir;
      const module = await import(pathToFileURL(join(dir, `${entry}.mjs`)).href);
      process.setSourceMapsEnabled?.(true);
      return module;
    } catch {
      delete globalThis[BUNDLE_GLOBAL];
      // no esbuild, an unwritable .cache, or a source that does not compile: tsx reports it
    }
  }
  const { register } = await import("tsx/esm/api");
  register();
  return import(pathToFileURL(ENTRIES[entry]).href);
}
