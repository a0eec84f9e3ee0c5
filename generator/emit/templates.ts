// The Handlebars templates of emitted files, compiled once. Logic stays in the emitters;
// templates only lay text out.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";

const dir = join(dirname(fileURLToPath(import.meta.url)), "templates");
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
