// Writes a JSON value as a TypeScript object literal with one property per line, and
// records the JSON path of every line, so a compiler diagnostic can be traced back to the
// field of the manifest it is about.

export interface Literal {
  text: string;
  /** paths[i] is the path of line i (0-based) of `text`, e.g. "spec.containers[0].image". */
  paths: string[];
}

export function toLiteral(value: unknown): Literal {
  const lines: string[] = [];
  const paths: string[] = [];
  const emit = (v: unknown, path: string, indent: string, prefix: string, suffix: string): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) {
        lines.push(`${indent}${prefix}[]${suffix}`);
        paths.push(path);
        return;
      }
      lines.push(`${indent}${prefix}[`);
      paths.push(path);
      v.forEach((item, i) => emit(item, `${path}[${i}]`, `${indent}  `, "", ","));
      lines.push(`${indent}]${suffix}`);
      paths.push(path);
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      if (entries.length === 0) {
        lines.push(`${indent}${prefix}{}${suffix}`);
        paths.push(path);
        return;
      }
      lines.push(`${indent}${prefix}{`);
      paths.push(path);
      for (const [key, item] of entries) {
        emit(item, path ? `${path}.${key}` : key, `${indent}  `, `${JSON.stringify(key)}: `, ",");
      }
      lines.push(`${indent}}${suffix}`);
      paths.push(path);
    } else {
      lines.push(`${indent}${prefix}${scalar(v)}${suffix}`);
      paths.push(path);
    }
  };
  emit(value, "", "", "", "");
  return { text: lines.join("\n"), paths };
}

function scalar(v: unknown): string {
  if (typeof v === "number" && !Number.isFinite(v)) return "NaN";
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  return JSON.stringify(v) ?? "undefined";
}
