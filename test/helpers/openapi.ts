/**
 * Validators built from Zoom's OpenAPI subset (contract/zoom-openapi-subset.json, see contract/README.md), so tests check bodies
 * against Zoom's published contract rather than against our own idea of it.
 * The emulator's contract test uses them, and the app's tests reuse them on the PATCH bodies the app sends.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ZOOM_SPEC_PATH = path.resolve(__dirname, '../../contract/zoom-openapi-subset.json');

interface OpenApiSubset {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
  components: { schemas: Record<string, unknown> };
}

export type Verdict = { valid: boolean; errors: string };

let cached: { spec: OpenApiSubset; ajv: Ajv } | undefined;

/** One Ajv per test file: the spec's components go in once under the id 'zoom' so its internal $refs resolve. */
function zoom(): { spec: OpenApiSubset; ajv: Ajv } {
  if (!cached) {
    const spec = JSON.parse(readFileSync(ZOOM_SPEC_PATH, 'utf8')) as OpenApiSubset;
    // strict: false because OpenAPI adds keywords JSON Schema does not know (example, x-ballerina-name, ...).
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'zoom', components: spec.components });
    cached = { spec, ajv };
  }
  return cached;
}

function toVerdictFn(validate: ValidateFunction): (data: unknown) => Verdict {
  return (data) => {
    const valid = validate(data) as boolean;
    return { valid, errors: valid ? '' : zoom().ajv.errorsText(validate.errors) };
  };
}

/** Validator for a named schema under components.schemas, e.g. 'MeetingIdLivestreamBody'. */
export function validatorFor(schemaName: string): (data: unknown) => Verdict {
  const { spec, ajv } = zoom();
  if (!(schemaName in spec.components.schemas)) throw new Error(`No schema ${schemaName} in ${ZOOM_SPEC_PATH}`);
  return toVerdictFn(ajv.compile({ $ref: `zoom#/components/schemas/${schemaName}` }));
}

/** Validator for an operation's JSON response, e.g. ('/meetings/{meetingId}/livestream', 'get', '200'). */
export function responseValidatorFor(apiPath: string, method: string, status: string): (data: unknown) => Verdict {
  const { spec, ajv } = zoom();
  const ref = spec.paths[apiPath]?.[method]?.responses[status]?.content?.['application/json']?.schema?.$ref;
  if (!ref) throw new Error(`No JSON response schema for ${method.toUpperCase()} ${apiPath} ${status}`);
  return toVerdictFn(ajv.compile({ $ref: `zoom${ref}` }));
}
