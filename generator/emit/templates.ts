// The Handlebars templates of emitted files, compiled once. Logic stays in the emitters;
// templates only lay text out.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { packageFile } from "../package-root.js";

const dir = packageFile("generator", "emit", "templates");
const hbs = Handlebars.create();
hbs.registerHelper("json", (value: unknown) => JSON.stringify(value ?? null));
hbs.registerHelper("jsonList", (values: unknown[]) => (values ?? []).map((v) => JSON.stringify(v)).join(", "));

const cache = new Map<string, Handlebars.TemplateDelegate>();

export function render(name: string, data: object): string {
  let template = cache.get(name);
  if (!template) {
    template = hbs.compile(readFileSync(join(dir, `${name}.hbs`), "utf8"), { noEscape: true, strict: true });
    cache.set(name, template);
  }
  return template(data);
}
