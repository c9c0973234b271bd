// GitHub's own OpenAPI description is the contract for the test server: every request it
// receives and every response it sends is checked against it, so code that passes against
// the server keeps to the API that api.github.com documents.
//
// The non-dereferenced description (13 MB, ~60 ms to parse) is used rather than the
// `.deref.json` variant (73 MB): ajv follows `$ref`s itself and compiles only the schemas an
// operation reaches, once per worker, when that operation is first used.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type JsonSchema = Record<string, unknown>;

interface RawParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

interface RawResponse {
  description?: string;
  content?: Record<string, { schema?: JsonSchema }>;
}

interface RawOperation {
  operationId: string;
  externalDocs?: { url?: string };
  parameters?: Array<RawParameter | { $ref: string }>;
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, RawResponse | { $ref: string }>;
}

interface RawDescription {
  paths: Record<string, Record<string, RawOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, RawParameter>;
    responses: Record<string, RawResponse>;
  };
}

/** One REST operation of GitHub's API, as its OpenAPI description documents it. */
export interface Operation {
  /** GitHub's operation id, e.g. `issues/create`. */
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The documented path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  readonly pathTemplate: string;
  /** The documentation page GitHub links to in its error bodies for this operation. */
  readonly documentationUrl: string;
}

/** An operation matched to a concrete request path, with its raw (still encoded-free) path parameters. */
export interface OperationMatch {
  readonly operation: Operation;
  readonly pathParams: Readonly<Record<string, string>>;
}

/** A readable account of one way a request or response departs from the description. */
export interface SchemaProblem {
  readonly operationId: string;
  /** `path`, `query`, `body` for requests; `status` or `response` for responses. */
  readonly location: 'path' | 'query' | 'body' | 'status' | 'response';
  readonly message: string;
}

/** Turns a problem into one line: `issues/create body.title: must have required property 'title'`. */
export function formatProblem(problem: SchemaProblem): string {
  return `${problem.operationId} ${problem.message.startsWith(problem.location) ? '' : `${problem.location}: `}${problem.message}`;
}

export interface RequestCheck {
  readonly problems: readonly SchemaProblem[];
  /** Path parameters converted to the documented types (e.g. `issue_number` as a number). */
  readonly pathParams: Readonly<Record<string, unknown>>;
  /** Query parameters converted to the documented types, defaults not applied. */
  readonly query: Readonly<Record<string, unknown>>;
}

const SPEC_ID = 'github-rest-api.json';
/** Error statuses GitHub can answer from any endpoint, documented there or not. */
const GENERIC_ERROR_STATUSES = new Set([400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503]);
/** Annotations that never constrain a value. */
const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'externalDocs', 'default']);

interface TemplateEntry {
  readonly template: string;
  /** One entry per segment: the literal text, or null for a `{parameter}`. */
  readonly literals: ReadonlyArray<string | null>;
  readonly names: ReadonlyArray<string | null>;
}

interface Loaded {
  readonly description: RawDescription;
  readonly ajv: Ajv;
  readonly templatesByMethod: Map<string, TemplateEntry[]>;
}

let loaded: Loaded | undefined;
const validators = new Map<string, ValidateFunction>();
const operations = new Map<string, Operation>();

function load(): Loaded {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const description = JSON.parse(readFileSync(file, 'utf8')) as RawDescription;

  const schemas: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(description.components.schemas)) schemas[name] = normalizeSchema(schema);

  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateSchema: false });
  addFormats(ajv);
  // Formats GitHub uses that no standard defines: documentation only.
  ajv.addFormat('timestamp', true);
  ajv.addFormat('repo.nwo', true);
  ajv.addSchema({ $id: SPEC_ID, components: { schemas } }, undefined, undefined, false);

  const templatesByMethod = new Map<string, TemplateEntry[]>();
  for (const [template, item] of Object.entries(description.paths)) {
    const segments = template.split('/').slice(1);
    const entry: TemplateEntry = {
      template,
      literals: segments.map((segment) => (/^\{[^}]+\}$/.test(segment) ? null : segment)),
      names: segments.map((segment) => (/^\{([^}]+)\}$/.exec(segment)?.[1] ?? null)),
    };
    for (const method of Object.keys(item)) {
      const key = method.toUpperCase();
      const list = templatesByMethod.get(key) ?? [];
      list.push(entry);
      templatesByMethod.set(key, list);
    }
  }
  loaded = { description, ajv, templatesByMethod };
  return loaded;
}

/**
 * Rewrites OpenAPI 3.0 `nullable` into JSON Schema that ajv understands, and points
 * `#/components/schemas/...` references at the components document registered with ajv.
 * Without this, ajv skips `nullable` schemas that carry no `type` and rejects `null` where
 * GitHub documents it.
 *
 * @example normalizeSchema({ type: 'string', nullable: true }) // { type: ['string', 'null'] }
 * @example normalizeSchema({ allOf: [{ $ref: '#/components/schemas/x' }], nullable: true })
 *   // { anyOf: [{ allOf: [{ $ref: 'github-rest-api.json#/components/schemas/x' }] }, { type: 'null' }] }
 */
export function normalizeSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === 'discriminator' || key === 'example' || key === 'examples') continue;
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([name, sub]) => [name, normalizeSchema(sub)]));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isObject(value)) {
      out[key] = normalizeSchema(value);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = (value as JsonSchema[]).map(normalizeSchema);
    } else if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
      out[key] = SPEC_ID + value;
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable !== true) return out;

  const composed = ['allOf', 'anyOf', 'oneOf', 'not', '$ref', 'const'].some((key) => key in out);
  if (typeof out.type === 'string' && !composed) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  const constraining = Object.keys(out).filter((key) => !ANNOTATIONS.has(key));
  if (constraining.length === 0) return out;
  return { anyOf: [out, { type: 'null' }] };
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds the documented operation for a method and a concrete path. Literal segments win over
 * parameters, so `/repos/o/r/issues/comments` is `issues/list-comments-for-repo`, not an
 * issue numbered "comments".
 */
export function findOperation(method: string, path: string): OperationMatch | undefined {
  const { description, templatesByMethod } = load();
  const segments = path.split('/').slice(1);
  let best: TemplateEntry | undefined;
  for (const entry of templatesByMethod.get(method.toUpperCase()) ?? []) {
    if (entry.literals.length !== segments.length) continue;
    if (!entry.literals.every((literal, index) => literal === null ? segments[index] !== '' : literal === segments[index])) continue;
    if (!best || moreSpecific(entry, best)) best = entry;
  }
  if (!best) return undefined;
  const pathParams: Record<string, string> = {};
  best.names.forEach((name, index) => {
    if (name !== null) pathParams[name] = safeDecode(segments[index] ?? '');
  });
  const raw = description.paths[best.template]?.[method.toLowerCase()];
  if (!raw) return undefined;
  return { operation: operationFor(method.toUpperCase(), best.template, raw), pathParams };
}

/** Whether any method is documented for this path (GitHub answers 404 either way). */
export function isDocumentedPath(path: string): boolean {
  return ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].some((method) => findOperation(method, path) !== undefined);
}

function moreSpecific(a: TemplateEntry, b: TemplateEntry): boolean {
  for (let index = 0; index < a.literals.length; index += 1) {
    const aLiteral = a.literals[index] !== null;
    const bLiteral = b.literals[index] !== null;
    if (aLiteral !== bLiteral) return aLiteral;
  }
  return false;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function operationFor(method: string, pathTemplate: string, raw: RawOperation): Operation {
  const key = `${method} ${pathTemplate}`;
  const known = operations.get(key);
  if (known) return known;
  const operation: Operation = {
    operationId: raw.operationId,
    method,
    pathTemplate,
    documentationUrl: raw.externalDocs?.url ?? 'https://docs.github.com/rest',
  };
  operations.set(key, operation);
  return operation;
}

function rawOperation(operation: Operation): RawOperation {
  const raw = load().description.paths[operation.pathTemplate]?.[operation.method.toLowerCase()];
  if (!raw) throw new Error(`No operation ${operation.method} ${operation.pathTemplate} in GitHub's description`);
  return raw;
}

function parametersOf(operation: Operation): RawParameter[] {
  const { description } = load();
  return (rawOperation(operation).parameters ?? []).map((parameter) => {
    const resolved = '$ref' in parameter ? description.components.parameters[parameter.$ref.split('/').pop() ?? ''] : parameter;
    if (!resolved) throw new Error(`Unresolvable parameter in ${operation.operationId}`);
    return withDocumentedMaximum(resolved);
  });
}

/**
 * GitHub documents the page-size limit only in prose ("The number of results per page (max 100)"),
 * and silently clamps larger values. Code that asks for more than it can get is wrong, so the
 * limit becomes a schema constraint here.
 */
function withDocumentedMaximum(parameter: RawParameter): RawParameter {
  const max = parameter.name === 'per_page' ? /\(max (\d+)\)/.exec(parameter.description ?? '')?.[1] : undefined;
  if (max === undefined || !parameter.schema) return parameter;
  return { ...parameter, schema: { ...parameter.schema, maximum: Number(max) } };
}

function compiled(key: string, schema: () => JsonSchema): ValidateFunction {
  const known = validators.get(key);
  if (known) return known;
  const validate = load().ajv.compile(normalizeSchema(schema()));
  validators.set(key, validate);
  return validate;
}

/** Converts a query or path string to the type its schema documents, as GitHub parses it. */
function coerce(value: string, schema: JsonSchema | undefined): unknown {
  const type = schema?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if (type === 'array') return value === '' ? [] : value.split(',').map((item) => coerce(item, isObject(schema?.items) ? schema.items : undefined));
  return value;
}

/**
 * Checks a request against its operation: path parameters, query parameters (types, enums,
 * formats, the documented page-size limit, and no undocumented parameters) and the JSON body
 * (required fields, types, and no undocumented top-level fields where the body is an object).
 *
 * `body` is `undefined` when the request carried none.
 */
export function validateRequest(input: {
  operation: Operation;
  pathParams: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: unknown;
}): RequestCheck {
  const { operation } = input;
  const problems: SchemaProblem[] = [];
  const problem = (location: SchemaProblem['location'], message: string): void => {
    problems.push({ operationId: operation.operationId, location, message });
  };
  const parameters = parametersOf(operation);

  const pathParams: Record<string, unknown> = {};
  for (const parameter of parameters.filter((p) => p.in === 'path')) {
    const raw = input.pathParams[parameter.name] ?? '';
    pathParams[parameter.name] = coerce(raw, parameter.schema);
  }
  const query: Record<string, unknown> = {};
  const queryParameters = parameters.filter((p) => p.in === 'query');
  for (const name of new Set(input.query.keys())) {
    const parameter = queryParameters.find((p) => p.name === name);
    if (!parameter) {
      problem('query', `query.${name}: is not a documented parameter of this operation (GitHub ignores it)`);
      continue;
    }
    query[name] = coerce(input.query.get(name) ?? '', parameter.schema);
  }

  for (const [location, list, values] of [['path', parameters.filter((p) => p.in === 'path'), pathParams], ['query', queryParameters, query]] as const) {
    const validate = compiled(`${operation.method} ${operation.pathTemplate} ${location}`, () => ({
      type: 'object',
      properties: Object.fromEntries(list.map((p) => [p.name, p.schema ?? {}])),
      required: list.filter((p) => p.required).map((p) => p.name),
    }));
    if (!validate(values)) for (const message of describeErrors(validate.errors, values, location)) problem(location, message);
  }

  const documentedBody = rawOperation(operation).requestBody;
  const bodySchema = documentedBody?.content['application/json']?.schema;
  if (input.body === undefined) {
    if (documentedBody?.required) problem('body', 'body: a JSON request body is required');
  } else if (!bodySchema) {
    if (!(isObject(input.body) && Object.keys(input.body).length === 0)) problem('body', 'body: this operation takes no JSON request body');
  } else {
    const validate = compiled(`${operation.method} ${operation.pathTemplate} body`, () => bodySchema);
    if (!validate(input.body)) for (const message of describeErrors(validate.errors, input.body, 'body')) problem('body', message);
    const properties = isObject(bodySchema.properties) ? bodySchema.properties : undefined;
    if (properties && bodySchema.additionalProperties === undefined && isObject(input.body)) {
      for (const name of Object.keys(input.body)) {
        if (!(name in properties)) problem('body', `body.${name}: is not a documented field of this operation (GitHub ignores it)`);
      }
    }
  }
  return { problems, pathParams, query };
}

/**
 * Checks a response the server is about to send. Success and redirect statuses must be
 * documented for the operation; error statuses GitHub may return from any endpoint (404, 422,
 * 5xx...) are checked against GitHub's generic error shapes when the operation does not list them.
 * `body` is `undefined` for an empty body.
 */
export function validateResponse(input: { operation: Operation; status: number; body: unknown }): SchemaProblem[] {
  const { operation, status, body } = input;
  const problems: SchemaProblem[] = [];
  const problem = (location: SchemaProblem['location'], message: string): void => {
    problems.push({ operationId: operation.operationId, location, message });
  };
  const { description } = load();
  const documented = rawOperation(operation).responses[String(status)];
  const response = documented && '$ref' in documented ? description.components.responses[documented.$ref.split('/').pop() ?? ''] : documented;

  let schema: JsonSchema | undefined;
  let key: string;
  if (response) {
    schema = response.content?.['application/json']?.schema;
    key = `${operation.method} ${operation.pathTemplate} ${status}`;
    if (!schema && response.content && body !== undefined) {
      problem('response', `response: status ${status} is documented with a non-JSON body`);
      return problems;
    }
  } else if (status === 304 && operation.method === 'GET') {
    schema = undefined;
    key = '304';
  } else if (GENERIC_ERROR_STATUSES.has(status)) {
    schema = { $ref: `#/components/schemas/${status === 422 ? 'validation-error' : 'basic-error'}` };
    key = `generic ${status === 422 ? 422 : 'error'}`;
  } else {
    const listed = Object.keys(rawOperation(operation).responses).join(', ');
    problem('status', `status: ${status} is not a documented response (documented: ${listed})`);
    return problems;
  }

  if (!schema) {
    if (body !== undefined) problem('response', `response: status ${status} is documented without a body, but the server sent one`);
    return problems;
  }
  if (body === undefined) {
    problem('response', `response: status ${status} is documented with a JSON body, but the server sent none`);
    return problems;
  }
  const validate = compiled(key, () => schema);
  if (!validate(body)) for (const message of describeErrors(validate.errors, body, 'response')) problem('response', message);
  return problems;
}

const MAX_MESSAGES = 12;

function describeErrors(errors: ErrorObject[] | null | undefined, data: unknown, location: string): string[] {
  const messages: string[] = [];
  for (const error of errors ?? []) {
    const at = `${location}${error.instancePath.replaceAll('/', '.')}`;
    let detail = error.message ?? error.keyword;
    if (error.keyword === 'enum') detail += ` ${JSON.stringify(error.params.allowedValues)}`;
    if (error.keyword === 'additionalProperties') detail += ` (${String(error.params.additionalProperty)})`;
    const value = valueAt(data, error.instancePath);
    const shown = value === undefined ? '' : ` (got ${truncate(JSON.stringify(value))})`;
    const message = `${at}: ${detail}${error.keyword === 'required' ? '' : shown}`;
    if (!messages.includes(message)) messages.push(message);
  }
  if (messages.length > MAX_MESSAGES) return [...messages.slice(0, MAX_MESSAGES), `…and ${messages.length - MAX_MESSAGES} more`];
  return messages;
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
