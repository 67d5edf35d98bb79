/**
 * Reads RFC 4180 CSV (the roster import): quoted fields with doubled quotes,
 * CRLF or LF line ends, an optional UTF-8 byte-order mark. A leading `'` that
 * our own writer adds against formulas is kept (it is the cell's text).
 */

/** Most rows a roster CSV may have. */
export const MAX_CSV_ROWS = 5000;

/** The rows of a CSV text, or why it cannot be read. */
export function parseCsv(input: string): { ok: true; rows: string[][] } | { ok: false; message: string } {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let i = 0;
  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const after = text[i];
        if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') {
          return { ok: false, message: `Line ${line}: text after a closing quote (a quote inside a field must be doubled).` };
        }
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      line++;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      if (rows.length > MAX_CSV_ROWS) return { ok: false, message: `At most ${MAX_CSV_ROWS} rows.` };
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) return { ok: false, message: `Line ${line}: a quoted field is never closed.` };
  if (field !== '' || row.length > 0) endRow();
  return { ok: true, rows };
}
