import { Node, mergeAttributes } from '@tiptap/core';

/** A 要闻快览 item; printed with a leading ◆. */
export const Brief = Node.create({
  name: 'brief',
  group: 'block',
  content: 'inline*',
  defining: true,
  parseHTML() {
    return [{ tag: 'p[data-brief]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['p', mergeAttributes(HTMLAttributes, { 'data-brief': '', class: 'zp-brief' }), 0];
  },
});

/** A photo in the body: shown as a box with its caption and credit. */
export const ZpImage = Node.create({
  name: 'zpImage',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    return {
      assetId: { default: '' },
      caption: { default: '' },
      credit: { default: '' },
    };
  },
  parseHTML() {
    return [{ tag: 'figure[data-zp-image]' }];
  },
  renderHTML({ node }) {
    const { caption, credit } = node.attrs as { caption: string; credit: string };
    return [
      'figure',
      { 'data-zp-image': '', class: 'zp-image', contenteditable: 'false' },
      ['div', { class: 'zp-image-box' }, '图片'],
      ['figcaption', {}, credit ? `${caption}（${credit}）` : caption],
    ];
  },
});
