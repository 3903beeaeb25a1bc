import { create } from 'zustand';
import type { IssueProofReport, RecordPassInput } from '../api';
import { call } from './backend';

interface ProofReportState {
  report: IssueProofReport | null;
  loading: boolean;
  /** The issue's open findings per article, its 差错率 and its 三校 record. */
  load: (issueId: number) => Promise<void>;
  /** Record 一校, 二校 or 三校 (proofreaders only; in order). */
  recordPass: (input: RecordPassInput) => Promise<void>;
}

let seq = 0;

export const useProofReport = create<ProofReportState>((set, get) => ({
  report: null,
  loading: false,
  async load(issueId) {
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
}));
