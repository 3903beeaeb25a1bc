import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Placeholder from '@tiptap/extension-placeholder';
import type { Block } from '../api/types.gen';
import { blocksToDoc, docToBlocks } from './convert';
import { Brief, ZpImage } from './nodes';
import { PastedText, type ReplacePasted } from './pastedText';
import { blockPositions, blockRange, ProofMarks, setProofMarks, type BodyMark } from './proofMarks';
import { SearchMarks, searchRanges, setSearchMarks } from './searchMarks';

export interface ArticleEditorLabels {
  placeholder: string;
  paragraph: string;
  subhead: string;
  brief: string;
}

export interface ArticleEditorProps {
  /** The body to show. Replaces the editor's content when `resetKey` changes. */
  blocks: Block[];
  resetKey: string;
  editable: boolean;
  labels: ArticleEditorLabels;
  onChange: (blocks: Block[]) => void;
  /**
   * Plain text (no HTML) was pasted into the body, e.g. from a PDF viewer;
   * `replace` puts other paragraphs in its place while it is unchanged.
   */
  onPastePlainText?: (text: string, replace: ReplacePasted) => void;
  /** Proofreading findings in the body, underlined. */
  findings?: BodyMark[];
  /** Words an archive search looked for, highlighted wherever they occur. */
  highlight?: string[];
  ref?: Ref<ArticleEditorHandle>;
}

/** What a view may ask of the editor. */
export interface ArticleEditorHandle {
  /** Select a code point range inside a body block and scroll it into view. */
  select: (block: number, start: number, end: number) => void;
  /**
   * Scroll to a highlighted word: the first one in body block `block` or
   * after it (null: the first of all), or with `next` the one after the
   * last shown. False when there is none.
   */
  revealHighlight: (block: number | null, next?: boolean) => boolean;
}

/**
 * The article body editor: paragraphs, subheads, briefs items and photos.
 * Knows nothing of stores or the backend; it reports blocks and takes blocks.
 */
export function ArticleEditor({
  blocks,
  resetKey,
  editable,
  labels,
  onChange,
  findings,
  highlight,
  ref,
  onPastePlainText,
}: ArticleEditorProps) {
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const findingsRef = useRef(findings);
  findingsRef.current = findings;
  const highlightRef = useRef(highlight);
  highlightRef.current = highlight;
  const shownHighlight = useRef(-1);
  const onPasteRef = useRef(onPastePlainText);
  onPasteRef.current = onPastePlainText;
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [3] },
        bold: false,
        italic: false,
        strike: false,
        code: false,
        codeBlock: false,
        blockquote: false,
        bulletList: false,
        orderedList: false,
        listItem: false,
        listKeymap: false,
        horizontalRule: false,
        hardBreak: false,
        link: false,
        underline: false,
      }),
      Brief,
      ZpImage,
      Placeholder.configure({ placeholder: labels.placeholder }),
      ProofMarks,
      SearchMarks,
      PastedText.configure({ onPaste: (text, replace) => onPasteRef.current?.(text, replace) }),
    ],
    content: blocksToDoc(blocks),
    editable,
    editorProps: { attributes: { class: 'zp-editor-body', 'data-testid': 'article-body', spellcheck: 'false' } },
    onUpdate: ({ editor }) => onChangeRef.current(docToBlocks(editor.getJSON())),
  });

  // A different article, or a reload after a conflict: replace the content.
  useEffect(() => {
    if (editor && !editor.isDestroyed) {
      editor.commands.setContent(blocksToDoc(blocks), { emitUpdate: false });
      setProofMarks(editor.view, findingsRef.current ?? []);
      setSearchMarks(editor.view, highlightRef.current ?? []);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, resetKey]);

  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) setProofMarks(editor.view, findings ?? []);
  }, [editor, findings]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) setSearchMarks(editor.view, highlight ?? []);
  }, [editor, highlight]);

  useImperativeHandle(
    ref,
    () => ({
      select(block, start, end) {
        if (!editor || editor.isDestroyed) return;
        const range = blockRange(editor.state.doc, block, start, end);
        if (!range) return;
        const chain = editor.chain().focus();
        (range.node ? chain.setNodeSelection(range.from) : chain.setTextSelection(range)).scrollIntoView().run();
      },
      revealHighlight(block, next) {
        if (!editor || editor.isDestroyed) return false;
        const doc = editor.state.doc;
        const ranges = searchRanges(doc, highlightRef.current ?? []);
        if (ranges.length === 0) return false;
        let i = 0;
        if (next) i = (shownHighlight.current + 1) % ranges.length;
        else if (block !== null) {
          const start = blockPositions(doc)[block]?.pos ?? 0;
          i = Math.max(0, ranges.findIndex((r) => r.from >= start));
        }
        shownHighlight.current = i;
        const { from, node } = ranges[i];
        const at = node ? editor.view.nodeDOM(from) : editor.view.domAtPos(from).node;
        const el = at instanceof HTMLElement ? at : at?.parentElement;
        el?.scrollIntoView({ block: 'center' });
        return true;
      },
    }),
    [editor],
  );

  const kind = editor?.isActive('heading') ? 'subhead' : editor?.isActive('brief') ? 'brief' : 'paragraph';
  const setKind = (k: string) => {
    if (!editor) return;
    const chain = editor.chain().focus();
    if (k === 'subhead') chain.setNode('heading', { level: 3 }).run();
    else if (k === 'brief') chain.setNode('brief').run();
    else chain.setParagraph().run();
  };

  return (
    <div className="zp-editor">
      {editable && (
        <div className="zp-editor-toolbar" role="toolbar">
          {(['paragraph', 'subhead', 'brief'] as const).map((k) => (
            <button
              key={k}
              type="button"
              className={kind === k ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                setKind(k);
              }}
            >
              {labels[k]}
            </button>
          ))}
        </div>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}
