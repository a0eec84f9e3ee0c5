// CRD stage 1: files and folders of YAML manifests → their documents, read as kubectl reads
// them. kubectl parses YAML with go-yaml v2 (YAML 1.1 rules) through sigs.k8s.io/yaml, so
// the npm `yaml` parser runs with its YAML 1.1 schema (yes/no/on/off are booleans, 0755 is
// octal, `<<` merges), adjusted where go-yaml differs from the YAML 1.1 spec:
//   - timestamps stay strings: go-yaml hands an untagged timestamp to an interface{} as its
//     text, and the API serves `creationTimestamp` as a string (npm `yaml` would make a Date);
//   - no sexagesimal numbers (`1:30` stays a string): go-yaml never implemented them;
//   - a float needs a digit (`.` stays a string): npm `yaml` 1.1 reads a bare `.` as NaN,
//     go-yaml's strconv.ParseFloat refuses it.
import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments, type Tags } from "yaml";
import { GeneratorError } from "../errors.js";

export interface ManifestDocument {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  value: unknown;
}

const YAML_FILE = /\.(ya?ml|json)$/i;

/** Expands folders (recursively, YAML and JSON files, sorted) and keeps files as given. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (YAML_FILE.test(entry.name)) files.push(path);
    }
  };
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch (error) {
      throw new GeneratorError(`cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: input });
    }
    if (info.isDirectory()) await walk(input);
    else files.push(input);
  }
  return files;
}

const TIMESTAMP = "tag:yaml.org,2002:timestamp";
const FLOAT = "tag:yaml.org,2002:float";
/** go-yaml's float: digits on at least one side of the dot. */
const GO_FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;

/** The YAML 1.1 tags, adjusted to what go-yaml (and so kubectl) does; see the file header. */
export function kubectlTags(tags: Tags): Tags {
  return tags
    .filter((tag) => !(typeof tag === "object" && (tag.tag === TIMESTAMP || tag.format === "TIME")))
    .map((tag) => (typeof tag === "object" && tag.tag === FLOAT && !tag.format && tag.test?.source.includes("\\.") && !tag.test.source.includes("inf") ? { ...tag, test: GO_FLOAT } : tag));
}

/** Every document of a YAML text (empty documents are skipped, as kubectl skips them). */
export function parseManifests(text: string, file: string): ManifestDocument[] {
  const docs = parseAllDocuments(text, { version: "1.1", customTags: kubectlTags, merge: true, prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: ManifestDocument[] = [];
  list.forEach((doc, index) => {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      throw new GeneratorError(`YAML document ${index}: ${error.message.split("\n")[0]}`, { file, ...(pos ? { line: pos.line, column: pos.col } : {}) });
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      // The alias limit (a "billion laughs" document) and other failures of building the value.
      throw new GeneratorError(`YAML document ${index}: ${(error as Error).message}`, { file });
    }
    if (value === null || value === undefined) return;
    out.push({ file, index, value });
  });
  return out;
}

export async function readManifests(inputs: string[]): Promise<{ files: string[]; documents: ManifestDocument[] }> {
  const files = await expandInputs(inputs);
  if (files.length === 0) throw new GeneratorError("no YAML or JSON files found", { file: inputs.join(", ") });
  const documents: ManifestDocument[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new GeneratorError(`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
    }
    documents.push(...parseManifests(text, file));
  }
  return { files, documents };
}
