import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isCjk } from './importText';

// The vectors of zonepress_core::chars, read by its Rust tests too: the UI's
// mirror must class every character as the core does.
const VECTORS = join(dirname(fileURLToPath(import.meta.url)), '../../../crates/zonepress-core/tests/chars.json');

interface Vector {
  char: string;
  note: string;
  cjk: boolean;
}

describe("isCjk, against the core's character vectors", () => {
  const vectors = JSON.parse(readFileSync(VECTORS, 'utf8')) as Vector[];

  it('has the vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(40);
  });

  it.each(vectors.map((v) => [v.note, v] as const))('%s', (_note, v) => {
    expect(isCjk(v.char), `U+${(v.char.codePointAt(0) ?? 0).toString(16).toUpperCase()}`).toBe(v.cjk);
  });
});
