// Typed reads of kubeconfig fields: a wrong type is an error that names the entry and field.
import { ConfigProblem } from "./errors.js";
import { isRecord, type KubeconfigEntry } from "./kubeconfig-file.js";

/** `user "admin"`, plus the file it came from when several files were merged. */
export function entryLabel(kind: "cluster" | "user" | "context", entry: KubeconfigEntry, showFile: boolean): string {
  return `${kind} "${entry.name}"${showFile ? ` (from ${entry.file})` : ""}`;
}

export class FieldReader {
  constructor(
    private readonly fields: Record<string, unknown>,
    private readonly label: string,
  ) {}

  has(key: string): boolean {
    const value = this.fields[key];
    return value !== undefined && value !== null && value !== "";
  }

  string(key: string): string | undefined {
    const value = this.fields[key];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") throw this.problem(`${key} is not a string`);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.fields[key];
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean") throw this.problem(`${key} is not true or false`);
    return value;
  }

  stringList(key: string): string[] {
    const value = this.fields[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string")) throw this.problem(`${key} is not a list of strings`);
    return value;
  }

  record(key: string): FieldReader | undefined {
    const value = this.fields[key];
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) throw this.problem(`${key} is not a mapping`);
    return new FieldReader(value, `${this.label}: ${key}`);
  }

  /** A list of mappings, e.g. exec.env or extensions. */
  records(key: string): FieldReader[] {
    const value = this.fields[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every(isRecord)) throw this.problem(`${key} is not a list of mappings`);
    return value.map((item, index) => new FieldReader(item, `${this.label}: ${key}[${index}]`));
  }

  raw(key: string): unknown {
    return this.fields[key];
  }

  problem(reason: string): ConfigProblem {
    return new ConfigProblem(`${this.label}: ${reason}`);
  }
}
