import { useEditing } from '../../state/editing';
import { useSession } from '../../state/session';
import type { PlacedFinding } from '../../doc/proofText';
import { ProofPanel } from '../proof/ProofPanel';
import { MergePanel } from './EditorNotices';

interface Props {
  open: boolean;
  editable: boolean;
  onSelect: (f: PlacedFinding) => void;
  onClose: () => void;
}

/** Beside the text: the latest revision while merging by hand, else the 校对 findings (when open). */
export function EditorSide({ open, editable, onSelect, onClose }: Props) {
  const merging = useEditing((s) => s.merging);
  const mayProofread = useSession((s) => s.has('editor') || s.has('proofreader'));
  const mayConfirm = useSession((s) => s.has('proofreader') || s.has('admin'));
  if (merging) return <MergePanel merging={merging} />;
  if (!open) return null;
  return <ProofPanel canFix={editable} canIgnore={mayProofread} canConfirm={mayConfirm} onSelect={onSelect} onClose={onClose} />;
}
