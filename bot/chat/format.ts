/** Small Chinese display helpers shared by the cards. */
import type { SubmissionStatus } from '../store/types.js';
import type { ProgressState, Timeliness } from '../submissions/progress.js';

export { shanghaiTime } from '../../shared/schedule/calendar.js';

export const STATUS_LABEL: Record<SubmissionStatus, string> = {
  accepted: '已受理',
  'accepted-with-warnings': '已受理（有警告）',
  rejected: '未通过',
};

export const PROGRESS_LABEL: Record<ProgressState, string> = {
  'on-time': '按时报送',
  late: '逾期报送',
  rejected: '未通过',
  missing: '未报送',
};

/** Short status words for a version inside a sentence: "计入第 5 版（受理）；最近第 7 版未通过". */
export const STATUS_SHORT: Record<SubmissionStatus, string> = {
  accepted: '受理',
  'accepted-with-warnings': '受理，有警告',
  rejected: '未通过',
};

/** What the receipt says about lateness; null when there is nothing to say. */
export function timelinessNote(t: Timeliness): string | null {
  switch (t.kind) {
    case 'late':
      return '已逾期，记为迟报';
    case 'late-covered':
      return `本版晚于截止日；本县已有按时受理的第 ${t.onTimeVersion} 版，仍记为按时`;
    default:
      return null;
  }
}
