// 4a. Same document, two routes: the package generated from what a live API server serves at
// /openapi/v2 against the package from the pinned document, for every minor the harness
// builds (1.36: the pinned document is 1.36.0's, the server a later patch; 1.37: both are
// 1.37.2). The server is built and started with the
// flags that produce the published document. The documents differ only in the /logs handler's
// paths, and the packages only in the lines naming their source (docs/real-apiserver.md).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SwaggerDocument } from "../../generator/spec-types.js";
import { readSpec, TEST_PACKAGES } from "../helpers.js";
import { diffDocuments, type DocumentDiff } from "./document-diff.js";
import { getRaw, harnessMinors, startApiServer, type LiveServer } from "./harness.js";
import { readTree } from "../../scripts/regenerate.js";
import { cli, compareMaps, describeWithApiServer, kindKey, readResourcesOf } from "./support.js";

for (const MINOR of harnessMinors()) describeWithApiServer(MINOR, `Kubernetes ${MINOR}: /openapi/v2 of a live server and the pinned document`, () => {
  let server: LiveServer;
  let work: string;
  let live: SwaggerDocument;
  let diff: DocumentDiff;
  const pinnedPackage = join(TEST_PACKAGES, `v${MINOR}`);
  let livePackage: string;

  beforeAll(async () => {
    server = startApiServer(MINOR);
    work = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-live-"));
    const text = await getRaw(server, "/openapi/v2");
    writeFileSync(join(work, "openapi-v2.json"), text);
    live = JSON.parse(text) as SwaggerDocument;
    diff = diffDocuments(readSpec(MINOR), live);
    livePackage = join(work, "live");
    // The route a user takes: the kubeconfig the harness writes, read as kubectl reads it.
    cli(["generate", "--from-cluster", "--kubeconfig", server.kubeconfig, "--out", livePackage, "--name", `@k8s-openapi-ts/k8s-${MINOR}`, "--kubernetes", MINOR]);
  });
  afterAll(() => {
    server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("serves the patch release it was built from", async () => {
    const version = JSON.parse(await getRaw(server, "/version")) as { gitVersion: string; major: string; minor: string };
    expect(version.gitVersion).toBe(server.kubernetesVersion);
    expect(`${version.major}.${version.minor}`).toBe(MINOR);
  });

  it("serves the pinned document's definitions and paths, less the /logs handler", () => {
    console.log(
      `live ${server.kubernetesVersion} vs pinned ${MINOR}: definitions +${diff.definitionsAdded.length} -${diff.definitionsRemoved.length} ~${diff.definitionsChanged.length}, ` +
        `paths +${diff.pathsAdded.length} -${diff.pathsRemoved.length} ~${diff.pathsChanged.length} (${diff.pathsRemoved.join(", ")})`,
    );
    expect(diff.definitionsAdded).toEqual([]);
    expect(diff.definitionsRemoved).toEqual([]);
    expect(diff.definitionsChanged).toEqual([]);
    expect(diff.pathsAdded).toEqual([]);
    expect(diff.pathsChanged).toEqual([]);
    // The published document is made with the log handler on; a server has it off unless
    // --enable-logs-handler (deprecated) is set. No operation there is tagged with a kind.
    expect(diff.pathsRemoved).toEqual(["/logs/", "/logs/{logpath}"]);
    const pinned = readSpec(MINOR);
    for (const path of diff.pathsRemoved) {
      expect(JSON.stringify(pinned.paths[path])).not.toContain("x-kubernetes-group-version-kind");
    }
  });

  it("gives every kind the same constants", () => {
    const pinned = new Map(readResourcesOf(pinnedPackage).map((r) => [kindKey(r), r]));
    const fromServer = new Map(readResourcesOf(livePackage).map((r) => [kindKey(r), r]));
    const { onlyA, onlyB, differ } = compareMaps(pinned, fromServer, (a, b) => JSON.stringify(a) === JSON.stringify(b));
    expect(pinned.size).toBeGreaterThan(0);
    expect({ onlyPinned: onlyA, onlyLive: onlyB, differ }).toEqual({ onlyPinned: [], onlyLive: [], differ: [] });
  });

  it("gives byte-identical packages but for the lines that name the source document", () => {
    // CHANGES.md compares a pinned minor with the previous one; a package from a document has none.
    const pinnedFiles = readTree(pinnedPackage);
    pinnedFiles.delete("CHANGES.md");
    const liveFiles = readTree(livePackage);
    expect([...liveFiles.keys()]).toEqual([...pinnedFiles.keys()]);
    const differing = [...pinnedFiles.keys()].filter((file) => withoutProvenance(pinnedFiles.get(file)!) !== withoutProvenance(liveFiles.get(file)!));
    expect(differing).toEqual([]);
    // …and those lines do differ: the check above is not comparing a package with itself.
    expect(liveFiles.get("package.json")!.toString()).not.toEqual(pinnedFiles.get("package.json")!.toString());
  });
});

/** A file's text without the lines that say which document it was generated from, and the mentions of CHANGES.md. */
function withoutProvenance(bytes: Buffer): string {
  return bytes
    .toString("utf8")
    .replace(/^\[CHANGES\.md\]\(\.\/CHANGES\.md\)[\s\S]*?\n\n/m, "")
    .split("\n")
    .filter((line) => !/^(\/\/ )?Generated by \[?k8s-openapi-ts|^\s*"(source|sha256)": |^\s*"CHANGES\.md",$/.test(line))
    .join("\n");
}
