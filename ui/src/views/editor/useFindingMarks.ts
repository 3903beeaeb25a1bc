import { useMemo, useRef, type RefObject } from 'react';
import type { InputRef } from 'antd';
import type { ArticleEditorHandle } from '../../editor/ArticleEditor';
import { codePointsToUtf16, type BodyMark } from '../../editor/proofMarks';
import type { PlacedFinding } from '../../doc/proofText';
import { useEditing } from '../../state/editing';
import type { LiveItem } from '../../state/proof';

/** The headline stack, each an input with its underlines and findings. */
export const HEADLINE_FIELDS = ['kicker', 'title', 'subtitle'] as const;
export type HeadlineField = (typeof HEADLINE_FIELDS)[number];

/**
 * The live findings placed on the text: as marks in the body, and a way to
 * show any finding's passage (selected in the body or in its headline field).
 */
export function useFindingMarks(items: LiveItem[], editorRef: RefObject<ArticleEditorHandle | null>) {
  const kickerRef = useRef<InputRef>(null);
  const titleRef = useRef<InputRef>(null);
  const subtitleRef = useRef<InputRef>(null);
  const headlineRefs = { kicker: kickerRef, title: titleRef, subtitle: subtitleRef };

  const bodyMarks = useMemo<BodyMark[]>(
    () =>
      items
        .filter((i) => i.finding.field === 'body' && i.finding.block !== null)
        .map(({ finding: f }, n) => ({
          id: `${n}`,
          block: f.block!,
          start: f.local_start,
          end: f.local_end,
          severity: f.severity,
          title: `${f.rule_name_zh}：${f.message_zh}`,
        })),
    [items],
  );

  /** Show a finding's passage: select it in the body or in its headline field. */
  const selectFinding = (f: PlacedFinding) => {
    if (f.field === 'body') {
      if (f.block !== null) editorRef.current?.select(f.block, f.local_start, f.local_end);
      return;
    }
    const ref = headlineRefs[f.field].current;
    const text = useEditing.getState().fields?.[f.field] ?? '';
    ref?.focus();
    ref?.setSelectionRange(codePointsToUtf16(text, f.local_start), codePointsToUtf16(text, f.local_end));
  };

  return { bodyMarks, headlineRefs, selectFinding };
}
