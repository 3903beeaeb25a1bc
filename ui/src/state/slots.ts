/**
 * 预留版位 as the layout screen compares them: the pages whose slots
 * changed between two answers of `get_issue_plan` (their previews are
 * typeset again).
 */
import type { ReservedSlot } from '../api';

function key(s: ReservedSlot): string {
  return JSON.stringify([s.topic_id, s.title, s.owner, s.due, s.expected_chars, s.expected_photos, s.article_id]);
}

export function slotPagesChanged(before: readonly ReservedSlot[], after: readonly ReservedSlot[]): number[] {
  const pages = new Set<number>();
  const byPage = (list: readonly ReservedSlot[]) => {
    const m = new Map<number, string[]>();
    for (const s of list) m.set(s.page, [...(m.get(s.page) ?? []), key(s)]);
    return m;
  };
  const a = byPage(before);
  const b = byPage(after);
  for (const p of new Set([...a.keys(), ...b.keys()])) {
    if ((a.get(p) ?? []).join('|') !== (b.get(p) ?? []).join('|')) pages.add(p);
  }
  return [...pages].sort((x, y) => x - y);
}
