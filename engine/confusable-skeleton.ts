/**
 * Unicode confusable skeletons (UTS #39 §4): two strings that look alike to
 * a reader have the same skeleton, e.g. "Аnn" with a Cyrillic А and "Ann".
 * The mapping is Unicode's confusables.txt, as shipped (one prototype string
 * per confusable code point) by the `unhomoglyph` package; the algorithm is
 * the standard's: NFD, map every code point to its prototype, NFD again.
 */
import confusablesData from 'unhomoglyph/data.json';

const PROTOTYPES: ReadonlyMap<string, string> = new Map(Object.entries(confusablesData as Readonly<Record<string, string>>));

/**
 * The UTS #39 skeleton of `text`: `NFD(map(NFD(text)))`, where `map`
 * replaces each code point that confusables.txt lists by its prototype.
 * Not meant to be shown (`m` becomes `rn`); only compared.
 */
export function confusableSkeleton(text: string): string {
  let mapped = '';
  for (const ch of text.normalize('NFD')) mapped += PROTOTYPES.get(ch) ?? ch;
  return mapped.normalize('NFD');
}
