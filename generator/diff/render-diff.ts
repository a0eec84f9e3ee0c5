// An ApiDiff as a terminal summary or as Markdown (the packages' CHANGES.md); JSON is the object itself.
import type { ApiDiff, FieldChange, KindChanges } from "./diff-models.js";

/** One line of counts, the same in both renderings. */
export function summaryLine(diff: ApiDiff): string {
  const s = diff.summary;
  return (
    `kinds +${s.kindsAdded} −${s.kindsRemoved}, group-versions +${s.groupVersionsAdded} −${s.groupVersionsRemoved}, ` +
    `${s.kindsChanged} kinds changed: fields +${s.fieldsAdded} −${s.fieldsRemoved}, ${s.madeRequired} made required, ${s.madeOptional} made optional, ` +
    `${s.typeChanges} type changes, ${s.newlyDeprecated} newly deprecated, ${s.constantChanges} constant changes`
  );
}

function fieldLine(f: FieldChange): string {
  switch (f.change) {
    case "added":
      return `+ ${f.path}: ${f.to}`;
    case "removed":
      return `- ${f.path}: ${f.from}`;
    case "type changed":
      return `~ ${f.path}: ${f.from} → ${f.to}`;
    case "deprecated":
      return `! ${f.path} deprecated: ${f.to}`;
    default:
      return `~ ${f.path} ${f.change}`;
  }
}

function kindLines(k: KindChanges): string[] {
  return [
    ...(k.deprecated ? [`! deprecated: ${k.deprecated}`] : []),
    ...k.constants.map((c) => `~ ${c.constant}: ${c.from || "(none)"} → ${c.to || "(none)"}`),
    ...k.fields.map(fieldLine),
  ];
}

const kindName = (k: { apiVersion: string; kind: string }) => `${k.apiVersion} ${k.kind}`;

export function renderDiffText(diff: ApiDiff): string {
  const lines = [`${diff.from} → ${diff.to}: ${summaryLine(diff)}`];
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push("", `${title} (${items.length}):`, ...items.map((i) => `  ${i}`));
  };
  section("Group-versions added", diff.groupVersionsAdded);
  section("Group-versions removed", diff.groupVersionsRemoved);
  section("Kinds added", diff.added.map(kindName));
  section("Kinds removed", diff.removed.map(kindName));
  if (diff.changed.length) {
    lines.push("", `Kinds changed (${diff.changed.length}):`);
    for (const k of diff.changed) lines.push(`  ${kindName(k)}`, ...kindLines(k).map((l) => `    ${l}`));
  }
  return `${lines.join("\n")}\n`;
}

/** Markdown; `title` heads it (CHANGES.md names the package). Code spans keep paths and types literal. */
export function renderDiffMarkdown(diff: ApiDiff, title = `Changes from ${diff.from} to ${diff.to}`): string {
  const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
  const out = [`# ${title}`, "", `${summaryLine(diff)}.`];
  const section = (heading: string, items: string[]) => {
    if (items.length) out.push("", `## ${heading} (${items.length})`, "", ...items.map((i) => `- ${i}`));
  };
  section("Group-versions added", diff.groupVersionsAdded.map(code));
  section("Group-versions removed", diff.groupVersionsRemoved.map(code));
  section("Kinds added", diff.added.map((k) => code(kindName(k))));
  section("Kinds removed", diff.removed.map((k) => code(kindName(k))));
  if (diff.changed.length) {
    out.push("", `## Kinds changed (${diff.changed.length})`);
    for (const k of diff.changed) {
      out.push("", `### ${kindName(k)}`, "");
      for (const line of kindLines(k)) out.push(`- ${code(line)}`);
    }
  }
  return `${out.join("\n")}\n`;
}
