import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type Article, type Backend, type ChangeEvent } from '../api';
import { setBackend, setToken } from './backend';
import { draftKey, readDraft } from './drafts';
import { fieldsOf } from '../doc/fields';
import { AUTOSAVE_DELAY, OFFLINE_RETRY, useEditing } from './editing';
import { live } from './live';
import { usePresence } from './presence';
import { useSession } from './session';

const LIN = { id: 2, username: 'editor', display_name: '林悦' };
const ZHAO = { id: 9, username: 'editor2', display_name: '赵敏' };

function rev(n: number, text: string, by = LIN): Article {
  return {
    id: 41,
    issue_id: 1,
    target_length: null,
    length: text.length,
    status: 'draft',
    review_level: null,
    revision: n,
    content_hash: `hash-${n}`,
    title_pending: false,
    priority: 'normal',
    author: LIN,
    created_at: '2026-11-20T01:00:00Z',
    updated_at: `2026-11-24T0${n}:00:00Z`,
    updated_by: by,
    kind: 'news',
    kicker: '',
    title: '园区新建标准厂房',
    subtitle: '',
    byline: '记者 林悦',
    column: '工作动态',
    body: [{ type: 'paragraph', text }],
  };
}

/** A server holding one article's revisions; it can be made unreachable. */
function server() {
  const revisions: Article[] = [rev(1, '园区新建标准厂房十二栋。')];
  const saves: { base: number; text: string }[] = [];
  const state = { down: false };
  const latest = () => revisions[revisions.length - 1];
  const backend: Backend = {
    kind: 'http',
    async call(command, input) {
      if (state.down) throw new ApiError('network', '无法连接服务器，请检查网络或服务是否已启动');
      const i = input as Record<string, unknown>;
      switch (command) {
        case 'get_article':
          return latest() as never;
        case 'get_revision': {
          const r = revisions.find((x) => x.revision === i.number);
          if (!r) throw new ApiError('not_found', '没有这一稿');
          return { content_hash: r.content_hash } as never;
        }
        case 'save_article': {
          if (i.base_revision !== latest().revision) throw new ApiError('conflict', '稿件已被他人修改');
          const body = i.body as Article['body'];
          const text = body[0]?.type === 'paragraph' ? body[0].text : '';
          saves.push({ base: i.base_revision as number, text });
          revisions.push({ ...rev(latest().revision + 1, text), title: i.title as string });
          return latest() as never;
        }
        case 'diff_unsaved':
          return { spans: [{ op: 'equal', text: 'x' }], inserted: 1, deleted: 1 } as never;
        case 'open_article':
        case 'get_presence':
          return { article_id: 41, present: [], heartbeat_secs: 20 } as never;
        case 'close_article':
          return {} as never;
        default:
          throw new Error(`unexpected ${command}`);
      }
    },
    async callBinary() {
      return new Blob();
    },
    subscribeEvents() {
      return { close() {} };
    },
  };
  /** Someone else saves a revision. */
  const elsewhere = (text: string) => revisions.push(rev(latest().revision + 1, text, ZHAO));
  return { backend, saves, state, latest, elsewhere };
}

function typeText(text: string) {
  useEditing.getState().update({ body: [{ type: 'paragraph', text }] });
}

function bodyText(): string {
  const b = useEditing.getState().fields!.body[0];
  return b.type === 'paragraph' ? b.text : '';
}

describe('the editing store keeps what is typed', () => {
  let srv: ReturnType<typeof server>;

  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
    srv = server();
    setBackend(srv.backend);
    setToken('t');
    useSession.setState({ status: 'signed_in', user: { ...LIN, roles: ['editor'], review_levels: [], disabled: false, must_change_password: false } });
    usePresence.setState({ articleId: 41, mode: 'edit', yielded: false, present: [] });
  });
  afterEach(() => {
    useEditing.getState().close();
    vi.useRealTimers();
  });

  it('keeps typed text on this computer until it is saved', async () => {
    await useEditing.getState().load(41);
    typeText('园区新建标准厂房十五栋。');
    expect(readDraft(2, 41)).toMatchObject({ base: 1, baseHash: 'hash-1' });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY);
    expect(srv.saves).toEqual([{ base: 1, text: '园区新建标准厂房十五栋。' }]);
    expect(useEditing.getState().saveState).toBe('saved');
    expect(localStorage.getItem(draftKey(2, 41))).toBeNull();
  });

  it('waits while the server is away and saves when it is back; the text stays meanwhile', async () => {
    await useEditing.getState().load(41);
    srv.state.down = true;
    typeText('断网时输入的文字。');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY);
    expect(useEditing.getState().saveState).toBe('offline');
    expect(readDraft(2, 41)?.fields.body).toEqual([{ type: 'paragraph', text: '断网时输入的文字。' }]);
    srv.state.down = false;
    await vi.advanceTimersByTimeAsync(OFFLINE_RETRY);
    expect(srv.saves.map((s) => s.text)).toEqual(['断网时输入的文字。']);
    expect(useEditing.getState().saveState).toBe('saved');
    expect(readDraft(2, 41)).toBeNull();
  });

  it('offers the text back when the article is opened again, and blocks typing until the user chooses', async () => {
    await useEditing.getState().load(41);
    srv.state.down = true;
    typeText('关窗前没保存的文字。');
    useEditing.getState().close();
    srv.state.down = false;
    await vi.advanceTimersByTimeAsync(0);

    await useEditing.getState().load(41);
    expect(useEditing.getState().draft).toMatchObject({ stale: false });
    typeText('覆盖不了');
    expect(bodyText()).toBe('园区新建标准厂房十二栋。');
    await useEditing.getState().restoreDraft();
    expect(bodyText()).toBe('关窗前没保存的文字。');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY);
    expect(srv.latest().revision).toBe(2);
    expect(readDraft(2, 41)).toBeNull();
  });

  it('sends a draft of an older revision through the conflict view; keeping mine saves it on top of the latest', async () => {
    await useEditing.getState().load(41);
    srv.state.down = true;
    typeText('我的修改。');
    useEditing.getState().close();
    srv.state.down = false;
    srv.elsewhere('赵敏的修改。');

    await useEditing.getState().load(41);
    expect(useEditing.getState().draft).toMatchObject({ stale: true });
    await useEditing.getState().restoreDraft();
    const c = useEditing.getState().conflict!;
    expect(c.reason).toBe('draft');
    expect(c.latest.revision).toBe(2);
    expect(c.mine.body).toEqual([{ type: 'paragraph', text: '我的修改。' }]);
    await useEditing.getState().keepMine();
    expect(srv.saves.at(-1)).toEqual({ base: 2, text: '我的修改。' });
    expect(useEditing.getState().article?.revision).toBe(3);
    expect(readDraft(2, 41)).toBeNull();
  });

  it('on a refused save shows my text against the latest, and drops it only when asked', async () => {
    await useEditing.getState().load(41);
    srv.elsewhere('赵敏先保存了。');
    typeText('我后保存。');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY);
    const s = useEditing.getState();
    expect(s.saveState).toBe('conflict');
    expect(s.conflict?.mine.body).toEqual([{ type: 'paragraph', text: '我后保存。' }]);
    expect(readDraft(2, 41)?.fields.body).toEqual([{ type: 'paragraph', text: '我后保存。' }]);
    // Merging by hand: my text on the latest revision, not saved until the user saves.
    useEditing.getState().mergeByHand();
    expect(useEditing.getState().article?.revision).toBe(2);
    typeText('我后保存，并吸收了赵敏的修改。');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY * 3);
    expect(srv.saves).toEqual([]);
    await useEditing.getState().save();
    expect(srv.saves).toEqual([{ base: 2, text: '我后保存，并吸收了赵敏的修改。' }]);
    expect(useEditing.getState().merging).toBeNull();
  });

  it('tells of a newer revision saved elsewhere, and 载入最新 with unsaved text opens the conflict view', async () => {
    await useEditing.getState().load(41);
    typeText('正在输入，尚未保存');
    srv.elsewhere('赵敏的新稿。');
    const ev: ChangeEvent = {
      seq: 5,
      kind: 'article',
      action: 'save',
      id: 41,
      issue_id: 1,
      revision: 2,
      status: 'draft',
      review_level: null,
      by: ZHAO.id,
      by_name: ZHAO.display_name,
      at: '2026-11-24T08:00:00Z',
    };
    live.dispatch(ev);
    await vi.advanceTimersByTimeAsync(200);
    expect(useEditing.getState().newer).toMatchObject({ revision: 2, by: '赵敏' });
    await useEditing.getState().loadLatest();
    expect(useEditing.getState().conflict?.reason).toBe('reload');
    useEditing.getState().takeLatest();
    expect(fieldsOf(useEditing.getState().article!).body).toEqual([{ type: 'paragraph', text: '赵敏的新稿。' }]);
    expect(bodyText()).toBe('赵敏的新稿。');
    expect(readDraft(2, 41)).toBeNull();
  });
});
