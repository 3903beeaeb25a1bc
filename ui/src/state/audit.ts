import { create } from 'zustand';
import type { AuditEntry, ChainReport, ListAuditInput } from '../api';
import { call } from './backend';

/** The filters of the 审计日志 screen. */
export interface AuditFilter {
  actorId?: number;
  /** An action (`login.fail`) or a group ending in a dot (`login.`). */
  action?: string;
  /** Local dates, inclusive (YYYY-MM-DD). */
  since?: string;
  until?: string;
}

export const AUDIT_PAGE = 50;

interface AuditState {
  filter: AuditFilter;
  page: number;
  total: number;
  entries: AuditEntry[];
  loading: boolean;
  chain: ChainReport | null;
  checking: boolean;
  /** Show page `page` (1-based) of the entries that pass `filter`, newest first. */
  load: (filter: AuditFilter, page?: number) => Promise<void>;
  /** Check the hash chain of the whole log. */
  verify: () => Promise<ChainReport>;
}

let seq = 0;

export const useAudit = create<AuditState>((set) => ({
  filter: {},
  page: 1,
  total: 0,
  entries: [],
  loading: false,
  chain: null,
  checking: false,
  async load(filter, page = 1) {
    const my = ++seq;
    set({ filter, page, loading: true });
    const input: ListAuditInput = {
      actor_id: filter.actorId,
      action: filter.action || undefined,
      since: filter.since,
      until: filter.until,
      limit: AUDIT_PAGE,
      offset: (page - 1) * AUDIT_PAGE,
    };
    try {
      const out = await call('list_audit', input);
      if (my === seq) set({ entries: out.entries, total: out.total });
    } finally {
      if (my === seq) set({ loading: false });
    }
  },
  async verify() {
    set({ checking: true });
    try {
      const chain = await call('verify_audit', {});
      set({ chain });
      return chain;
    } finally {
      set({ checking: false });
    }
  },
}));

/** The actions the log records, by group, for the filter. */
export const AUDIT_ACTIONS: Record<string, string[]> = {
  login: ['login.ok', 'login.fail'],
  session: ['logout', 'session.revoke_all'],
  user: ['user.create', 'user.update', 'user.password_change', 'user.password_reset'],
  article: ['article.create', 'article.save', 'article.restore', 'article.import'],
  review: ['review.submit', 'review.approve', 'review.return', 'review.withdraw', 'review.reopen'],
  comment: ['comment.add', 'comment.resolve', 'comment.reopen'],
  proof: ['proof.ignore', 'proof.propose_ignore', 'proof.ignore_confirm', 'proof.ignore_reject', 'proof.unignore', 'proof.pass'],
  roster: ['roster.add', 'roster.update', 'roster.delete', 'roster.reorder'],
  words: ['words.add', 'words.add_many', 'words.update', 'words.delete'],
  issue: ['issue.create', 'issue.update', 'issue.status'],
  plan: ['plan.save'],
  export: ['export.pdf', 'export.proof', 'export.web', 'export.web_proof'],
  publication: ['publication.update'],
  workspace: [
    'workspace.backup',
    'workspace.restore',
    'workspace.replaced_by_restore',
    'workspace.lock',
    'workspace.db',
    'workspace.share_on',
    'workspace.share_off',
    'workspace.share_resumed',
    'workspace.share_not_resumed',
  ],
  server: ['server.start', 'server.stop'],
  access: ['access.refused'],
  audit: ['audit.keyed'],
  proof_round: ['proof_round.start', 'proof_round.close'],
  proof_mark: ['proof_mark.add', 'proof_mark.apply', 'proof_mark.reject', 'article.correct'],
  page: ['page.sign', 'page.signoff_void'],
  print: ['print.update', 'print.profile_import', 'print.profile_delete', 'print.order', 'print.void'],
};
