// Descriptions become JSDoc. Descriptions are untrusted text (a cluster document may hold
// anything), so the comment must stay a comment: `*/` is broken up, every line break
// form (CR, LF, U+2028, U+2029) becomes a plain new line, control characters are dropped,
// and no word that starts with `@` can turn into a tag (TypeScript reads one after any whitespace).

export interface DocTags {
  deprecated?: string | undefined;
  default?: unknown;
  extra?: string[];
}

export function escapeCommentText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "")
    .replace(/\*\//g, "*\\/")
    .split("\n")
    // TypeScript starts a tag at an `@` that begins a line or follows whitespace (mid-line too).
    .map((line) => line.replace(/\s+$/, "").replace(/(^|\s)@/g, "$1\\@"))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A JSDoc block, or "" when there is nothing to say. */
export function jsdoc(description: string | undefined, tags: DocTags = {}): string {
  const lines: string[] = [];
  if (description) lines.push(...escapeCommentText(description).split("\n"));
  for (const extra of tags.extra ?? []) lines.push(...escapeCommentText(extra).split("\n"));
  if (tags.default !== undefined) {
    const value = JSON.stringify(tags.default);
    if (value !== undefined) lines.push(`@default ${tagText(value)}`);
  }
  if (tags.deprecated) lines.push(`@deprecated ${tagText(tags.deprecated)}`);
  if (lines.length === 0) return "";
  return `/**\n${lines.map((l) => (l ? ` * ${l}` : " *")).join("\n")}\n */\n`;
}

/** The text of a tag, on the tag's one line. */
function tagText(text: string): string {
  return escapeCommentText(text).replace(/\n/g, " ");
}
