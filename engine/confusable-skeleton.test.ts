import { describe, expect, it } from 'vitest';
import { confusableSkeleton } from './confusable-skeleton';
import { nicknameKey } from './protocol';

describe('confusableSkeleton (UTS #39)', () => {
  it('maps letters from other scripts that look Latin onto the Latin ones', () => {
    expect(confusableSkeleton('\u0410nn')).toBe(confusableSkeleton('Ann')); // Cyrillic А
    expect(confusableSkeleton('\u0391da')).toBe(confusableSkeleton('Ada')); // Greek Α
    expect(confusableSkeleton('p\u0430ypal')).toBe(confusableSkeleton('paypal')); // Cyrillic а
  });

  it('maps look-alike sequences and digits, and decomposes accents the standard way', () => {
    expect(confusableSkeleton('m')).toBe(confusableSkeleton('rn'));
    expect(confusableSkeleton('B0b')).toBe(confusableSkeleton('BOb'));
    // A precomposed é and e + combining acute share a skeleton.
    expect(confusableSkeleton('Ren\u00e9')).toBe(confusableSkeleton('Rene\u0301'));
  });

  it('keeps strings that look different apart', () => {
    expect(confusableSkeleton('Ann')).not.toBe(confusableSkeleton('Anna'));
    expect(confusableSkeleton('Ren\u00e9')).not.toBe(confusableSkeleton('Rene'));
    expect(confusableSkeleton('\u674e\u96f7')).toBe('\u674e\u96f7'); // Han characters with no confusable stay themselves
  });
});

describe('nicknameKey', () => {
  it('clashes for confusable, case- and width-variant nicknames', () => {
    const ann = nicknameKey('Ann');
    expect(nicknameKey('\u0410nn')).toBe(ann);
    expect(nicknameKey('\u0430NN')).toBe(ann);
    expect(nicknameKey('ANN')).toBe(ann);
    expect(nicknameKey('\uff21nn')).toBe(ann); // fullwidth Ａ
    expect(nicknameKey('B0b')).toBe(nicknameKey('bob'));
    expect(nicknameKey('Sam')).toBe(nicknameKey('Sarn'));
  });

  it('keeps different nicknames apart', () => {
    expect(nicknameKey('Ann')).not.toBe(nicknameKey('Anne'));
    expect(nicknameKey('Bob')).not.toBe(nicknameKey('Rob'));
  });
});
