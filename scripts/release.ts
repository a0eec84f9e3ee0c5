// One release command for every package this repository publishes (issue 12, item 3):
//
//   npm run release -- --dry-run      pack, check, install, `npm publish --dry-run` each; publish nothing
//   npm run release                   the same, then `npm publish --provenance` (GitHub Actions only: release.yml)
//
// Packages, in publishing order: @k8s-openapi-ts/stable (generated-types/stable), one
// @k8s-openapi-ts/k8s-1.XX per pin of specs/kubernetes.json (generated-types/v1.XX, from
// `npm run generate`), @k8s-openapi-ts/client (client/, its prepack builds dist/) and the
// generator k8s-openapi-ts (the repository root, its prepack builds dist/).
//
// Each is packed with `npm pack` (lifecycle scripts on, as `npm publish` runs them), and its
// tarball — not the folder — is checked: the expected name; the version of the scheme in
// docs/packages.md; not private; license Apache-2.0 with a LICENSE file that is the Apache
// License 2.0; package.json, README and LICENSE present, and every file package.json points at
// (main, types, bin, exports); a `files` list, and no tests, TypeScript sources, configs or
// caches in the tarball; no dependency on a local path; a generated package equal to
// generated-types/lock.json. Then each tarball is installed into a fresh empty project
// together with the tarballs of the packages of this release it depends on (offline from the
// npm cache), loaded, and its bins run with --help. Any failure: a clear message per package,
// exit 1, nothing published.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { GENERATOR_VERSION, packageVersionFor, pinnedPackageName, STABLE_PACKAGE_NAME, STABLE_PACKAGE_VERSION } from "../generator/emit/package-files.js";
import { readPins, REPO_ROOT } from "../generator/load/pinned-specs.js";
import { extractTarball, installTarballs, npmEnv, packFolder, pool, run, userNpmEnv, type PackInfo } from "./packaging.js";
import { LOCK_PATH, lockPackage, type Lock } from "./regenerate.js";

export const LICENSE_ID = "Apache-2.0";
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Files no package may ship, whatever its `files` says. */
const NEVER_SHIPPED: { pattern: RegExp; what: string }[] = [
  { pattern: /(?:^|\/)(?:test|tests|__tests__|__mocks__|fixtures)\//, what: "tests" },
  { pattern: /\.(?:test|spec)\.[cm]?[jt]sx?$/, what: "tests" },
  { pattern: /(?<!\.d)\.[cm]?tsx?$/, what: "TypeScript sources (ship built JavaScript and declarations)" },
  { pattern: /(?:^|\/)tsconfig[^/]*\.json$/, what: "TypeScript configuration" },
  { pattern: /(?:^|\/)(?:node_modules|\.cache|\.git|\.github|\.ci)\//, what: "dependencies, caches or repository machinery" },
  { pattern: /\.(?:tgz|log)$|(?:^|\/)\.(?:npmrc|env)$/, what: "tarballs, logs or local configuration" },
];

export interface ReleasePackage {
  /** Where it is packed from, relative to the repository (shown in messages). */
  label: string;
  dir: string;
  name: string;
  version: string;
  /** Run lifecycle scripts when packing (a prepack that builds). */
  scripts: boolean;
  /** Folder name in generated-types/lock.json, for generated packages. */
  lockKey?: string;
  /** Further paths this package must not ship (e.g. its sources). */
  forbidden?: { pattern: RegExp; what: string }[];
}

interface PackageJson {
  name?: string;
  version?: string;
  private?: boolean;
  license?: string;
  files?: unknown;
  main?: string;
  module?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  generator?: { version?: string };
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** Every package of a release from this checkout, in publishing order (dependencies first). */
export function releasePackages(root = REPO_ROOT): ReleasePackage[] {
  const generatorVersion = readJson<PackageJson>(join(root, "package.json")).version ?? "?";
  const generated = (folder: string, name: string, version: string): ReleasePackage => ({
    label: `generated-types/${folder}`,
    dir: join(root, "generated-types", folder),
    name,
    version,
    scripts: false,
    lockKey: folder,
  });
  return [
    generated("stable", STABLE_PACKAGE_NAME, STABLE_PACKAGE_VERSION),
    ...readPins(join(root, "specs/kubernetes.json")).map((pin) => generated(`v${pin.version}`, pinnedPackageName(pin.version), packageVersionFor(pin.version, generatorVersion))),
    {
      label: "client",
      dir: join(root, "client"),
      name: "@k8s-openapi-ts/client",
      // Released with the generator, from one tag vX.Y.Z: the same version (docs/releasing.md).
      version: generatorVersion,
      scripts: true,
      forbidden: [{ pattern: /^(?:src|examples|scripts)\//, what: "the client's sources, examples or build scripts" }],
    },
    {
      label: "the repository root",
      dir: root,
      name: "k8s-openapi-ts",
      version: generatorVersion,
      scripts: true,
      forbidden: [{ pattern: /^(?:client|generated-types|bench-results)\//, what: "other packages, generated output or benchmark results" }],
    },
  ];
}

/** Checks that need only the release's own files, before packing anything. */
export function preflight(root = REPO_ROOT, tag?: string): string[] {
  const problems: string[] = [];
  const version = readJson<PackageJson>(join(root, "package.json")).version ?? "";
  if (!SEMVER.test(version)) problems.push(`package.json: version "${version}" is not semver`);
  if (tag !== undefined && tag !== `v${version}`) problems.push(`the tag ${tag} does not name this release: expected v${version} (package.json version)`);
  return problems;
}

/** Every path a package.json field points at (main, module, types, bin, exports' strings without a *). */
export function pointedAt(pkg: PackageJson): string[] {
  const paths: string[] = [];
  const add = (value: unknown): void => {
    if (typeof value === "string") {
      if (!value.includes("*")) paths.push(value.replace(/^\.\//, ""));
    } else if (Array.isArray(value)) value.forEach(add);
    else if (value && typeof value === "object") Object.values(value).forEach(add);
  };
  add(pkg.main);
  add(pkg.module);
  add(pkg.types);
  add(pkg.bin);
  add(pkg.exports);
  return [...new Set(paths)].filter((p) => p.length > 0);
}

/**
 * The problems of one packed package: `pkg` is the tarball's package.json, `files` its file
 * list (posix, relative to package/), `read` reads one of them. Empty: fine.
 */
export function checkTarball(expected: ReleasePackage, pkg: PackageJson, files: string[], read: (path: string) => string): string[] {
  const problems: string[] = [];
  const has = new Set(files);
  if (pkg.name !== expected.name) problems.push(`name is "${pkg.name}", expected "${expected.name}"`);
  if (!SEMVER.test(pkg.version ?? "")) problems.push(`version "${pkg.version}" is not semver`);
  else if (pkg.version !== expected.version) problems.push(`version is ${pkg.version}, expected ${expected.version} (docs/packages.md, docs/releasing.md)`);
  if (pkg.private === true) problems.push(`package.json has "private": true, so npm refuses to publish it`);
  if (pkg.license !== LICENSE_ID) problems.push(`license is ${JSON.stringify(pkg.license)}, expected "${LICENSE_ID}"`);
  if (!has.has("LICENSE")) problems.push("no LICENSE file");
  else if (!/Apache License\s+Version 2\.0/.test(read("LICENSE"))) problems.push("LICENSE is not the Apache License, Version 2.0");
  if (!files.some((f) => /^README(?:\.md)?$/i.test(f))) problems.push("no README");
  if (!has.has("package.json")) problems.push("no package.json");
  if (!Array.isArray(pkg.files)) problems.push(`package.json has no "files" list (everything not ignored would ship)`);
  const missing = pointedAt(pkg).filter((p) => !has.has(p) && !has.has(p.replace(/\/$/, "") + "/index.js"));
  if (missing.length > 0) problems.push(`package.json points at files the tarball lacks: ${missing.join(", ")}`);
  const rules = [...NEVER_SHIPPED, ...(expected.forbidden ?? [])];
  const shipped = new Map<string, string[]>();
  for (const file of files) {
    const rule = rules.find((r) => r.pattern.test(file));
    if (rule) shipped.set(rule.what, [...(shipped.get(rule.what) ?? []), file]);
  }
  for (const [what, list] of shipped) problems.push(`ships ${what}: ${list.slice(0, 5).join(", ")}${list.length > 5 ? `, … (${list.length} files)` : ""}`);
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"] as const) {
    for (const [dep, spec] of Object.entries(pkg[field] ?? {})) {
      if (/^(?:file|link|portal|workspace|git\+?[a-z]*|github):|^\.{0,2}\//.test(spec)) problems.push(`${field}: ${dep} is "${spec}", not a registry version`);
    }
  }
  return problems;
}

export interface PackedPackage {
  spec: ReleasePackage;
  tarball?: string;
  info?: PackInfo;
  pkg?: PackageJson;
  /** Every problem found, in the order of the steps. */
  problems: string[];
  /** How many of `problems` the pack-and-check step found. */
  checkProblems?: number;
  install?: string;
  publish?: string;
}

async function packAndCheck(spec: ReleasePackage, work: string, lock: Lock | undefined): Promise<PackedPackage> {
  const result: PackedPackage = { spec, problems: [] };
  if (!existsSync(join(spec.dir, "package.json"))) {
    result.problems.push(`${spec.label} has no package.json${spec.lockKey ? " (run `npm run generate` first)" : ""}`);
    result.checkProblems = result.problems.length;
    return result;
  }
  if (spec.lockKey && lock) {
    const expected = lock.packages[spec.lockKey];
    if (!expected) result.problems.push(`generated-types/lock.json has no entry ${spec.lockKey}: run \`npm run regen:update\` and commit the lock`);
    else if (lockPackage(spec.dir).sha256 !== expected.sha256)
      result.problems.push(`${spec.label} differs from generated-types/lock.json: regenerate (\`npm run generate\`) from this commit, or \`npm run regen:check\` to see what changed`);
  }
  const destination = join(work, "tarballs");
  mkdirSync(destination, { recursive: true });
  try {
    const packed = await packFolder(spec.dir, destination, { scripts: spec.scripts });
    result.tarball = packed.tarball;
    result.info = packed.info;
  } catch (error) {
    result.problems.push((error as Error).message);
    result.checkProblems = result.problems.length;
    return result;
  }
  const { dir, files } = await extractTarball(result.tarball, mkdtempSync(join(work, "extract-")));
  result.pkg = readJson<PackageJson>(join(dir, "package.json"));
  result.problems.push(...checkTarball(spec, result.pkg, files, (path) => readFileSync(join(dir, path), "utf8")));
  if (spec.lockKey && result.pkg.generator?.version !== undefined && result.pkg.generator.version !== GENERATOR_VERSION)
    result.problems.push(`generated by generator ${result.pkg.generator.version}, not ${GENERATOR_VERSION}: run \`npm run generate\``);
  result.checkProblems = result.problems.length;
  return result;
}

/**
 * Installs one tarball into a fresh empty project beside the tarballs of this release's
 * packages it depends on; offline when they are all it needs, else from the npm cache first.
 * Then loads it (`import()` of its main entry, if it has one) and runs each bin with --help.
 */
export async function installCheck(packed: PackedPackage, all: PackedPackage[], parent: string): Promise<string[]> {
  const pkg = packed.pkg!;
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
  const ours = deps.map((d) => all.find((p) => p.pkg?.name === d)).filter((p): p is PackedPackage => p?.tarball !== undefined);
  const external = deps.filter((d) => !ours.some((p) => p.pkg?.name === d));
  const { project, result } = await installTarballs(parent, [packed.tarball!, ...ours.map((p) => p.tarball!)], {
    offline: external.length === 0 ? true : "prefer-offline",
    env: userNpmEnv(),
  });
  const problems: string[] = [];
  const how = `npm install ${external.length === 0 ? "--offline" : "--prefer-offline"} ${[packed, ...ours].map((p) => relative(process.cwd(), p.tarball!)).join(" ")}`;
  if (result.code !== 0) return [`does not install into an empty project (${how}):\n${(result.stderr || result.stdout).trim().split("\n").slice(-15).join("\n")}`];
  const installedAt = join(project, "node_modules", pkg.name!);
  const installed = existsSync(join(installedAt, "package.json")) ? readJson<PackageJson>(join(installedAt, "package.json")) : undefined;
  if (installed?.version !== pkg.version) return [`installed, but node_modules/${pkg.name}/package.json is ${installed ? `version ${installed.version}` : "missing"}`];
  if (pkg.exports !== undefined || pkg.main !== undefined) {
    const loaded = await run(process.execPath, ["--input-type=module", "-e", `await import(${JSON.stringify(pkg.name)});`], { cwd: project });
    if (loaded.code !== 0) problems.push(`installed, but import("${pkg.name}") fails:\n${loaded.stderr.trim().split("\n").slice(0, 8).join("\n")}`);
  }
  const bins = typeof pkg.bin === "string" ? [pkg.name!.replace(/^@[^/]+\//, "")] : Object.keys(pkg.bin ?? {});
  for (const bin of bins) {
    const help = await run(join(project, "node_modules/.bin", bin), ["--help"], { cwd: project, env: npmEnv() });
    if (help.code !== 0) problems.push(`installed, but \`${bin} --help\` exits ${help.code}:\n${help.stderr.trim().split("\n").slice(0, 8).join("\n")}`);
  }
  return problems;
}

function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n");
}

export interface ReleaseOptions {
  dryRun: boolean;
  tag?: string;
  /** Where tarballs are kept (default .cache/release). */
  out?: string;
  /** The packages (default: releasePackages()). */
  packages?: ReleasePackage[];
  /** Run preflight() on the repository (default true). */
  preflight?: boolean;
  /** Run `npm publish` (dry or not) after the checks (default true). */
  publish?: boolean;
  log?: (line: string) => void;
}

/** The whole release; resolves to the exit code. */
export async function release(options: ReleaseOptions): Promise<{ code: number; packed: PackedPackage[] }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  const packages = options.packages ?? releasePackages();
  const out = options.out ?? join(REPO_ROOT, ".cache/release");
  if (!options.dryRun && process.env.GITHUB_ACTIONS !== "true") {
    log("release refused: publishing with --provenance needs GitHub Actions' OIDC token (.github/workflows/release.yml); run `npm run release -- --dry-run` here");
    return { code: 2, packed: [] };
  }
  const early = options.preflight === false ? [] : preflight(REPO_ROOT, options.tag);
  if (early.length > 0) {
    log(`release refused before packing:\n${early.map((p) => `  - ${p}`).join("\n")}`);
    return { code: 1, packed: [] };
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const lock = existsSync(LOCK_PATH) ? readJson<Lock>(LOCK_PATH) : undefined;
  log(`packing ${packages.length} packages into ${relative(process.cwd(), out) || "."} …`);
  const packed = await pool(packages, 2, (spec) => packAndCheck(spec, out, lock));

  const work = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-release-"));
  try {
    log(`installing each tarball into a fresh project under ${work} …`);
    await pool(packed.filter((p) => p.pkg !== undefined), 2, async (p) => {
      const problems = await installCheck(p, packed, join(work, p.spec.name.replace(/[@/]/g, "_")));
      p.install = problems.length === 0 ? "ok" : "FAILED";
      p.problems.push(...problems);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const failed = packed.filter((p) => p.problems.length > 0);
  if (options.publish !== false) {
    // A real publish only when every package passed; a dry run shows npm's verdict for each that did.
    const publishable = options.dryRun || failed.length === 0 ? packed.filter((p) => p.problems.length === 0) : [];
    for (const p of publishable) {
      if (!options.dryRun) {
        const existing = await run("npm", ["view", `${p.pkg!.name}@${p.pkg!.version}`, "version"], { env: userNpmEnv() });
        if (existing.code === 0 && existing.stdout.trim() === p.pkg!.version) {
          p.publish = "already published, skipped";
          continue;
        }
      }
      const args = ["publish", p.tarball!, "--access", "public", ...(options.dryRun ? ["--dry-run"] : ["--provenance"])];
      const result = await run("npm", args, { env: userNpmEnv() });
      p.publish = result.code === 0 ? (options.dryRun ? "publish --dry-run ok" : "published") : "PUBLISH FAILED";
      if (result.code !== 0) p.problems.push(`npm ${args.join(" ")} failed:\n${result.stderr.trim().split("\n").slice(-10).join("\n")}`);
    }
  }

  const rows = [["package", "tarball", "files", "checks", "install", "publish"]];
  for (const p of packed) {
    const checkProblems = p.checkProblems ?? p.problems.length;
    rows.push([
      `${p.pkg?.name ?? p.spec.name}@${p.pkg?.version ?? "?"}`,
      p.info ? formatBytes(p.info.size) : "-",
      p.info ? String(p.info.files.length) : "-",
      checkProblems > 0 ? `${checkProblems} FAILED` : "ok",
      p.install ?? "-",
      p.publish ?? (options.publish === false ? "-" : "not run"),
    ]);
  }
  log("");
  log(table(rows));
  const bad = packed.filter((p) => p.problems.length > 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (bad.length > 0) {
    log("");
    for (const p of bad) log(`${p.spec.name} (${p.spec.label}):\n${p.problems.map((x) => `  - ${x.replaceAll("\n", "\n    ")}`).join("\n")}`);
    log(`\nrelease refused: ${bad.length} of ${packed.length} packages failed their checks${options.dryRun ? "" : "; nothing was published"} (${seconds} s)`);
    return { code: 1, packed };
  }
  const total = packed.reduce((n, p) => n + (p.info?.size ?? 0), 0);
  log(`\n${packed.length} packages, ${formatBytes(total)} of tarballs: ${options.dryRun ? "all checks passed, npm publish --dry-run ok for each; nothing published" : "published with provenance"} (${seconds} s)`);
  return { code: 0, packed };
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command("release")
    .description("Pack, check, install and publish every package: the k8s-1.XX type packages, @k8s-openapi-ts/stable, @k8s-openapi-ts/client and the generator (docs/releasing.md)")
    .option("--dry-run", "check everything and run `npm publish --dry-run`; publish nothing", false)
    .option("--tag <tag>", "the git tag being released (e.g. v0.2.0): refused unless it is v<package.json version>")
    .option("--out <dir>", "where to keep the tarballs", join(REPO_ROOT, ".cache/release"))
    .exitOverride();
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    return (error as { exitCode?: number }).exitCode ?? 2;
  }
  const opts = program.opts<{ dryRun: boolean; tag?: string; out: string }>();
  const { code } = await release({ dryRun: opts.dryRun, tag: opts.tag, out: opts.out });
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2));
