// The corpus documents the API server judges: every document of ../shared/corpus/manifests
// and crds/examples, read as kubectl reads YAML (test/support/corpus.ts), with the items of a
// list (`v1 List`, `ConfigMapList`, `RoleList`, …) taken one by one, as `kubectl create -f`
// sends them: a list is no object the server creates. Every file counts, also the four YAML
// files of istio's injection test data named `*.yaml.injected` (which the corpus type tests,
// reading `*.yaml`/`*.yml` only, leave out).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { CORPUS, corpusPath, readDocuments } from "../support/corpus.js";

/** Every file under `folder`, sorted as test/support/corpus.ts's yamlFiles sorts. */
function everyFile(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry);
      return statSync(path).isDirectory() ? everyFile(path) : [path];
    });
}

export interface CorpusDocument {
  /** "manifests/…/file.yaml#2", "…#0/items/3" for an item of a list. */
  id: string;
  /** Corpus-relative file, as SOURCES.md names it. */
  file: string;
  /** Index of the YAML document in the file. */
  doc: number;
  /** Index in the list's `items`, for an item of a list. */
  item?: number;
  folder: "manifests" | "crds/examples";
  apiVersion: string;
  kind: string;
  /** metadata.name, or `generateName*`, or "" when it has neither. */
  name: string;
  /** metadata.namespace as written, if any. */
  namespace: string | undefined;
  value: Record<string, unknown>;
}

const isList = (value: Record<string, unknown>) => typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items);

export function readCorpusDocuments(): CorpusDocument[] {
  const out: CorpusDocument[] = [];
  for (const folder of ["manifests", "crds/examples"] as const) {
    for (const path of everyFile(join(CORPUS, folder))) {
      const file = corpusPath(path);
      readDocuments(path).forEach((raw, doc) => {
        const value = raw as Record<string, unknown>;
        const add = (object: Record<string, unknown>, item?: number) => {
          const metadata = (object.metadata ?? {}) as { name?: unknown; generateName?: unknown; namespace?: unknown };
          out.push({
            id: `${file}#${doc}${item === undefined ? "" : `/items/${item}`}`,
            file,
            doc,
            ...(item === undefined ? {} : { item }),
            folder,
            apiVersion: String(object.apiVersion),
            kind: String(object.kind),
            name: typeof metadata.name === "string" ? metadata.name : typeof metadata.generateName === "string" ? `${metadata.generateName}*` : "",
            namespace: typeof metadata.namespace === "string" ? metadata.namespace : undefined,
            value: object,
          });
        };
        if (isList(value)) (value.items as Record<string, unknown>[]).forEach((item, i) => add(item, i));
        else add(value);
      });
    }
  }
  return out;
}
