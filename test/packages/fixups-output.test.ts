// The fixups as they reach the emitted packages (test/unit/fixups.test.ts runs them on raw
// specs only): for every pinned version, each repaired property has the right optionality in
// the generated types, and the raw spec says whether that took a repair (the bug, inside the
// fixup's range) or not (upstream fixed it: the definition and property are still there, with
// the right optionality). If the pipeline stopped applying fixups, this fails.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXUPS, fixupApplies } from "../../generator/normalise/fixups.js";
import type { GroupVersionKind } from "../../generator/spec-types.js";
import { TEST_PACKAGES, VERSIONS, readResources, readSpec } from "../helpers.js";
import { OTHER_FIXUPS, PROPERTY_FIXUPS } from "../support/fixup-targets.js";
import { STRICT_OPTIONS, makeProject, typecheck } from "../support/typecheck.js";

const pkg = (version: string) => `@k8s-openapi-ts/k8s-${version}`;

const fixupNamed = (name: string) => {
  const found = FIXUPS.find((f) => f.name === name);
  if (!found) throw new Error(`no fixup named ${name} in generator/normalise/fixups.ts`);
  return found;
};

type Operation = { "x-kubernetes-group-version-kind"?: GroupVersionKind; "x-kubernetes-action"?: string };
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

it("this test covers every fixup of the generator", () => {
  expect(FIXUPS.map((f) => f.name).sort()).toEqual([...PROPERTY_FIXUPS.map((t) => t.fixup), ...OTHER_FIXUPS].sort());
});

describe("optionality fixups in the emitted types, every pinned version", () => {
  it("the raw spec has the bug exactly inside each fixup's range, and outside it the definition and property exist with the right optionality", () => {
    const wrong: string[] = [];
    let inRange = 0;
    for (const version of VERSIONS) {
      const spec = readSpec(version);
      for (const t of PROPERTY_FIXUPS) {
        const def = spec.definitions[t.definition];
        if (!def?.properties?.[t.property]) {
          wrong.push(`${version} ${t.definition}.${t.property}: absent from the raw spec`);
          continue;
        }
        const raw = def.required?.includes(t.property) ? "required" : "optional";
        const repaired = fixupApplies(fixupNamed(t.fixup), version);
        if (repaired) inRange++;
        if ((raw !== t.right) !== repaired) wrong.push(`${version} ${t.fixup}: the raw spec says ${raw}, the fixup is ${repaired ? "" : "not "}applied`);
      }
    }
    expect(wrong).toEqual([]);
    // 10 pinned versions: eventTime on 10, serviceName on 5 (1.28–1.32), podSelector on 6
    // (1.28–1.33), HostAlias.ip on 2, HostIP.ip and PodIP.ip on 3 each (the ranges in the README).
    expect(inRange).toBe(29);
  });

  it("each repaired property has the right optionality in the generated .d.ts (tsc on every version's package)", () => {
    const project = makeProject(Object.fromEntries(VERSIONS.map((v) => [pkg(v), join(TEST_PACKAGES, `v${v}`)])));
    const sources: Record<string, string> = {};
    for (const version of VERSIONS) {
      for (const t of PROPERTY_FIXUPS) {
        // `{} extends Pick<T, K>` holds exactly when K is optional in T; a missing K is an error too.
        sources[`v${version.replace(".", "_")}_${t.fixup.replace(/\W/g, "_")}.ts`] = [
          `import type { ${t.type} } from "${pkg(version)}/${t.module}";`,
          `type Optionality<T, K extends keyof T> = {} extends Pick<T, K> ? "optional" : "required";`,
          `export const x: Optionality<${t.type}, "${t.property}"> = "${t.right}";`,
          "",
        ].join("\n");
      }
    }
    // A control in the same run: a property that is required on every version must read "required".
    sources["control.ts"] = `import type { Pod } from "${pkg(VERSIONS[0]!)}/core/v1";\ntype Optionality<T, K extends keyof T> = {} extends Pick<T, K> ? "optional" : "required";\nexport const x: Optionality<Pod, "kind"> = "optional";\n`;
    const diagnostics = typecheck(project, sources, { ...STRICT_OPTIONS, skipLibCheck: true });
    const byFile = diagnostics.map((d) => `${d.file.split("/").pop()}: ${d.message.split("\n")[0]}`);
    expect(byFile.filter((d) => d.startsWith("control.ts: ")).length, "the control must fail").toBe(1);
    expect(byFile.filter((d) => !d.startsWith("control.ts: "))).toEqual([]);
  });
});

describe("GVK fixups in the emitted resources.json, every pinned version", () => {
  it("connect-options-gvk: the exec/attach/portforward/proxy subresources the raw spec tags with an *Options kind (no definition) carry the parent's kind", () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const version of VERSIONS) {
      const spec = readSpec(version);
      const defined = new Set(
        Object.values(spec.definitions).flatMap((d) => (d["x-kubernetes-group-version-kind"] ?? []).map((g) => `${g.group}/${g.version}/${g.kind}`)),
      );
      const resources = readResources(version);
      const repaired = fixupApplies(fixupNamed("connect-options-gvk"), version);
      let tagged = 0;
      for (const [path, item] of Object.entries(spec.paths)) {
        for (const method of METHODS) {
          const op = (item as Record<string, Operation | undefined>)[method];
          const gvk = op?.["x-kubernetes-group-version-kind"];
          if (!gvk || !gvk.kind.endsWith("Options") || defined.has(`${gvk.group}/${gvk.version}/${gvk.kind}`)) continue;
          tagged++;
          // The parent: the kind the GET of `…/<segment>/{name}` is tagged with.
          const m = /^(.*\/([^/]+)\/\{name\})\/([^/]+)(\/\{path\})?$/.exec(path);
          const parentGvk = m && (spec.paths[m[1]!] as Record<string, Operation | undefined> | undefined)?.["get"]?.["x-kubernetes-group-version-kind"];
          if (!m || !parentGvk) {
            wrong.push(`${version} ${method} ${path}: no parent GET at …/{name}`);
            continue;
          }
          const apiVersion = parentGvk.group === "" ? parentGvk.version : `${parentGvk.group}/${parentGvk.version}`;
          const parent = resources.find((r) => r.apiVersion === apiVersion && r.kind === parentGvk.kind);
          const sub = parent?.subresources.find((s) => s.name === m[3]);
          checked++;
          if (!sub) wrong.push(`${version} ${parentGvk.kind}: no subresource ${m[3]}`);
          else if (sub.kind) wrong.push(`${version} ${parentGvk.kind}/${sub.name}: body kind ${sub.kind.apiVersion} ${sub.kind.kind}, expected the parent's`);
        }
      }
      if (repaired && tagged === 0) wrong.push(`${version}: the fixup is in range, but no operation is tagged with an *Options kind`);
    }
    expect(wrong).toEqual([]);
    // A fact of every pinned spec: 48 operations per version — GET and POST of Pod exec, attach
    // and portforward, and the 7 methods of `proxy` and `proxy/{path}` of Pod, Node and Service.
    expect(checked).toBe(VERSIONS.length * 48);
  });

  it("status-extra-gvk: meta/v1 Status is one resource kind of core v1, whether the raw spec gives it two GVKs (inside the range) or one", () => {
    const wrong: string[] = [];
    for (const version of VERSIONS) {
      const status = readSpec(version).definitions["io.k8s.apimachinery.pkg.apis.meta.v1.Status"];
      const gvks = status?.["x-kubernetes-group-version-kind"]?.length ?? 0;
      const repaired = fixupApplies(fixupNamed("status-extra-gvk"), version);
      if (gvks !== (repaired ? 2 : 1)) wrong.push(`${version}: the raw Status has ${gvks} GVKs, the fixup is ${repaired ? "" : "not "}applied`);
      const entries = readResources(version).filter((r) => r.definition === "io.k8s.apimachinery.pkg.apis.meta.v1.Status");
      if (entries.map((r) => `${r.apiVersion} ${r.kind}`).join() !== "v1 Status") wrong.push(`${version}: resources.json has ${JSON.stringify(entries.map((r) => `${r.apiVersion} ${r.kind}`))} for meta/v1 Status`);
    }
    expect(wrong).toEqual([]);
  });
});
