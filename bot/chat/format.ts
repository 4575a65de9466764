/** Small Chinese display helpers shared by the cards. */
import type { SubmissionStatus } from '../store/types.js';
import type { ProgressState } from '../submissions/progress.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-10-12 09:30" in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export const STATUS_LABEL: Record<SubmissionStatus, string> = {
  accepted: '已受理',
  'accepted-with-warnings': '已受理（有警告）',
  rejected: '未通过',
};

export const PROGRESS_LABEL: Record<ProgressState, string> = {
  'on-time': '按时报送',
  late: '逾期报送',
  rejected: '未通过（待重报）',
  missing: '未报送',
};
