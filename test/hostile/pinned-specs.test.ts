// Pinned specs that are wrong or cannot be fetched: a sha256 mismatch is refused with both
// hashes; a download that fails or stalls gives up within its timeout and points at the
// mirror option. The servers are loopback servers on 127.0.0.1 that misbehave on purpose.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GeneratorError } from "../../generator/errors.js";
import { fetchPinnedSpec, findPin, sha256, type PinnedSpec } from "../../generator/load/pinned-specs.js";
import { SHARED_SPECS, runCli, tempDir, treeHash, writePreviousPackage } from "./support.js";

const work = tempDir("pinned");
const BYTES = Buffer.from('{"swagger":"2.0","definitions":{}}\n');
let server: Server;
let base: string;
let refusedPort: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/stall") return; // accepts the request, never answers
    if (req.url === "/stall-body") {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000000" });
      res.write("{");
      return; // headers and one byte, then nothing
    }
    if (req.url === "/error") {
      res.writeHead(503).end("unavailable");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(BYTES);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nobody listens on: bind, note it, close.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  refusedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function pin(url: string, sha = sha256(BYTES)): PinnedSpec {
  return { ...findPin("1.36"), url, sha256: sha, mirrorFile: "v9.99.swagger.json" };
}

/** Runs fetchPinnedSpec with an empty mirror and cache; returns the GeneratorError and how long it took. */
async function failure(p: PinnedSpec, timeoutMs = 400): Promise<{ error: GeneratorError; ms: number; cache: string }> {
  const dir = tempDir("fetch");
  const cache = join(dir, "cache");
  mkdirSync(join(dir, "mirror"));
  const started = performance.now();
  const error = await fetchPinnedSpec(p, { mirror: join(dir, "mirror"), cacheDir: cache, timeoutMs }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GeneratorError);
  return { error: error as GeneratorError, ms: performance.now() - started, cache };
}

const MIRROR_HINT = /--mirror DIR or K8S_OPENAPI_TS_MIRROR=DIR/;

describe("pinned spec downloads that fail", () => {
  it("a server that never answers: gives up at the timeout and names the mirror option", async () => {
    const { error, ms } = await failure(pin(`${base}/stall`));
    expect(ms).toBeLessThan(5_000);
    expect(error.format()).toContain(`${base}/stall: download failed: no answer within 0.4 s`);
    expect(error.format()).toMatch(MIRROR_HINT);
  });

  it("a server that sends headers and then stalls the body: same", async () => {
    const { error, ms } = await failure(pin(`${base}/stall-body`));
    expect(ms).toBeLessThan(5_000);
    expect(error.format()).toMatch(/download failed/);
    expect(error.format()).toMatch(MIRROR_HINT);
  });

  it("an HTTP error status", async () => {
    const { error } = await failure(pin(`${base}/error`));
    expect(error.format()).toContain("download failed: HTTP 503");
    expect(error.format()).toMatch(MIRROR_HINT);
  });

  it("a refused connection", async () => {
    const { error } = await failure(pin(`http://127.0.0.1:${refusedPort}/spec.json`));
    expect(error.format()).toMatch(/download failed: .*ECONNREFUSED/);
    expect(error.format()).toMatch(MIRROR_HINT);
  });

  it("a download whose sha256 is not the pinned one: refused with both hashes, nothing cached", async () => {
    const expected = "0".repeat(64);
    const { error, cache } = await failure(pin(`${base}/spec.json`, expected));
    expect(error.format()).toContain(`sha256 mismatch for Kubernetes 1.36: expected ${expected}, got ${sha256(BYTES)}`);
    expect(readdirSafe(cache)).toEqual([]);
  });
});

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

describe("the command line", () => {
  it("generate-all: a mirror file with the wrong bytes is refused with both hashes, exit 1, output untouched", async () => {
    const mirror = join(work, "mirror");
    mkdirSync(mirror);
    const wrong = Buffer.from('{"swagger":"2.0","info":{"title":"not the pinned document"}}\n');
    writeFileSync(join(mirror, findPin("1.36").mirrorFile), wrong);
    const out = join(work, "out");
    writePreviousPackage(join(out, "v1.36"));
    const before = treeHash(out);
    const result = await runCli(["generate-all", "--versions", "1.36", "--out", out, "--mirror", mirror], { env: { K8S_OPENAPI_TS_CACHE: join(work, "empty-cache") } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`sha256 mismatch for Kubernetes 1.36: expected ${findPin("1.36").sha256}, got ${sha256(wrong)}`);
    expect(result.stderr).toContain(join(mirror, findPin("1.36").mirrorFile));
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(treeHash(out)).toBe(before);
  });

  it("generate-all: one good version and one bad → nothing written, not even the good one", async () => {
    const mirror = join(work, "mirror-mixed");
    mkdirSync(mirror);
    // 1.35 is good: its spec, and the one before it (its CHANGES.md is the diff from 1.34).
    for (const version of ["1.34", "1.35"]) symlinkSync(join(SHARED_SPECS, findPin(version).mirrorFile), join(mirror, findPin(version).mirrorFile));
    writeFileSync(join(mirror, findPin("1.36").mirrorFile), "{}\n");
    const out = join(work, "out-mixed");
    writePreviousPackage(join(out, "v1.35"));
    writePreviousPackage(join(out, "v1.36"));
    const before = treeHash(out);
    const result = await runCli(["generate-all", "--versions", "1.35,1.36", "--out", out, "--mirror", mirror, "--no-download"], { env: { K8S_OPENAPI_TS_CACHE: join(work, "empty-cache") } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("sha256 mismatch for Kubernetes 1.36");
    expect(treeHash(out)).toBe(before);
  });

  it("generate-all --no-download without a mirror file: says so and names the mirror option", async () => {
    const result = await runCli(["generate-all", "--versions", "1.36", "--out", join(work, "out2"), "--mirror", join(work, "empty-mirror"), "--no-download"], {
      env: { K8S_OPENAPI_TS_CACHE: join(work, "empty-cache") },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no mirror file and downloads are off");
    expect(result.stderr).toMatch(MIRROR_HINT);
  });

  it("generate --spec <url> against a server that never answers: exit 1 after --timeout", async () => {
    const started = performance.now();
    const result = await runCli(["generate", "--spec", `${base}/stall`, "--out", join(work, "out3", "pkg"), "--name", "x", "--timeout", "0.5"]);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`k8s-openapi-ts: ${base}/stall: download failed: no answer within 0.5 s`);
  });
});
