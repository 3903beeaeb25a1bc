import type { Fields } from '../../doc/fields';

/** An article's text as plain lines (for copying it out). */
export function plainText(f: Fields): string {
  const head = [f.kicker, f.title, f.subtitle, f.byline].filter((s) => s.trim() !== '');
  const body = f.body.map((b) => (b.type === 'image' ? `［图］${b.caption}` : b.text));
  return [...head, '', ...body].join('\n');
}

/** An article read-only, set like a proof: headline stack, byline, paragraphs. */
export function ArticleText({ fields, testId }: { fields: Fields; testId?: string }) {
  return (
    <div className="zp-article-text" data-testid={testId}>
      {fields.kicker && <div className="zp-at-kicker">{fields.kicker}</div>}
      <div className="zp-at-title">{fields.title}</div>
      {fields.subtitle && <div className="zp-at-subtitle">{fields.subtitle}</div>}
      {fields.byline && <div className="zp-at-byline">{fields.byline}</div>}
      {fields.body.map((b, i) =>
        b.type === 'subhead' ? (
          <h4 key={i}>{b.text}</h4>
        ) : b.type === 'image' ? (
          <p key={i} className="zp-at-caption">
            ［图］{b.caption}
          </p>
        ) : (
          <p key={i} className={b.type === 'brief' ? 'zp-at-brief' : undefined}>
            {b.text}
          </p>
        ),
      )}
    </div>
  );
}
