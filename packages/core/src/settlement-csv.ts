// A small RFC 4180 reader for settlement reports: quoted fields (with doubled
// quotes, delimiters and line breaks inside), CRLF or LF, a UTF-8 byte-order
// mark (spreadsheet exports add one), blank lines (and lines of empty fields) skipped. Each record keeps
// the file line it starts on, so problems can be reported where a person
// will look for them.

export type CsvRecord = { readonly line: number; readonly fields: readonly string[] };

export type CsvResult =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly line: number; readonly message: string };

export function readCsv(text: string, delimiter: string): CsvResult {
  const records: CsvRecord[] = [];
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    if (fields.some((f) => f.trim() !== "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < input.length; i++) {
    const char = input[i] as string;
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === '"') {
      return { ok: false, line, message: "a quote inside an unquoted field" };
    } else if (char === delimiter) {
      fields.push(field);
      field = "";
      fieldStarted = false;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && input[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) return { ok: false, line: recordLine, message: "a quoted field is never closed" };
  if (field !== "" || fields.length > 0) endRecord();
  return { ok: true, records };
}
