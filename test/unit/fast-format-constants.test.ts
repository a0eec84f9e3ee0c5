// The fast formatter's shape for a kind's constants (`export declare const Pod: A<…> & B<…>;`,
// issue 16) prints what prettier prints, in each of prettier's three layouts.
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { formatTypesChunk } from "../../generator/format/fast-format.js";
import { formatSource, PRETTIER_OPTIONS } from "../../generator/format/format-files.js";

const verbs = 'readonly ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]';
const cases: [string, string][] = [
  ["fits on one line", 'export declare const S: RC<"v1", "", "S", "v1", "s", "cluster", readonly [], readonly [], readonly []>;\n'],
  ["first reference on the first line, the others below", 'export declare const S: RC<"v1", "", "S", "v1", "s", "c", readonly [], readonly [], readonly []> & LKC<"SList"> & MA<S, meta_v1.ObjectMeta | null | undefined>;\n'],
  ["type arguments one per line, a long tuple broken", `/** Constants. */\nexport declare const Pod: meta_v1.ResourceConstants<"v1", "", "Pod", "v1", "pods", "namespaced", ${verbs}, readonly ["json", "merge", "strategic", "apply"], readonly ["attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy", "status"]> & meta_v1.ListKindConstant<"PodList"> & meta_v1.MetadataAccessor<Pod, meta_v1.ObjectMeta>;\n`],
  ["one reference, arguments one per line", `export declare const Binding: meta_v1.ResourceConstants<"v1", "", "Binding", "v1", "bindings", "namespaced", ${verbs}, readonly [], readonly []>;\n`],
];

describe("fast formatter, constants declarations", () => {
  for (const [name, text] of cases) {
    it(`${name}: as prettier, without prettier`, async () => {
      expect(formatTypesChunk(text.trimEnd())).toBeDefined();
      expect(await formatSource(text, "typescript")).toBe(await prettier.format(text, { ...PRETTIER_OPTIONS, parser: "typescript" }));
    });
  }
  it("hands other constant shapes back", () => {
    expect(formatTypesChunk('export declare const S: RC<"a\\"b">;')).toBeUndefined();
    expect(formatTypesChunk("export declare const S: { a: string } & B<C>;")).toBeUndefined();
  });
});
