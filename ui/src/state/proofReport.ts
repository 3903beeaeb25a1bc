import { create } from 'zustand';
import type { IgnoreRow, IssueProofReport, RecordPassInput } from '../api';
import { call } from './backend';
import { follow } from './live';

interface ProofReportState {
  report: IssueProofReport | null;
  loading: boolean;
  /** The issue's open findings per article, its 差错率 and its 三校 record. */
  load: (issueId: number) => Promise<void>;
  /** Record 一校, 二校 or 三校 (proofreaders only; in order). */
  recordPass: (input: RecordPassInput) => Promise<void>;
  /** Editors' proposals to leave an error as it is, waiting for a proofreader (of the report's issue). */
  proposals: IgnoreRow[];
  loadProposals: (issueId: number) => Promise<void>;
  /** Confirm or reject a proposal. */
  reviewIgnore: (proposal: IgnoreRow, accept: boolean, note?: string) => Promise<void>;
  /** The 校对 page closed: stop following the issue. */
  leave: () => void;
}

let seq = 0;
let proposalSeq = 0;
/** The issue the 校对 page shows (null when it is not open). */
let shown: number | null = null;

export const useProofReport = create<ProofReportState>((set, get) => ({
  report: null,
  loading: false,
  proposals: [],
  async load(issueId) {
    shown = issueId;
    const my = ++seq;
    set({ loading: true });
    try {
      const report = await call('issue_proof_report', { issue_id: issueId });
      if (my === seq) set({ report });
    } finally {
      if (my === seq) set({ loading: false });
    }
  },
  async recordPass(input) {
    const passes = await call('record_proof_pass', input);
    const report = get().report;
    if (report && report.issue_id === input.issue_id) set({ report: { ...report, passes } });
  },
  async loadProposals(issueId) {
    const my = ++proposalSeq;
    const proposals = await call('list_ignore_proposals', { issue_id: issueId });
    if (my === proposalSeq) set({ proposals });
  },
  async reviewIgnore(proposal, accept, note) {
    await call('review_ignore', { id: proposal.id, accept, note: note || undefined });
    set({ proposals: get().proposals.filter((p) => p.id !== proposal.id) });
    if (shown !== null) await get().load(shown);
  },
  leave() {
    shown = null;
  },
}));

// Findings, ignores, proposals and passes of the issue, changed anywhere.
follow('proofReport', {
  wants: (e) =>
    shown !== null &&
    ((e.kind === 'proof' && (e.issue_id === shown || (e.action === 'pass' && e.id === shown) || e.issue_id === null)) ||
      ((e.kind === 'article' || e.kind === 'review') && (e.issue_id === shown || e.action === 'move'))),
  async refresh() {
    const id = shown;
    if (id === null) return;
    const s = useProofReport.getState();
    await Promise.all([s.load(id), s.loadProposals(id).catch(() => {})]);
  },
  delay: 400,
});
