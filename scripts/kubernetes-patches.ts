// New Kubernetes patch releases of the pinned minors (specs/kubernetes.json), from the Go
// module proxy (`go list -m -versions k8s.io/kubernetes`: every release tag is a version of
// the k8s.io/kubernetes module). Run on a schedule by .github/workflows/regenerate.yml.
//
//   npm run pins:check     print, per pin, its tag and the newest patch tag of its minor
//   npm run pins:update    move each tag pin (an entry with `goModule`) to the newest patch tag:
//                          tag, url, sha256 (of api/openapi-spec/swagger.json in the module,
//                          `go mod download`), commitDate (the tag's date), goModule.version
//
// Branch snapshots (1.28–1.36: kubernetes-client/python's copy of a release branch's document)
// have no tag to follow; they are listed with the newest tag of their minor, and left alone.
// Moving one to a tag is a deliberate change (docs/kubernetes-versions.md). Exit 0 either way;
// whether anything changed is `git diff specs/kubernetes.json`.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { PINS_FILE, readPins, REPO_ROOT, sha256, type PinnedSpec } from "../generator/load/pinned-specs.js";

const MODULE = "k8s.io/kubernetes";

/** Release tags (no pre-releases) of `minor` ("1.37") among `versions`, newest first. */
export function patchTags(versions: string[], minor: string): string[] {
  const pattern = new RegExp(`^v${minor.replace(".", "\\.")}\\.(\\d+)$`);
  return versions
    .map((v) => ({ v, patch: pattern.exec(v)?.[1] }))
    .filter((x): x is { v: string; patch: string } => x.patch !== undefined)
    .sort((a, b) => Number(b.patch) - Number(a.patch))
    .map((x) => x.v);
}

/** The pins file's text with one tag pin moved to `tag`: other entries, and the file's layout, untouched. */
export function movePin(text: string, pin: PinnedSpec, tag: string, sha: string, date: string): string {
  const old = pin.goModule!.version;
  const start = text.indexOf(`"version": "${pin.version}"`);
  const end = text.indexOf("}", text.indexOf(`"goModule"`, start)) + 1;
  if (start < 0 || end <= start) throw new Error(`cannot find the ${pin.version} entry in ${PINS_FILE}`);
  const entry = text
    .slice(start, end)
    .replaceAll(`"${old}"`, `"${tag}"`)
    .replaceAll(`/${old}/`, `/${tag}/`)
    .replace(`"sha256": "${pin.sha256}"`, `"sha256": "${sha}"`)
    .replace(/"commitDate": "[^"]*"/, `"commitDate": "${date}"`);
  return `${text.slice(0, start)}${entry}${text.slice(end)}`;
}

function go(args: string[]): string {
  // Outside any Go module, like generator/load/go-module.ts.
  return execFileSync("go", args, { cwd: tmpdir(), encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
}

export function main(argv: string[]): number {
  const program = new Command("kubernetes-patches")
    .description("new Kubernetes patch releases of the pinned minors, from the Go module proxy")
    .option("--update", "move every tag pin to the newest patch tag of its minor", false)
    .exitOverride();
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    return (error as { exitCode?: number }).exitCode ?? 2;
  }
  const { update } = program.opts<{ update: boolean }>();
  const versions = go(["list", "-m", "-versions", MODULE]).trim().split(/\s+/).slice(1);
  let text = readFileSync(PINS_FILE, "utf8");
  const moved: string[] = [];
  for (const pin of readPins()) {
    const newest = patchTags(versions, pin.version)[0];
    if (!pin.goModule) {
      console.log(`${pin.version}: snapshot of ${pin.branch} (${pin.sourceRepository}, ${pin.commitDate}); newest tag ${newest ?? "none"}; not followed (no tag pin)`);
      continue;
    }
    const current = pin.goModule.version;
    if (!newest || patchTags([current, newest], pin.version)[0] === current) {
      console.log(`${pin.version}: ${current}, the newest patch release`);
      continue;
    }
    if (!update) {
      console.log(`${pin.version}: ${current} → ${newest} available (npm run pins:update)`);
      moved.push(`${pin.version}: ${current} → ${newest}`);
      continue;
    }
    const info = JSON.parse(go(["mod", "download", "-json", `${MODULE}@${newest}`])) as { Dir: string; Info: string };
    const sha = sha256(readFileSync(join(info.Dir, pin.goModule.file)));
    const date = (JSON.parse(readFileSync(info.Info, "utf8")) as { Time: string }).Time.slice(0, 10);
    text = movePin(text, pin, newest, sha, date);
    moved.push(`${pin.version}: ${current} → ${newest}`);
    console.log(`${pin.version}: ${current} → ${newest} (sha256 ${sha}, ${date})`);
  }
  if (update && moved.length > 0) {
    writeFileSync(PINS_FILE, text);
    const after = readPins();
    for (const line of moved) if (!after.some((p) => line.startsWith(`${p.version}:`) && line.endsWith(p.goModule?.version ?? "?"))) throw new Error(`rewriting ${PINS_FILE} went wrong at ${line}`);
    console.log(`updated ${relative(REPO_ROOT, PINS_FILE)}: ${moved.join(", ")}`);
  } else if (moved.length === 0) console.log("every tag pin is at its minor's newest patch release");
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
