// Every failure the user can cause (bad input, bad flags, unwritable output) is a
// GeneratorError: it names the file and, where it applies, the JSON pointer inside it.
// The CLI prints these without a stack trace and exits non-zero; anything else is a bug.

export interface ErrorLocation {
  /** The input file or URL. */
  file: string;
  /** RFC 6901 JSON pointer inside the document, e.g. `/definitions/io.k8s.api.core.v1.Pod`. */
  pointer?: string;
  line?: number;
  column?: number;
}

export class GeneratorError extends Error {
  override readonly name = "GeneratorError";
  constructor(
    message: string,
    readonly location?: ErrorLocation,
    readonly hint?: string,
  ) {
    super(message);
  }

  /** The one-paragraph text the CLI prints. */
  format(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : "";
    return `${where}${this.message}${this.hint ? `\n  hint: ${this.hint}` : ""}`;
  }
}

export function formatLocation(loc: ErrorLocation): string {
  let text = loc.file;
  if (loc.line !== undefined) text += `:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ""}`;
  if (loc.pointer !== undefined) text += ` at ${loc.pointer === "" ? "/" : loc.pointer}`;
  return text;
}

/** Builds a JSON pointer from path segments, escaping `~` and `/` as RFC 6901 says. */
export function jsonPointer(...segments: (string | number)[]): string {
  return segments.map((s) => "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}
