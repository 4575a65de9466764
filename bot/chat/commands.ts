/** Chat text → a command. Chinese words first, English aliases second; the rest of the line is arguments. */
import { parsePeriodId, type Period, type Quarter } from '../../shared/period.js';

export type ChatCommand =
  | { name: 'help' }
  | { name: 'bind'; code: string }
  | { name: 'invite'; args: string[] }
  | { name: 'progress'; period: string | null }
  | { name: 'ranking'; period: string | null }
  | { name: 'mine' }
  | { name: 'noticeChannel' }
  /** 催报 泽州县 [2026Q3]; 查看提交 泽州县 [2026Q3]: a county, then optionally a quarter. */
  | { name: 'urge'; args: string[] }
  | { name: 'viewSubmissions'; args: string[] }
  | { name: 'template' }
  | { name: 'addin' }
  | { name: 'token' }
  | { name: 'previewNotice'; period: string | null }
  | { name: 'publishNotice'; period: string | null }
  | { name: 'unknown'; text: string };

/** Each command with the words that call it (Chinese first: it is what 帮助 shows). */
export const COMMAND_WORDS: Record<Exclude<ChatCommand['name'], 'unknown'>, string[]> = {
  help: ['帮助', 'help', '?', '？', '菜单', 'menu'],
  bind: ['绑定', 'bind'],
  invite: ['邀请', 'invite'],
  progress: ['进度', 'status', 'progress'],
  ranking: ['排名', 'ranking', 'rank'],
  mine: ['我的提交', 'my submissions', 'mine', 'submissions'],
  noticeChannel: ['设为通报群', 'set notice channel'],
  urge: ['催报', 'remind'],
  viewSubmissions: ['查看提交', 'view submissions'],
  template: ['模板', '下载模板', 'template'],
  addin: ['加载项', 'excel 加载项', 'excel加载项', 'addin', 'add-in'],
  token: ['令牌', 'token'],
  previewNotice: ['预览通报', 'preview notice'],
  publishNotice: ['发布通报', 'publish notice'],
};

const CHINESE_QUARTER: Record<string, Quarter> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** "2026Q3", "2026 Q3", "2026年第三季度", "2026年3季度". */
export function parsePeriodText(text: string): Period | undefined {
  const t = text.normalize('NFKC').replace(/\s+/gu, '');
  const id = parsePeriodId(t);
  if (id) return id;
  const m = /^(\d{4})年?第?([一二三四1-4])季度?$/u.exec(t);
  return m ? { year: Number(m[1]), quarter: CHINESE_QUARTER[m[2]!]! } : undefined;
}

export function parseChatCommand(raw: string): ChatCommand {
  const text = raw.normalize('NFKC').replace(/\s+/gu, ' ').trim().replace(/^[/／]/u, '');
  const lower = text.toLowerCase();
  for (const [name, words] of Object.entries(COMMAND_WORDS) as [keyof typeof COMMAND_WORDS, string[]][]) {
    // Longest words first so "my submissions" wins over a shorter alias.
    for (const word of [...words].sort((a, b) => b.length - a.length)) {
      if (!lower.startsWith(word)) continue;
      const rest = text.slice(word.length);
      // English words must end at a word boundary ("statusx" is not "status"); Chinese words need not.
      if (/^[a-z]/u.test(word) && /^[a-z0-9]/iu.test(rest)) continue;
      const args = rest.trim() === '' ? [] : rest.trim().split(' ');
      switch (name) {
        case 'help':
        case 'mine':
        case 'noticeChannel':
        case 'template':
        case 'addin':
        case 'token':
          return { name };
        case 'bind':
          return { name, code: args.join('') };
        case 'invite':
        case 'urge':
        case 'viewSubmissions':
          return { name, args };
        case 'progress':
        case 'ranking':
        case 'previewNotice':
        case 'publishNotice':
          return { name, period: args.length ? args.join(' ') : null };
      }
    }
  }
  return { name: 'unknown', text };
}
