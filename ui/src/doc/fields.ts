/**
 * The article's editable fields (what the editor changes: content and target
 * length) and how to read them from a saved revision. Pure: no store, no API.
 */
import type { Article, ArticleKind, Block } from '../api';
import { normalizeBlocks } from '../editor/convert';
import { countChars } from './proofText';

/** What the editor changes: the article's content and target length. */
export interface Fields {
  kind: ArticleKind;
  kicker: string;
  title: string;
  subtitle: string;
  byline: string;
  column: string;
  target_length: number | null;
  body: Block[];
}

export function fieldsOf(a: Article): Fields {
  return {
    kind: a.kind,
    kicker: a.kicker,
    title: a.title,
    subtitle: a.subtitle,
    byline: a.byline,
    column: a.column,
    target_length: a.target_length,
    body: normalizeBlocks(a.body),
  };
}

export function sameFields(a: Fields, b: Fields): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** 字数 the way the core counts it: every non-whitespace character of the body. */
export function countBody(blocks: Block[]): number {
  return blocks.reduce((n, b) => n + countChars(b.type === 'image' ? b.caption : b.text), 0);
}
