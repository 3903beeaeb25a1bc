import type { TextDiffResult } from '../../api';

/** A character-level diff: insertions underlined green, deletions struck red. */
export function DiffView({ diff }: { diff: TextDiffResult }) {
  return (
    <div className="zp-diff" data-testid="diff">
      {diff.spans.map((s, i) =>
        s.op === 'insert' ? (
          <ins key={i}>{s.text}</ins>
        ) : s.op === 'delete' ? (
          <del key={i}>{s.text}</del>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </div>
  );
}
