// One kubeconfig file: YAML → its named clusters, users and contexts and its current-context.
// kubectl reads kubeconfigs with go-yaml v2 (YAML 1.1: `yes`/`on` are booleans), so the
// `yaml` parser runs with its YAML 1.1 schema, less what go-yaml never did (timestamps stay
// strings, `1:30` is no sexagesimal number). Entries keep the file they came from:
// relative paths inside them are resolved against that file's folder, and messages name it.
import { readFile } from "node:fs/promises";
import { parseDocument, type Tags } from "yaml";

/** A named entry of `clusters`, `users` or `contexts`, with the file that defined it. */
export interface KubeconfigEntry {
  name: string;
  /** The entry's `cluster`/`user`/`context` object. */
  fields: Record<string, unknown>;
  file: string;
}

export interface KubeconfigFile {
  file: string;
  currentContext: string | undefined;
  clusters: Map<string, KubeconfigEntry>;
  users: Map<string, KubeconfigEntry>;
  contexts: Map<string, KubeconfigEntry>;
}

/** A failure of one file; the loader adds the other files and the context to the message. */
export class KubeconfigFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

const LISTS = { clusters: "cluster", users: "user", contexts: "context" } as const;
type ListName = keyof typeof LISTS;

/** Reads and parses a kubeconfig file; `undefined` when it does not exist. */
export async function readKubeconfigFile(file: string): Promise<KubeconfigFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new KubeconfigFileError(file, `cannot read the file: ${code ?? String(error)}`);
  }
  return parseKubeconfig(text, file);
}

export function parseKubeconfig(text: string, file: string): KubeconfigFile {
  const root = parseYaml(text, file);
  const currentContext = root["current-context"];
  if (currentContext !== undefined && currentContext !== null && typeof currentContext !== "string") throw new KubeconfigFileError(file, "current-context is not a string");
  return {
    file,
    currentContext: currentContext || undefined,
    clusters: namedEntries(root, "clusters", file),
    users: namedEntries(root, "users", file),
    contexts: namedEntries(root, "contexts", file),
  };
}

function parseYaml(text: string, file: string): Record<string, unknown> {
  const doc = parseDocument(text, { version: "1.1", customTags: goYamlTags, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw new KubeconfigFileError(file, `not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ""}: ${error.message.split("\n")[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new KubeconfigFileError(file, `not a usable YAML document: ${(error as Error).message}`);
  }
  if (value === null || value === undefined) return {}; // an empty file is an empty kubeconfig, as for kubectl
  if (!isRecord(value)) throw new KubeconfigFileError(file, "not a kubeconfig: the document is not a mapping");
  return value;
}

/** The YAML 1.1 tags without the timestamp and sexagesimal ones, which go-yaml does not resolve. */
function goYamlTags(tags: Tags): Tags {
  return tags.filter((tag) => !(typeof tag === "object" && (tag.tag === "tag:yaml.org,2002:timestamp" || tag.format === "TIME")));
}

/** `clusters: [{ name, cluster: {…} }]` → a map by name; a later entry of the same name replaces an earlier one, as in kubectl. */
function namedEntries(root: Record<string, unknown>, list: ListName, file: string): Map<string, KubeconfigEntry> {
  const entries = new Map<string, KubeconfigEntry>();
  const value = root[list];
  if (value === undefined || value === null) return entries;
  if (!Array.isArray(value)) throw new KubeconfigFileError(file, `${list} is not a list`);
  const key = LISTS[list];
  value.forEach((item: unknown, index) => {
    if (!isRecord(item) || typeof item["name"] !== "string" || item["name"] === "") throw new KubeconfigFileError(file, `${list}[${index}] has no name`);
    const fields = item[key] ?? {};
    if (!isRecord(fields)) throw new KubeconfigFileError(file, `${list}[${index}] ("${item["name"]}"): ${key} is not a mapping`);
    entries.set(item["name"], { name: item["name"], fields, file });
  });
  return entries;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
