// Pinned specs that come from a Go module (goModule in specs/kubernetes.json): found in the
// Go module cache, else fetched with `go mod download`, sha256-verified either way, and a
// failure names every place that was looked in. The module cache is a temporary folder and
// `go` a fake script on PATH that logs its arguments: the real Go cache is never read.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { GeneratorError } from "../../generator/errors.js";
import { escapeModulePath, goModuleFile, type GoModuleSource } from "../../generator/load/go-module.js";
import { fetchPinnedSpec, findPin, readLocalSpec, readPins, sha256, type PinnedSpec } from "../../generator/load/pinned-specs.js";

const BYTES = Buffer.from('{"swagger":"2.0","definitions":{}}\n');
const SOURCE: GoModuleSource = { path: "example.com/Kube/kubernetes", version: "v1.99.0", file: "api/openapi-spec/swagger.json" };

/** A pin of made-up bytes, with a module source, whose address nobody answers. */
async function pinFor(bytes = BYTES): Promise<PinnedSpec> {
  return { ...findPin("1.36"), version: "1.99", url: `http://127.0.0.1:${await closedPort()}/swagger.json`, sha256: sha256(bytes), mirrorFile: "v1.99.swagger.json", goModule: SOURCE };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Sandbox {
  root: string;
  modCache: string;
  options: { mirror: string; cacheDir: string; env: NodeJS.ProcessEnv };
  /** The argument lines the fake go was called with. */
  goCalls(): string[];
}

/**
 * Empty cache, mirror and module cache; a fake `go` on PATH when `go` is given: `go env
 * GOMODCACHE` prints the module cache, `go mod download` prints `Dir` when downloadDir is
 * set, else go's JSON error and exit 1.
 */
function sandbox(go?: { downloadDir?: string; reportsModCache?: boolean }): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-gomod-"));
  const modCache = join(root, "gomodcache");
  const bin = join(root, "bin");
  const log = join(root, "go-calls.log");
  for (const dir of [modCache, bin, join(root, "mirror")]) mkdirSync(dir);
  if (go) {
    const download = go.downloadDir
      ? `printf '{"Path":"%s","Dir":"%s"}\\n' "$4" "${go.downloadDir}"`
      : `printf '{"Path":"%s","Error":"%s: reading module: 404 Not Found"}\\n' "$4" "$4"; exit 1`;
    const script = [
      "#!/bin/sh",
      `echo "$*" >> "${log}"`,
      `if [ "$1 $2" = "env GOMODCACHE" ]; then echo "${go.reportsModCache === false ? "" : modCache}"; exit 0; fi`,
      `if [ "$1 $2 $3" = "mod download -json" ]; then ${download}; fi`,
    ].join("\n");
    writeFileSync(join(bin, "go"), `${script}\n`);
    chmodSync(join(bin, "go"), 0o755);
  }
  // GOMODCACHE is not set: the fake go reports it, as the real one does.
  const env = { PATH: bin, HOME: root };
  return {
    root,
    modCache,
    options: { mirror: join(root, "mirror"), cacheDir: join(root, "cache"), env },
    goCalls: () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []),
  };
}

function writeModuleFile(moduleCacheRoot: string, bytes = BYTES): string {
  const file = goModuleFile(moduleCacheRoot, SOURCE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

async function failure(pin: PinnedSpec, options: Sandbox["options"] & { allowDownload?: boolean }): Promise<GeneratorError> {
  const error = await fetchPinnedSpec(pin, { ...options, timeoutMs: 5_000 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GeneratorError);
  return error as GeneratorError;
}

describe("the Go module cache path", () => {
  it("escapes upper-case letters as go does", () => {
    expect(escapeModulePath("github.com/Azure/azure-SDK")).toBe("github.com/!azure/azure-!s!d!k");
    expect(goModuleFile("/m", SOURCE)).toBe("/m/example.com/!kube/kubernetes@v1.99.0/api/openapi-spec/swagger.json");
  });
});

describe("a pinned spec from a Go module", () => {
  it("is read from the module cache go reports, without downloading", async () => {
    const box = sandbox({});
    const file = writeModuleFile(box.modCache);
    const fetched = await fetchPinnedSpec(await pinFor(), box.options);
    expect(fetched.origin).toBe(file);
    expect(fetched.bytes.equals(BYTES)).toBe(true);
    expect(box.goCalls()).toEqual(["env GOMODCACHE"]);
  });

  it("without go, is read from $GOMODCACHE, else from $GOPATH/pkg/mod", async () => {
    const box = sandbox();
    const byVariable = writeModuleFile(box.modCache);
    expect((await fetchPinnedSpec(await pinFor(), { ...box.options, env: { ...box.options.env, GOMODCACHE: box.modCache } })).origin).toBe(byVariable);
    const gopath = join(box.root, "gopath");
    const byGopath = writeModuleFile(join(gopath, "pkg", "mod"));
    expect((await fetchPinnedSpec(await pinFor(), { ...box.options, env: { ...box.options.env, GOPATH: gopath } })).origin).toBe(byGopath);
  });

  it("is fetched with `go mod download` when the module cache lacks it, outside any Go module", async () => {
    const downloaded = join(mkdtempSync(join(tmpdir(), "k8s-openapi-ts-gomod-dir-")), "kubernetes@v1.99.0");
    mkdirSync(join(downloaded, "api/openapi-spec"), { recursive: true });
    writeFileSync(join(downloaded, SOURCE.file), BYTES);
    const box = sandbox({ downloadDir: downloaded });
    const fetched = await fetchPinnedSpec(await pinFor(), box.options);
    expect(fetched.origin).toBe(join(downloaded, SOURCE.file));
    expect(box.goCalls()).toEqual(["env GOMODCACHE", `mod download -json ${SOURCE.path}@${SOURCE.version}`]);
  });

  it("is refused with both hashes when the module's file is not the pinned document", async () => {
    const box = sandbox({});
    const wrong = Buffer.from('{"swagger":"2.0","info":{"title":"something else"}}\n');
    const file = writeModuleFile(box.modCache, wrong);
    const error = await failure(await pinFor(), box.options);
    expect(error.location?.file).toBe(file);
    expect(error.message).toBe(`sha256 mismatch for Kubernetes 1.99: expected ${sha256(BYTES)}, got ${sha256(wrong)}`);
  });

  it("when go fails and the address does not answer: the error names every place looked in", async () => {
    const box = sandbox({});
    const pin = await pinFor();
    const error = await failure(pin, box.options);
    const text = error.format();
    expect(error.location?.file).toBe(pin.url);
    expect(text).toContain("download failed");
    expect(text).toContain(`${join(box.options.cacheDir, `${pin.sha256}.json`)} (cache)`);
    expect(text).toContain(`${join(box.options.mirror, "v1.99.swagger.json")} (mirror)`);
    expect(text).toContain(`${goModuleFile(box.modCache, SOURCE)} (Go module cache)`);
    expect(text).toContain(`go mod download ${SOURCE.path}@${SOURCE.version} (failed: ${SOURCE.path}@${SOURCE.version}: reading module: 404 Not Found)`);
    expect(text).toMatch(/--mirror DIR or K8S_OPENAPI_TS_MIRROR=DIR/);
  });

  it("without go on PATH: says so, and falls back to the address", async () => {
    const box = sandbox();
    const error = await failure(await pinFor(), box.options);
    expect(error.format()).toContain(`go mod download ${SOURCE.path}@${SOURCE.version} (go is not on PATH)`);
    expect(error.format()).toContain(`${goModuleFile(join(box.root, "go", "pkg", "mod"), SOURCE)} (Go module cache)`);
    expect(error.message).toMatch(/download failed/);
  });

  it("with downloads off, go is not asked to download", async () => {
    const box = sandbox({ downloadDir: "/nonexistent" });
    const error = await failure(await pinFor(), { ...box.options, allowDownload: false });
    expect(error.message).toContain("downloads are off");
    expect(error.format()).toContain("(Go module cache)");
    expect(box.goCalls()).toEqual(["env GOMODCACHE"]);
  });

  it("the mirror and the cache still come first", async () => {
    const box = sandbox({});
    writeModuleFile(box.modCache);
    writeFileSync(join(box.options.mirror, "v1.99.swagger.json"), BYTES);
    const local = readLocalSpec(await pinFor(), box.options);
    expect("bytes" in local && local.origin).toBe(join(box.options.mirror, "v1.99.swagger.json"));
    expect(box.goCalls()).toEqual([]);
  });
});

describe("the pins with a Go module source", () => {
  it("name the module's own copy of api/openapi-spec/swagger.json at the release tag of their address", () => {
    const withModule = readPins().filter((p) => p.goModule);
    expect(withModule.map((p) => p.version)).toContain("1.37");
    for (const pin of withModule) {
      expect(pin.goModule).toEqual({ path: "k8s.io/kubernetes", version: pin.tag, file: pin.sourcePath });
      expect(pin.url).toContain(`/${pin.tag}/${pin.sourcePath}`);
      expect(pin.tag).toMatch(new RegExp(`^v${pin.version.replace(".", "\\.")}\\.\\d+$`));
    }
  });
});
