/**
 * `extends:` lets an organisation's file fill in a model procedure (NACCC's model, a complaint-handling code):
 * the model gives the stages and rules, the organisation names its people, contacts and open time limits.
 *
 * Merging is by key for mappings, by `id` for lists of things with ids, and whole for other lists,
 * so an organisation can change one clock of one stage without copying the rest.
 */

type Raw = Record<string, unknown>;
type PathKey = PropertyKey;

/** Where a part of the resolved document was written: in the file itself or in the model, and at which path there. */
export interface Origin {
  file: 'own' | 'model';
  path: readonly PathKey[];
}

export type ResolvedExtends =
  | { ok: true; value: Raw; origin: (path: readonly PathKey[]) => Origin }
  | { ok: false; message: string; hint?: string };

/**
 * Resolves one raw procedure against the model it extends, if any.
 *
 * @example
 * resolveExtends('centre', lookup).value.stages[0].clocks[1].within
 * //=> '20 working days' (from the centre's `parameters: { stage-1-respond: 20 working days }`)
 */
export function resolveExtends(id: string, lookup: (id: string) => Raw | undefined): ResolvedExtends {
  const child = lookup(id);
  if (!child) return { ok: false, message: `No procedure "${id}".` };
  if (child.extends === undefined) return { ok: true, value: child, origin: (path) => ({ file: 'own', path }) };
  const modelId = String(child.extends);
  const model = lookup(modelId);
  if (!model) {
    return { ok: false, message: `"${modelId}" is not a procedure in workflows/.`, hint: 'Name a model by its id, e.g. extends: naccc-model.' };
  }
  if (model.kind !== 'model') {
    return { ok: false, message: `"${modelId}" is an organisation's procedure, not a model.`, hint: 'Only files with kind: model can be extended.' };
  }
  if (model.extends !== undefined) {
    return { ok: false, message: `The model "${modelId}" itself extends another; models are extended one level deep.` };
  }

  const { parameters: values, ...own } = child;
  if (values !== undefined && (typeof values !== 'object' || values === null || Array.isArray(values))) {
    return {
      ok: false,
      message: 'In a file that extends a model, parameters is a mapping of parameter id to duration.',
      hint: 'e.g. parameters: { stage-2-respond: 20 working days }',
    };
  }
  const { kind: _kind, ...base } = model;
  const merged = merge(base, own) as Raw;
  const filled = fillParameters(merged, (values ?? {}) as Record<string, unknown>, model);
  if (!filled.ok) return filled;
  return {
    ok: true,
    value: filled.value,
    origin: (path) => {
      const key = path.join('.');
      const parameter = [...filled.filled].find(([at]) => key === at || key.startsWith(`${at}.`))?.[1];
      if (parameter) return { file: 'own', path: ['parameters', parameter] };
      return presentIn(own, merged, path) ? { file: 'own', path } : { file: 'model', path };
    },
  };
}

function fillParameters(
  merged: Raw,
  values: Record<string, unknown>,
  model: Raw,
): { ok: true; value: Raw; filled: Map<string, string> } | { ok: false; message: string; hint?: string } {
  const declared = new Set((Array.isArray(model.parameters) ? model.parameters : []).map((p) => String((p as Raw).id)));
  const unknown = Object.keys(values).filter((key) => !declared.has(key));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `Unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} for model "${String(model.id)}".`,
      hint: `The model's parameters are: ${[...declared].join(', ')}.`,
    };
  }
  // Paths of filled-in time limits, so that a bad value is reported where the organisation wrote it.
  const filled = new Map<string, string>();
  const stages = Array.isArray(merged.stages) ? merged.stages : [];
  const value: Raw = {
    ...merged,
    stages: stages.map((stage, s) => {
      const st = stage as Raw;
      const clocks = Array.isArray(st.clocks) ? st.clocks : [];
      return {
        ...st,
        clocks: clocks.map((clock, c) => {
          const cl = clock as Raw;
          const setting = typeof cl.parameter === 'string' ? values[cl.parameter] : undefined;
          if (setting === undefined) return cl;
          filled.set(`stages.${s}.clocks.${c}.within`, String(cl.parameter));
          return { ...cl, within: setting };
        }),
      };
    }),
  };
  return { ok: true, value, filled };
}

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isRecord(base) && isRecord(over)) {
    const out: Raw = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = merge(base[key], value);
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over) && over.every(hasId) && base.every(hasId)) {
    const out = base.map((item) => {
      const replacement = over.find((o) => o.id === item.id);
      return replacement ? merge(item, replacement) : item;
    });
    for (const item of over) if (!base.some((b) => b.id === item.id)) out.push(item);
    return out;
  }
  return over;
}

/** Whether the value at `path` of the merged document was written in the organisation's own file. */
function presentIn(own: unknown, merged: unknown, path: readonly PathKey[]): boolean {
  let mine = own;
  let whole = merged;
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(whole) && Array.isArray(mine)) {
      const item: unknown = whole[key];
      const id = hasId(item) ? item.id : undefined;
      mine = id === undefined ? mine[key] : mine.find((m) => hasId(m) && m.id === id);
      whole = item;
    } else if (isRecord(mine) && isRecord(whole)) {
      mine = mine[String(key)];
      whole = whole[String(key)];
    } else {
      return mine !== undefined;
    }
    if (mine === undefined) return false;
  }
  return true;
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasId(value: unknown): value is Raw & { id: unknown } {
  return isRecord(value) && 'id' in value;
}
