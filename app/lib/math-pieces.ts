/**
 * Splits an answer key's LaTeX (as the engine writes it: terms joined by
 * ` = `, ` + ` and ` \cdot `, sums in `\left( … \right)`) into pieces that
 * can be rendered one by one and wrapped like words: a line may break after
 * `=` or `+` between terms, and only inside a product (after `·`) when one
 * product alone is wider than the line. A fraction is never split, so a
 * denominator never sits alone on a line. Pure, so it is unit-tested.
 */

/** An operator a line may break after. */
export type MathOp = '=' | '+' | '·';

/** One factor of a product, with the brackets glued to it and the operator that follows it. */
export interface MathFactor {
  /** KaTeX source of the factor, with any bracket that opens before it or closes after it (`\biggl(`, `\biggr)`). */
  readonly latex: string;
  /** The operator after this factor, or null at the end. */
  readonly op: MathOp | null;
}

/** A run of factors joined by `·`: kept on one line unless it is wider than the line. */
export type MathTerm = readonly MathFactor[];

const SEPARATORS: readonly [string, MathOp][] = [
  [' = ', '='],
  [' + ', '+'],
  [' \\cdot ', '·'],
];

/**
 * Brackets of a sum, sized for display-style fractions: `\left`/`\right`
 * cannot be split across pieces, so each half becomes a fixed-size bracket.
 */
const BRACKETS: readonly [RegExp, string][] = [
  [/\\left\(/g, '\\biggl('],
  [/\\right\)/g, '\\biggr)'],
];

/**
 * The terms of `latex`: split at top-level ` = `, ` + ` and ` \cdot ` (outside
 * any `{…}` group, inside or outside brackets); each `=`/`+` ends a term.
 * Returns one term with one factor when there is nothing to split.
 * @example mathTerms('a = b \\cdot c + d') // [[{a,'='}], [{b,'·'},{c,'+'}], [{d,null}]]
 */
export function mathTerms(latex: string): MathTerm[] {
  const source = BRACKETS.reduce((s, [re, to]) => s.replace(re, to), latex.trim());
  const factors: MathFactor[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\' && (source[i + 1] === '{' || source[i + 1] === '}')) {
      i += 2;
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      const sep = SEPARATORS.find(([text]) => source.startsWith(text, i));
      if (sep) {
        factors.push({ latex: source.slice(start, i).trim(), op: sep[1] });
        i += sep[0].length;
        start = i;
        continue;
      }
    }
    i++;
  }
  factors.push({ latex: source.slice(start).trim(), op: null });
  const terms: MathFactor[][] = [[]];
  for (const f of factors) {
    if (f.latex === '') continue;
    terms[terms.length - 1]!.push(f);
    if (f.op === '=' || f.op === '+') terms.push([]);
  }
  return terms.filter((t) => t.length > 0);
}
