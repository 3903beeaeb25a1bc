import { useEffect, type RefObject } from 'react';
import type { ArticleEditorHandle } from '../../editor/ArticleEditor';
import { useSearch } from '../../state/search';

/**
 * Opened from archive search: the search's words to mark, and the passage
 * shown once the article is loaded (again after the text is replaced).
 */
export function useSearchReveal(id: number, loaded: boolean, resetKey: string, editorRef: RefObject<ArticleEditorHandle | null>) {
  const opened = useSearch((s) => (s.opened?.articleId === id ? s.opened : null));
  useEffect(() => {
    if (!opened || !loaded) return;
    const timer = setTimeout(() => editorRef.current?.revealHighlight(opened.block), 60);
    return () => clearTimeout(timer);
  }, [opened, loaded, resetKey, editorRef]);
  return opened;
}
