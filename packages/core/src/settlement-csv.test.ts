import { describe, expect, it } from "vitest";
import { readCsv } from "./settlement-csv.ts";

describe("readCsv", () => {
  it("reads quoted fields with delimiters, doubled quotes and line breaks inside", () => {
    const result = readCsv('a,b,c\r\n1,"x, y","say ""hi"""\n2,"two\nlines",z\n', ",");
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ["a", "b", "c"] },
        { line: 2, fields: ["1", "x, y", 'say "hi"'] },
        { line: 3, fields: ["2", "two\nlines", "z"] },
      ],
    });
  });

  it("keeps the file line of each record past blank lines, a BOM and a missing final newline", () => {
    const result = readCsv("\uFEFFa;b\n\n1;2\n ; \n3;4", ";");
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ["a", "b"] },
        { line: 3, fields: ["1", "2"] },
        { line: 5, fields: ["3", "4"] },
      ],
    });
  });

  it("keeps empty fields", () => {
    expect(readCsv("a,,c,\n", ",")).toEqual({
      ok: true,
      records: [{ line: 1, fields: ["a", "", "c", ""] }],
    });
  });

  it("refuses a quote that is never closed, or one in the middle of a field", () => {
    expect(readCsv('a,b\n1,"open\n2,3\n', ",")).toEqual({
      ok: false,
      line: 2,
      message: "a quoted field is never closed",
    });
    expect(readCsv('a,b\n1,x"y\n', ",")).toEqual({
      ok: false,
      line: 2,
      message: "a quote inside an unquoted field",
    });
  });
});
