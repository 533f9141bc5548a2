/**
 * The expected-results CSV format (fixtures README, "CSV format"): RFC 4180, UTF-8 without BOM, CRLF after every
 * record, a field quoted only when it holds a comma, a quote, CR or LF, or is the empty string. The distinction
 * that generic CSV libraries blur is the one that matters here: an empty unquoted field is NULL, `""` is the
 * empty string. Hence this small hand-written reader and writer.
 */

export type CsvTable = { header: string[]; rows: (string | null)[][] };

export class CsvError extends Error {}

export function parseCsv(text: string): CsvTable {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let i = 0;
  const n = source.length;
  if (n === 0) throw new CsvError("empty CSV: no header");

  while (i < n) {
    let value: string | null;
    if (source[i] === '"') {
      let end = i + 1;
      let field = "";
      for (;;) {
        const quote = source.indexOf('"', end);
        if (quote < 0) throw new CsvError(`unterminated quoted field in record ${records.length + 1}`);
        field += source.slice(end, quote);
        if (source[quote + 1] === '"') {
          field += '"';
          end = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      value = field;
    } else {
      let end = i;
      while (end < n && source[end] !== "," && source[end] !== "\r" && source[end] !== "\n") end++;
      const field = source.slice(i, end);
      if (field.includes('"')) throw new CsvError(`stray quote in record ${records.length + 1}: ${field}`);
      value = field === "" ? null : field;
      i = end;
    }
    record.push(value);

    if (i >= n) {
      records.push(record);
      break;
    }
    const c = source[i];
    if (c === ",") {
      i++;
      if (i >= n) {
        record.push(null);
        records.push(record);
      }
    } else if (c === "\r" || c === "\n") {
      i += c === "\r" && source[i + 1] === "\n" ? 2 : 1;
      records.push(record);
      record = [];
    } else {
      throw new CsvError(`unexpected character after a quoted field in record ${records.length + 1}`);
    }
  }

  const [header, ...rows] = records;
  if (!header) throw new CsvError("empty CSV: no header");
  if (header.some((h) => h === null)) throw new CsvError("empty column name in the header");
  rows.forEach((row, index) => {
    if (row.length !== header.length)
      throw new CsvError(`record ${index + 2} has ${row.length} fields, the header ${header.length}`);
  });
  return { header: header as string[], rows };
}

export function csvField(value: string | null): string {
  if (value === null) return "";
  if (value === "" || /[",\r\n]/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

export function writeCsv(table: CsvTable): string {
  return [table.header, ...table.rows].map((record) => record.map(csvField).join(",") + "\r\n").join("");
}
