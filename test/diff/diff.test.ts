// `diff`: kinds and group-versions added and removed (against the packages' resources.json),
// the three kinds of side, deterministic output, and each package's CHANGES.md.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { diffModels, type ApiDiff } from "../../generator/diff/diff-models.js";
import { summaryLine } from "../../generator/diff/render-diff.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { pinnedModel } from "../../generator/pinned-models.js";
import { SHARED, TEST_PACKAGES, VERSIONS, readResources } from "../helpers.js";

const OLDEST = VERSIONS[0]!;
const NEWEST = VERSIONS[VERSIONS.length - 1]!;
const BIN = join(REPO_ROOT, "generator/runner/bin.mjs");
const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, "diff", ...args], { maxBuffer: 64 << 20 })).stdout;

/** Kinds of a generated package, from its resources.json. */
const kindsOf = (version: string) => new Set(readResources(version).map((r) => `${r.apiVersion} ${r.kind}`));
const names = (refs: { apiVersion: string; kind: string }[]) => refs.map((r) => `${r.apiVersion} ${r.kind}`);

describe("diff", () => {
  it(`${OLDEST} → ${NEWEST}: the kinds each package serves and the other does not, in --json, the same bytes every run`, async () => {
    const json = await cli(OLDEST, NEWEST, "--json");
    expect(await cli(OLDEST, NEWEST, "--json")).toBe(json);
    const diff = JSON.parse(json) as ApiDiff;
    const before = kindsOf(OLDEST);
    const after = kindsOf(NEWEST);
    expect(names(diff.added)).toEqual([...after].filter((k) => !before.has(k)).sort());
    expect(names(diff.removed)).toEqual([...before].filter((k) => !after.has(k)).sort());
    for (const ref of [...diff.added, ...diff.removed]) expect(Object.keys(ref)).toEqual(["apiVersion", "kind"]);
    const groupVersions = (kinds: Set<string>) => new Set([...kinds].map((k) => k.split(" ")[0]!));
    expect(diff.groupVersionsRemoved).toEqual([...groupVersions(before)].filter((g) => !groupVersions(after).has(g)).sort());
    expect(diff.summary.kindsAdded).toBe(diff.added.length);
    const text = await cli(OLDEST, NEWEST);
    expect(text.split("\n")[0]).toBe(`Kubernetes ${OLDEST} → Kubernetes ${NEWEST}: ${summaryLine(diff)}`);
    console.log(`diff ${OLDEST} ${NEWEST}: ${summaryLine(diff)}`);
  });

  it("reports field, constant and deprecation changes per kind, each added subtree once", async () => {
    const diff = diffModels({ label: "1.35", model: await pinnedModel("1.35") }, { label: "1.36", model: await pinnedModel("1.36") });
    // The constants come from the paths: Pod's SUBRESOURCES as each package's resources.json has them.
    const subresources = (version: string) => readResources(version).find((r) => r.apiVersion === "v1" && r.kind === "Pod")!.subresources.map((s) => s.name).join(", ");
    const wide = diffModels({ label: OLDEST, model: await pinnedModel(OLDEST) }, { label: NEWEST, model: await pinnedModel(NEWEST) });
    const podConstants = wide.changed.find((k) => k.apiVersion === "v1" && k.kind === "Pod")?.constants ?? [];
    if (subresources(OLDEST) === subresources(NEWEST)) expect(podConstants.map((c) => c.constant)).not.toContain("SUBRESOURCES");
    else expect(podConstants).toContainEqual({ constant: "SUBRESOURCES", from: subresources(OLDEST), to: subresources(NEWEST) });
    // An added field with children is one change, at its top.
    const paths = diff.changed.flatMap((k) => k.fields.filter((f) => f.change === "added").map((f) => `${k.apiVersion} ${k.kind} ${f.path}`));
    for (const path of paths) expect(paths.filter((p) => path.startsWith(`${p}.`) || path.startsWith(`${p}[]`))).toEqual([]);
    expect(diff.changed.map((k) => `${k.apiVersion} ${k.kind}`)).toEqual([...diff.changed.map((k) => `${k.apiVersion} ${k.kind}`)].sort());
  });

  it("takes a generated package folder or an OpenAPI document as a side", async () => {
    const pinned = JSON.parse(await cli("1.35", NEWEST, "--json")) as ApiDiff;
    const folders = JSON.parse(await cli(join(TEST_PACKAGES, "v1.35"), join(TEST_PACKAGES, `v${NEWEST}`), "--json")) as ApiDiff;
    expect({ ...folders, from: "", to: "" }).toEqual({ ...pinned, from: "", to: "" });
    expect(folders.from).toBe("@k8s-openapi-ts/k8s-1.35 (Kubernetes 1.35)");
    const document = JSON.parse(await cli(join(SHARED, "specs/v1.35.swagger.json"), NEWEST, "--json")) as ApiDiff;
    expect(document.added).toEqual(pinned.added);
    expect(document.removed).toEqual(pinned.removed);
    const markdown = await cli("1.35", NEWEST, "--markdown");
    expect(markdown.startsWith(`# Changes from Kubernetes 1.35 to Kubernetes ${NEWEST}\n\n${summaryLine(pinned)}.\n`)).toBe(true);
    await expect(cli(join(SHARED, "specs"), NEWEST)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/package\.json.*not a generated package/) });
  });

  it("every Kubernetes package carries CHANGES.md from the previous pinned minor, linked from its README", async () => {
    for (const [i, version] of VERSIONS.entries()) {
      const dir = join(TEST_PACKAGES, `v${version}`);
      const changes = readFileSync(join(dir, "CHANGES.md"), "utf8");
      expect(readFileSync(join(dir, "README.md"), "utf8")).toContain("[CHANGES.md](./CHANGES.md)");
      expect((JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { files: string[] }).files).toContain("CHANGES.md");
      if (i === 0) {
        expect(changes).toContain(`Kubernetes ${version} is the first (oldest) pinned version`);
        continue;
      }
      const previous = VERSIONS[i - 1]!;
      const diff = diffModels({ label: previous, model: await pinnedModel(previous) }, { label: version, model: await pinnedModel(version) });
      expect(changes.split("\n")[0]).toBe(`# Changes in Kubernetes ${version} since ${previous}`);
      expect(changes).toContain(`${summaryLine(diff)}.`);
      for (const kind of names(diff.added)) expect(changes).toContain(`- \`${kind}\``);
    }
  });
});
