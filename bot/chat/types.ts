/**
 * The chat as the handlers see it, free of any chat SDK: a message from a user (text and files),
 * answered with text or Adaptive Cards. bot/channels/ translates to and from Bot Framework.
 */
import type { WorkdayCalendar } from '../../shared/schedule/calendar.js';
import type { CoefficientSet } from '../../shared/coefficients/types.js';
import type { Region } from '../../shared/counties.js';
import type { Repository, SubmissionRecord } from '../store/types.js';
import type { WorkbookChecker } from '../submissions/intake.js';
import type { AdaptiveCard } from './cards/elements.js';
import type { ScheduleRules } from '../../shared/schedule/rules.js';
import type { Period } from '../../shared/period.js';
import type { NoticeSettings } from '../notices/service.js';

export interface ChatUser {
  channelId: string;
  id: string;
  name: string | null;
}

/** What a sender is told for every failed or refused attachment download (the size cap aside). */
export const ATTACHMENT_UNAVAILABLE = '附件无法下载，请重新发送。';

export type DownloadFailure = 'too-large' | 'unsupported' | 'failed';

export class DownloadError extends Error {
  constructor(
    readonly reason: DownloadFailure,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface IncomingFile {
  name: string;
  contentType: string | null;
  /** Size as announced by the channel, when it says. */
  size: number | null;
  /** Fetches the bytes, refusing (DownloadError 'too-large') past maxBytes without reading on. */
  download(maxBytes: number): Promise<Buffer>;
}

export interface IncomingMessage {
  user: ChatUser;
  text: string;
  files: IncomingFile[];
  /**
   * The chat the message came from, when the channel says: its id, whether it is a one-to-one
   * chat, a group chat or a Teams channel, and the reference proactive messages are sent with
   * (bot/channels/proactive.ts).
   */
  conversation?: { id: string; type: 'personal' | 'groupChat' | 'channel'; reference: unknown };
}

export type Reply = { kind: 'text'; text: string } | { kind: 'card'; card: AdaptiveCard };

export interface ChatServices {
  repo: Repository;
  calendar: WorkdayCalendar;
  region: Region;
  /** The server's coefficient set (config coefficientsFile); the default when absent. */
  coefficients?: CoefficientSet;
  maxUploadBytes: number;
  /** Cap on an uploaded workbook's inflated size (config maxInflatedMb). */
  maxInflatedBytes?: number;
  inviteTtlDays: number;
  /** Where uploaded workbooks are read and checked (the server's worker threads); in process when absent. */
  checker?: WorkbookChecker;
  /** Signed links the cards may carry (the server's); none in handler tests without a server. */
  links?: ChatLinks;
  /** Deadline rules (config schedule); the default rules when absent. */
  schedule?: ScheduleRules;
  /** The notice's issuing office and document numbers; from the region when absent. */
  notices?: NoticeSettings;
  /** Sends one county a reminder now (催报) through the reminders' targets and ledger; says in Chinese where it went. */
  remind?(county: string, period: Period): Promise<string>;
  /** Called after a notice is published, so it goes out to the notice channels and robots at once. */
  published?(): void;
  now(): Date;
}

export interface ChatLinks {
  /** A download link, valid for a limited time, to the full .xlsx issue list of a stored version. */
  issueReport(record: SubmissionRecord): string;
  /** Download links to a notice's .docx and .xlsx: a published revision, or (null) the current draft, for supervisors. */
  notice?(period: string, revision: number | null): { docx: string; xlsx: string };
  /** The server's address as users reach it (what the add-in's 服务器地址 is). */
  server?(): string;
  /** The blank template v1 (GET /templates/…), the same file `jieneng template` writes. */
  template?(): string;
  /** A sample workbook filled for a county (by its division code) for the last ended quarter. */
  sample?(countyCode: string): string;
  /** The Excel add-in's manifest (GET /addin/manifest.xml), or null when the add-in is not built on this server. */
  addinManifest?(): Promise<string | null>;
}
