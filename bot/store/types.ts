/**
 * What the server keeps, and the repository interface the rest of bot/ talks to. Only
 * bot/store/ knows the storage behind it (a lowdb JSON file today).
 */
import type { Issue } from '../../shared/validation/issues.js';
import type { HistorySnapshot } from '../../shared/validation/history.js';

export type Role = 'reporter' | 'supervisor';

export interface CountyRecord {
  name: string;
  code: string;
  addedAt: string;
}

/** A chat user bound to a county (reporter) or to the whole city (supervisor). */
export interface Member {
  channelId: string;
  userId: string;
  name: string | null;
  role: Role;
  /** The county a reporter submits for; for a supervisor the county named on the invite, if any. */
  county: string | null;
  boundAt: string;
}

export interface Invite {
  /** sha-256 of the code: the code itself is shown once and never stored. */
  codeHash: string;
  county: string | null;
  role: Role;
  createdAt: string;
  expiresAt: string;
  createdBy: string;
  usedAt: string | null;
  usedBy: string | null;
}

export interface ApiToken {
  county: string;
  /** sha-256 of the token. */
  tokenHash: string;
  createdAt: string;
  createdBy: string;
}

/**
 * Conversations whose key starts with this are supervisors' notice channels (a Teams channel or
 * group chat registered with 设为通报群), not one user's chat.
 */
export const NOTICE_CHANNEL_PREFIX = 'notice-channel:';

/** Enough to message a chat user or channel later (reminders, notices). Opaque outside bot/channels/. */
export interface ConversationRecord {
  key: string;
  channelId: string;
  userId: string;
  county: string | null;
  role: Role | null;
  reference: unknown;
  updatedAt: string;
}

export type SubmissionStatus = 'accepted' | 'accepted-with-warnings' | 'rejected';

export interface SubmissionSender {
  kind: 'member' | 'token' | 'demo';
  /** channelId:userId for members, the county for a token. */
  id: string;
  name: string | null;
}

export interface SubmissionRecord {
  id: string;
  county: string;
  /** "2026Q3" */
  period: string;
  version: number;
  status: SubmissionStatus;
  receivedAt: string;
  sha256: string;
  bytes: number;
  format: 'xlsx' | 'json';
  via: 'chat' | 'api' | 'demo';
  sender: SubmissionSender;
  /** The due date it was judged against (ISO date) and whether it came after it. */
  dueDate: string;
  late: boolean;
  summary: { errors: number; warnings: number };
  /** Outlier warnings explained in 异常说明. */
  explained: number;
  unexplainedOutliers: number;
  institutions: number;
  /** The first issues, for the card and 我的提交; the full list is recomputed from the file. */
  issues: Issue[];
  issueCount: number;
  indicators: Record<string, number | null>;
  /** Paths under the data directory: the original upload and (accepted only) its history snapshot. */
  file: string;
  history: string | null;
}

export type ReminderStatus = 'claimed' | 'sent' | 'failed';

/** One reminder or notice delivery, claimed before it is sent so that it goes out once. */
export interface ReminderRecord {
  key: string;
  status: ReminderStatus;
  claimedAt: string;
  /** When it was marked sent or failed (null while claimed). */
  doneAt: string | null;
  detail: string;
  /** Sends tried: 1 on the first claim, one more on each retry of a failed send. */
  attempts: number;
}

export interface ReminderMark {
  key: string;
  status: 'sent' | 'failed';
  detail: string;
}

/** A published notice (通报) of a quarter: stored once and never changed; a correction is a new revision. */
export interface NoticeRecord {
  id: string;
  period: string;
  createdAt: string;
  createdBy: string;
  /** The notice as plain text (audit, search). */
  text: string;
  postedAt: string | null;
  /** 0 the notice itself, 1… its numbered corrections. */
  revision: number;
  /** 发文字号, e.g. 晋市机管通〔2026〕3号. */
  docNumber: string;
  /** The drafted content (shared/notice/content.ts NoticeContent) as JSON, from which the card and files are rendered again. */
  content: unknown;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  detail: string;
}

export interface StoreData {
  schema: 1;
  counties: CountyRecord[];
  members: Member[];
  invites: Invite[];
  tokens: ApiToken[];
  conversations: ConversationRecord[];
  submissions: SubmissionRecord[];
  reminders: ReminderRecord[];
  notices: NoticeRecord[];
  audit: AuditEntry[];
}

/** A submission about to be stored: the store numbers the version and keeps the files. */
export interface NewSubmission extends Omit<SubmissionRecord, 'id' | 'version' | 'file' | 'history'> {
  original: Buffer;
  snapshot: HistorySnapshot | null;
}

export type RedeemResult =
  | { ok: true; member: Member; previous: Member | null }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/**
 * The store, as every backend gives it (lowdb file, PostgreSQL). Every method is asynchronous, so
 * a database can sit behind it; reads that handlers make per message (member, token) are one
 * query each. Operations that must be right with several processes are the store's own: version
 * numbers (addSubmission), invite redemption and reminder claims each happen in one transaction.
 */
export interface Repository {
  /** Which backend, for logs and /healthz ("lowdb", "postgres"). */
  readonly kind: string;
  counties(): Promise<CountyRecord[]>;
  addCounties(counties: readonly { name: string; code: string }[], actor: string, now: Date): Promise<number>;

  member(channelId: string, userId: string): Promise<Member | undefined>;
  members(): Promise<Member[]>;
  invites(): Promise<Invite[]>;
  addInvite(invite: Invite): Promise<void>;
  /** Binds the user; of several callers racing for one code exactly one wins. */
  redeemInvite(codeHash: string, user: { channelId: string; userId: string; name: string | null }, now: Date): Promise<RedeemResult>;

  /** Replaces the county's token (the old one stops working at once). */
  setToken(token: ApiToken): Promise<void>;
  countyForToken(tokenHash: string): Promise<string | undefined>;
  tokenCount(): Promise<number>;

  saveConversation(record: ConversationRecord): Promise<void>;
  conversations(): Promise<ConversationRecord[]>;

  /** Stores a submission as the next version of its county and period; concurrent calls never get the same version. */
  addSubmission(submission: NewSubmission): Promise<SubmissionRecord>;
  submissions(filter?: { county?: string; period?: string }): Promise<SubmissionRecord[]>;
  /** How many counties and submissions are stored (/healthz, start-up): a count, not a read of them all. */
  counts(): Promise<{ counties: number; submissions: number }>;
  /** The snapshot kept with an accepted submission. */
  history(record: SubmissionRecord): Promise<HistorySnapshot | null>;
  /** The original upload, for audit. */
  original(record: SubmissionRecord): Promise<Buffer>;

  /** Takes a reminder's key before sending it: true for exactly one caller (insert-if-absent). */
  claimReminder(key: string, now: Date): Promise<boolean>;
  /** claimReminder for many keys in one write: the keys this caller took (each key by exactly one caller). */
  claimReminders(keys: readonly string[], now: Date): Promise<string[]>;
  /**
   * Takes a failed reminder back for another attempt: true for exactly one caller, and only while
   * it is marked failed (a sent or claimed one is never taken again). Counts the attempt.
   */
  retryReminder(key: string, now: Date): Promise<boolean>;
  /** Marks a claimed reminder sent or failed, with a detail for 进度 and the log. */
  markReminder(key: string, status: 'sent' | 'failed', detail: string, now: Date): Promise<void>;
  /** markReminder for many claimed keys in one write. */
  markReminders(marks: readonly ReminderMark[], now: Date): Promise<void>;
  /** The ledger, or only the records of these keys (one query, whatever the ledger's size). */
  reminders(keys?: readonly string[]): Promise<ReminderRecord[]>;
  addNotice(notice: NoticeRecord): Promise<void>;
  notices(): Promise<NoticeRecord[]>;

  audit(entry: AuditEntry): Promise<void>;
  auditLog(): Promise<AuditEntry[]>;

  /**
   * The secret that signs download links, made on first use: one per store, so every server on a
   * shared database signs and checks links alike (lowdb: the file link-secret in the data directory).
   */
  linkSecret(): Promise<Buffer>;

  /**
   * Runs work that must run once at a time across every process on this store (the reminder
   * tick, the notice job): `fn` runs unless work of the same name is running, here or in another
   * process (PostgreSQL: an advisory lock; lowdb: one process holds the data directory's lock,
   * so an in-process guard is enough).
   */
  runExclusive<T>(name: string, fn: () => Promise<T>): Promise<ExclusiveResult<T>>;

  close(): Promise<void>;
}

export type ExclusiveResult<T> = { ran: true; value: T } | { ran: false };
