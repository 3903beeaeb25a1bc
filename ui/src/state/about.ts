import { programInfo, type ProgramInfo } from '../api/about';

export type { ProgramInfo };

/** The program's version and build commit for the 关于 dialog (null when it cannot be read). */
export async function loadProgramInfo(): Promise<ProgramInfo | null> {
  try {
    return await programInfo();
  } catch {
    return null;
  }
}
