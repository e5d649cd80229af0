/**
 * CSV as RFC 4180 has it (what spreadsheets export): comma-separated, fields optionally in double
 * quotes ("" inside them is one "), quoted fields may span lines, LF or CRLF line ends, an
 * optional UTF-8 byte order mark.
 */

export class CsvError extends Error {}

/** Every record of the text, in order (an empty line is a record with one empty field). */
export function parseCsv(text: string): string[][] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let startLine = 1;
  let line = 1;
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      startLine = line;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (c === '\r' && s[i + 1] === '\n') i++;
      line++;
    } else {
      field += c;
    }
    i++;
  }
  if (quoted) throw new CsvError(`a quoted field opened on line ${startLine} is never closed`);
  // The last line needs no line end.
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** One CSV line (with its line end): fields quoted when they need it. */
export function csvLine(fields: (string | number)[]): string {
  return `${fields.map((f) => {
    const v = String(f);
    return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }).join(',')}\n`;
}
