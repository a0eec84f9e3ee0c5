// 4a. Same document, two routes: the package generated from what a live 1.36 API server
// serves at /openapi/v2 against the package from the pinned 1.36 document. The pinned
// document is the 1.36.0 release's; the server is a later patch release, built with the
// flags that produce the published document. Kinds and constants must be equal; every
// declaration that differs must belong to a definition whose schema the two documents give
// differently (docs/real-apiserver.md lists what differs, and why).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SwaggerDocument } from "../../generator/spec-types.js";
import { readSpec, TEST_PACKAGES } from "../helpers.js";
import { diffDocuments, type DocumentDiff } from "./document-diff.js";
import { getRaw, startApiServer, type LiveServer } from "./harness.js";
import { cli, compareMaps, declarations, describeWithApiServer, kindKey, readResourcesOf } from "./support.js";

const MINOR = "1.36";

describeWithApiServer(MINOR, `Kubernetes ${MINOR}: /openapi/v2 of a live server and the pinned document`, () => {
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
    cli(["generate", "--spec", join(work, "openapi-v2.json"), "--out", livePackage, "--name", `@k8s-openapi-ts/k8s-${MINOR}`, "--kubernetes", MINOR]);
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

  it("has the same definitions and paths as the pinned document", () => {
    console.log(
      `live ${server.kubernetesVersion} vs pinned ${MINOR}: definitions +${diff.definitionsAdded.length} -${diff.definitionsRemoved.length}, ` +
        `${diff.definitionsChanged.filter((c) => c.schema.length > 0).length} with schema changes, ` +
        `${diff.definitionsChanged.filter((c) => c.schema.length === 0).length} with description changes only; ` +
        `paths +${diff.pathsAdded.length} -${diff.pathsRemoved.length}, ${diff.pathsChanged.length} with changed operations`,
    );
    for (const change of diff.definitionsChanged) if (change.schema.length > 0) console.log(`  ${change.name}: ${change.schema.join(", ")}`);
    expect(diff.definitionsAdded).toEqual([]);
    expect(diff.definitionsRemoved).toEqual([]);
    expect(diff.pathsAdded).toEqual([]);
    expect(diff.pathsRemoved).toEqual([]);
  });

  it("gives every kind the same constants", () => {
    const pinned = new Map(readResourcesOf(pinnedPackage).map((r) => [kindKey(r), r]));
    const fromServer = new Map(readResourcesOf(livePackage).map((r) => [kindKey(r), r]));
    const { onlyA, onlyB, differ } = compareMaps(pinned, fromServer, (a, b) => JSON.stringify(a) === JSON.stringify(b));
    expect(pinned.size).toBeGreaterThan(90);
    expect({ onlyPinned: onlyA, onlyLive: onlyB, differ }).toEqual({ onlyPinned: [], onlyLive: [], differ: [] });
  });

  it("differs in declarations only where the documents differ", () => {
    const { onlyA, onlyB, differ } = compareMaps(declarations(pinnedPackage), declarations(livePackage));
    expect(onlyA).toEqual([]);
    expect(onlyB).toEqual([]);
    // Each generated declaration is named after its definition's last dotted part.
    const changedNames = new Set(diff.definitionsChanged.map((c) => c.name.slice(c.name.lastIndexOf(".") + 1)));
    const unexplained = differ.filter((d) => !changedNames.has(d.slice(d.lastIndexOf(".") + 1)));
    console.log(`declarations that differ: ${differ.length} (${differ.slice(0, 20).join(", ")}${differ.length > 20 ? ", …" : ""})`);
    expect(unexplained).toEqual([]);
    // And the package README names the document it came from; nothing else differs in files.
    expect(readFileSync(join(livePackage, "package.json"), "utf8")).toContain(`"name": "@k8s-openapi-ts/k8s-${MINOR}"`);
  });
});
