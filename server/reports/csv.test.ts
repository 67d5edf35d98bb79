import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('CSV cells', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('Ada')).toBe('Ada');
    expect(csvCell(950)).toBe('950');
    expect(csvCell(0.8)).toBe('0.8');
    expect(csvCell(null)).toBe('');
    expect(csvCell('∂E/∂n₇ · ∂n₇/∂n₅')).toBe('∂E/∂n₇ · ∂n₇/∂n₅');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('neutralises formulas: a leading = + - @ tab or CR becomes text', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('a=1')).toBe('a=1');
  });

  it('writes a document with a byte-order mark and CRLF after every row', () => {
    expect(toCsv([['a', 'b'], [1, null]])).toBe('\uFEFFa,b\r\n1,\r\n');
    expect(toCsv([['x']]).startsWith('\uFEFF')).toBe(true);
  });
});
