/**
 * 选题 and 派稿: the topics of an issue (the 选题会 board), one's own pieces
 * (我的稿件) and what one may do with them. Who may do what is decided by
 * the core; `mayPlanTopics` only mirrors it so the board can hide buttons.
 */
import { create } from 'zustand';
import type {
  CorrespondentAccount,
  CreateCorrespondentInput,
  MyPieces,
  ProposeTopicInput,
  StartedArticle,
  Topic,
  TopicDecision,
  TopicDetail,
} from '../api';
import { call } from './backend';
import { follow } from './live';
import { useSession } from './session';

/** Editors and admins decide on topics and assign them. */
export function mayPlanTopics(): boolean {
  const { has } = useSession.getState();
  return has('editor') || has('admin');
}

/** A 通讯员 and nothing else: the screens show their own pieces only. */
export function isCorrespondentOnly(roles: readonly string[] | undefined): boolean {
  return !!roles && roles.length > 0 && roles.every((r) => r === 'correspondent');
}

interface TopicsState {
  /** The issue shown (null: every topic one may see). */
  issueId: number | null;
  list: Topic[];
  loaded: boolean;
  load: (issueId: number | null) => Promise<void>;
  refresh: () => Promise<void>;
  propose: (input: ProposeTopicInput) => Promise<Topic>;
  decide: (id: number, decision: TopicDecision, reason?: string) => Promise<Topic>;
  assign: (topicId: number, assignee: string, due: string) => Promise<Topic>;
  start: (topicId: number) => Promise<StartedArticle>;
  detail: (id: number) => Promise<TopicDetail>;
  cancel: (id: number, reason?: string) => Promise<Topic>;
  /** 预留版位: hold page `page` of the topic's issue for it (null: let it go). */
  reserve: (topicId: number, page: number | null) => Promise<Topic>;
}

function replace(list: Topic[], t: Topic): Topic[] {
  return list.some((x) => x.id === t.id) ? list.map((x) => (x.id === t.id ? t : x)) : [...list, t];
}

export const useTopics = create<TopicsState>((set, get) => ({
  issueId: null,
  list: [],
  loaded: false,
  async load(issueId) {
    set({ issueId });
    const list = await call('list_topics', issueId === null ? {} : { issue_id: issueId });
    if (get().issueId === issueId) set({ list, loaded: true });
  },
  async refresh() {
    if (!get().loaded) return;
    await get().load(get().issueId);
  },
  async propose(input) {
    const t = await call('propose_topic', input);
    if (get().issueId === null || get().issueId === t.issue_id) set({ list: replace(get().list, t) });
    return t;
  },
  async decide(id, decision, reason) {
    const t = await call('decide_topic', { id, decision, reason });
    set({ list: replace(get().list, t) });
    return t;
  },
  async assign(topicId, assignee, due) {
    const t = await call('assign_topic', { topic_id: topicId, assignee, due });
    set({ list: replace(get().list, t) });
    return t;
  },
  async start(topicId) {
    const started = await call('start_topic_article', { topic_id: topicId });
    set({ list: replace(get().list, started.topic) });
    return started;
  },
  detail: (id) => call('get_topic', { id }),
  async cancel(id, reason) {
    const t = await call('cancel_topic', { id, reason });
    set({ list: replace(get().list, t) });
    return t;
  },
  async reserve(topicId, page) {
    const t = await call('reserve_topic_slot', page === null ? { topic_id: topicId } : { topic_id: topicId, page });
    set({ list: replace(get().list, t) });
    return t;
  },
}));

/** States in which a topic may hold a page slot. */
const OPEN: readonly string[] = ['proposed', 'accepted', 'held', 'assigned', 'in_progress', 'submitted'];

/**
 * The topics of an issue a page could be held for: open ones without a
 * slot, whose article (if any) is on no page (`placed`).
 */
export async function reservableTopics(issueId: number, placed: ReadonlySet<number>): Promise<Topic[]> {
  const list = await call('list_topics', { issue_id: issueId });
  return list.filter((t) => OPEN.includes(t.state) && t.page === null && (t.article_id === null || !placed.has(t.article_id)));
}

// A topic changed, or an article moved on (a topic follows its article).
follow('topics', {
  wants: (e) => e.kind === 'topic' || e.kind === 'review' || e.kind === 'article',
  refresh: () => useTopics.getState().refresh(),
  delay: 150,
});

interface PiecesState {
  mine: MyPieces | null;
  load: () => Promise<void>;
}

export const usePieces = create<PiecesState>((set) => ({
  mine: null,
  async load() {
    set({ mine: await call('list_my_pieces', {}) });
  },
}));

follow('pieces', {
  wants: (e) => e.kind === 'review' || e.kind === 'plan' || e.kind === 'article' || e.kind === 'topic',
  async refresh() {
    if (usePieces.getState().mine) await usePieces.getState().load();
  },
  delay: 200,
});

/** 开通通讯员账号 (admins): the account and its contributor record in one step. */
export function createCorrespondent(input: CreateCorrespondentInput): Promise<CorrespondentAccount> {
  return call('create_correspondent', input);
}
