// The test set-up is hermetic (issue 15, item 8): the setup's generate-all and readSpec read
// pinned specs only from the ../shared/specs mirror, a spec cache under .cache/ and the Go
// module cache (the k8s.io/kubernetes module, the declared offline source of 1.37 on); they
// never read $HOME/.cache, never follow $K8S_OPENAPI_TS_MIRROR, never download, and check
// every spec's sha256.
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CACHE_ENV, MIRROR_ENV, REPO_ROOT, findPin } from "../../generator/load/pinned-specs.js";
import { HERMETIC_SOURCES, SPEC_CACHE, SPEC_MIRROR, TEST_PACKAGES, readPinnedSpec, readSpec } from "../helpers.js";
import { requireMirror, setupCommand } from "../setup/generate-packages.js";

const temp = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-hermetic-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, args, { env, timeout: 110_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    ),
  );
}

describe("hermetic test set-up", () => {
  it("runs generate-all with --no-download, the shared mirror and a spec cache under .cache/, ignoring $K8S_OPENAPI_TS_MIRROR", () => {
    const { args, env } = setupCommand({ PATH: process.env.PATH, HOME: "/home/someone", [MIRROR_ENV]: "/elsewhere/specs", [CACHE_ENV]: "/home/someone/.cache/x" });
    expect(args.slice(1)).toEqual(["generate-all", "--out", TEST_PACKAGES, "--mirror", SPEC_MIRROR, "--no-download"]);
    expect(SPEC_MIRROR).toBe(join(REPO_ROOT, "../shared/specs"));
    expect(env[MIRROR_ENV]).toBeUndefined();
    expect(env[CACHE_ENV]).toBe(SPEC_CACHE);
    expect(SPEC_CACHE.startsWith(join(REPO_ROOT, ".cache") + "/")).toBe(true);
    // The test processes got the same environment from the set-up.
    expect(process.env[MIRROR_ENV]).toBeUndefined();
    expect(process.env[CACHE_ENV]).toBe(SPEC_CACHE);
  });

  it("stops with a clear error on a machine without the mirror, rather than downloading", async () => {
    const missing = join(temp, "no-such-mirror");
    expect(() => requireMirror(missing)).toThrow(`test set-up: the pinned-spec mirror ${missing} (../shared/specs beside the repo) is missing`);
    // The CLI as the set-up runs it, pointed at a missing mirror, with an empty $HOME and an
    // empty spec cache: it refuses instead of fetching the pinned address.
    const home = join(temp, "home");
    mkdirSync(home);
    const { args, env } = setupCommand({ PATH: process.env.PATH, HOME: home }, missing);
    const out = join(temp, "out");
    const result = await run([...args.slice(0, 3), out, ...args.slice(4), "--versions", "1.36"], { ...env, [CACHE_ENV]: join(temp, "empty-cache") });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Kubernetes 1.36: no mirror file and downloads are off");
    expect(result.stderr).toContain(`${join(missing, "v1.36.swagger.json")} (mirror)`);
    expect(existsSync(join(temp, "empty-cache"))).toBe(false); // nothing was downloaded into a cache
    expect(existsSync(join(out, "v1.36"))).toBe(false);
  });

  it("readSpec reads each pin from the mirror, .cache/specs or the Go module cache, and never from $HOME/.cache", () => {
    for (const version of ["1.28", "1.36", "1.37"]) {
      const pin = findPin(version);
      const { origin } = readPinnedSpec(pin);
      if (existsSync(join(SPEC_MIRROR, pin.mirrorFile))) expect(origin).toBe(join(SPEC_MIRROR, pin.mirrorFile));
      else {
        expect(pin.goModule, `${version} is in neither the mirror nor a Go module`).toBeDefined();
        expect(origin === join(SPEC_CACHE, `${pin.sha256}.json`) || origin.endsWith(`/${pin.goModule!.path}@${pin.goModule!.version}/${pin.goModule!.file}`), origin).toBe(true);
      }
      expect(origin).not.toContain("/.cache/k8s-openapi-ts/");
    }
    expect(readSpec("1.36").swagger).toBe("2.0");
  });

  it("readSpec checks the pin's sha256: a changed mirror file is refused", () => {
    const pin = findPin("1.36");
    const mirror = join(temp, "tampered-mirror");
    mkdirSync(mirror);
    copyFileSync(join(SPEC_MIRROR, pin.mirrorFile), join(mirror, pin.mirrorFile));
    const sources = { ...HERMETIC_SOURCES, mirror, cacheDir: join(temp, "cache") };
    expect(readPinnedSpec(pin, sources).origin).toBe(join(mirror, pin.mirrorFile));
    writeFileSync(join(mirror, pin.mirrorFile), " ", { flag: "a" });
    expect(() => readPinnedSpec(pin, sources)).toThrow(/sha256 mismatch/);
    // A damaged cache entry is passed over; the verified mirror file is read instead.
    mkdirSync(join(temp, "cache"));
    writeFileSync(join(temp, "cache", `${pin.sha256}.json`), "{}");
    expect(readPinnedSpec(pin, { ...HERMETIC_SOURCES, cacheDir: join(temp, "cache") }).origin).toBe(join(SPEC_MIRROR, pin.mirrorFile));
    expect(readdirSync(join(temp, "cache"))).toEqual([`${pin.sha256}.json`]);
  });
});
