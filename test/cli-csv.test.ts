import { describe, expect, it } from 'vitest';
import { CsvError, csvLine, parseCsv } from '../src/cli/csv.ts';
import { ProgressBar } from '../src/cli/progress.ts';

/** The import command's CSV reading and writing, and its progress bar. */
describe('CSV', () => {
  it('reads quotes, doubled quotes, commas and line ends inside quotes, CRLF, a BOM and no final line end', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\n,,\nlast,row,';
    expect(parseCsv(text)).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', 'two\nlines'], ['', '', ''], ['last', 'row', '']]);
  });

  it('keeps empty lines as records and ignores one final line end', () => {
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
  });

  it('refuses a quote that is never closed, naming its line', () => {
    expect(() => parseCsv('a\n"b\nc')).toThrow(CsvError);
    expect(() => parseCsv('a\n"b\nc')).toThrow(/line 2/);
  });

  it('writes what it reads', () => {
    const fields = ['plain', 'a,b', 'q"q', 'multi\nline', ' padded', 42];
    expect(parseCsv(csvLine(fields))).toEqual([fields.map(String)]);
  });
});

describe('progress bar', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream };
  };

  it('redraws one line in place on a terminal', () => {
    const { chunks, stream } = sink(true);
    const bar = new ProgressBar(4, 'rows', stream, 4);
    bar.update(1, 0);
    bar.update(4, 1);
    bar.finish();
    expect(chunks).toEqual(['\r\x1b[2K[#---] 1/4 rows (25%), 0 failed', '\r\x1b[2K[####] 4/4 rows (100%), 1 failed', '\n']);
  });

  it('writes plain lines elsewhere', () => {
    const { chunks, stream } = sink(false);
    const bar = new ProgressBar(2, 'rows', stream);
    bar.update(2, 0);
    bar.finish();
    expect(chunks).toEqual(['2/2 rows (100%), 0 failed\n']);
  });
});
