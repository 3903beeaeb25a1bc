import { useEffect, useState } from 'react';
import { App as AntApp } from 'antd';
import { ApiError } from '../../api';
import { useEditing } from '../../state/editing';
import { useHistory } from '../../state/history';
import { usePresence } from '../../state/presence';
import { useSession } from '../../state/session';
import { useFail } from '../common/useFail';

/**
 * The article open in the editor for as long as the screen shows it: loaded
 * with its record, announced to the others (read-only while someone else edits
 * it), saved on Ctrl+S, and saved before the window closes. Answers the load's
 * error, if any.
 */
export function useArticleSession(id: number): string | null {
  const load = useEditing((s) => s.load);
  const save = useEditing((s) => s.save);
  const close = useEditing((s) => s.close);
  const loadRecord = useHistory((s) => s.loadRecord);
  const openPresence = usePresence((s) => s.open);
  const closePresence = usePresence((s) => s.close);
  const mayWrite = useSession((s) => s.has('editor') || s.has('correspondent'));
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    setLoadError(null);
    load(id).catch((e) => setLoadError(ApiError.from(e).message));
    void loadRecord(id).catch(() => {});
    return () => close();
  }, [id, load, close, loadRecord]);

  // Tell the others this article is open here (read-only while someone else edits it).
  useEffect(() => {
    void openPresence(id, mayWrite ? 'edit' : 'view').catch(() => {});
    return () => closePresence();
  }, [id, mayWrite, openPresence, closePresence]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

  // Leaving with unsaved changes: save first.
  useEffect(() => {
    const onLeave = (e: BeforeUnloadEvent) => {
      const s = useEditing.getState().saveState;
      if (s === 'dirty' || s === 'saving') {
        void useEditing.getState().save();
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, []);

  return loadError;
}

/**
 * A workflow step on the open article (送审, 撤稿, 恢复): save the text first,
 * take the step, say so, then read the article and its record again.
 */
export function useArticleAction(id: number) {
  const { message } = AntApp.useApp();
  const fail = useFail();
  const save = useEditing((s) => s.save);
  const reload = useEditing((s) => s.reload);
  const loadRecord = useHistory((s) => s.loadRecord);
  return async (f: () => Promise<unknown>, done: string) => {
    try {
      await save();
      await f();
      message.success(done);
      await reload();
      await loadRecord(id);
    } catch (e) {
      fail(e);
    }
  };
}
