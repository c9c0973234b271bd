/**
 * Reads CSV as RFC 4180 defines it (fields separated by commas, records by CRLF, a field in double quotes may hold
 * commas, quotes doubled and line breaks), independently of the code that writes it, for the tests to read back.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error('The CSV ends inside a quoted field.');
  if (field !== '' || record.length > 0) throw new Error('The CSV does not end with CRLF.');
  return records;
}
