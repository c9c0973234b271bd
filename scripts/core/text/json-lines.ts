/**
 * JSON laid out a line per record: each field of the top object on a line of its own, and each element of an array
 * there on a line of its own, compact within. A large report (an audit of 100,000 cases) stays readable and
 * diffable line by line, is half the size of fully indented JSON, and is written several times faster: V8 writes
 * JSON without indentation on a fast path that indented output never takes.
 *
 * @example
 * jsonLines({ generated: '2026-12-02', cases: [{ reference: 'RDR-1' }, { reference: 'RDR-2' }], empty: [] })
 * //=> '{\n  "generated": "2026-12-02",\n  "cases": [\n    {"reference":"RDR-1"},\n    {"reference":"RDR-2"}\n  ],\n  "empty": []\n}\n'
 */
export function jsonLines(value: Readonly<Record<string, unknown>>): string {
  const fields: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    // As JSON.stringify does: a field that is undefined (or a function) is left out.
    if (field === undefined || typeof field === 'function') continue;
    const text = Array.isArray(field) && field.length > 0 ? `[\n${field.map((item) => `    ${JSON.stringify(item) ?? 'null'}`).join(',\n')}\n  ]` : JSON.stringify(field);
    fields.push(`  ${JSON.stringify(key)}: ${text}`);
  }
  return fields.length === 0 ? '{}\n' : `{\n${fields.join(',\n')}\n}\n`;
}
