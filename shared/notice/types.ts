/**
 * The quarterly ranked notice (通报), as data: what draftNotice makes from the quarter's accepted
 * submissions and the ranking, and what every rendering (text, markdown, card, .docx, .xlsx) reads.
 * Plain JSON, so a published notice can be stored as it was and compared with a later correction.
 */
import type { Comparator } from '../indicators/definitions.js';
import type { RankedCounty, ScorePartId } from '../ranking/score.js';
import type { DueDate } from '../schedule/deadlines.js';

/** A county's standing for the quarter (bot/submissions/progress.ts ProgressState). */
export type NoticeCountyState = 'on-time' | 'late' | 'rejected' | 'missing';

export interface NoticeCountyInput {
  county: string;
  state: NoticeCountyState;
  /** ISO instant the counted version arrived; null when none counts. */
  receivedAt: string | null;
  /** The counted (newest accepted) version's indicators; null when no version was accepted. */
  indicators: Record<string, number | null> | null;
}

/** Each county's counted indicators by id, as the attachment's 指标 sheet shows them; null or absent when none counts. */
export type NoticeIndicators = Readonly<Record<string, Readonly<Record<string, number | null>> | null | undefined>>;

export interface NoticeInput {
  /** '2026Q3' */
  period: string;
  /** submissionDue of the period. */
  due: DueDate;
  /** ISO instant the data was read. */
  asOf: string;
  /** '晋城市机关事务管理局' */
  issuer: string;
  /** '晋市机管通〔2026〕3号'; the caller numbers it. */
  docNumber: string;
  /** Issuing date, YYYY-MM-DD. */
  date: string;
  counties: NoticeCountyInput[];
  /** rankCounties output for the same counties. */
  ranked: RankedCounty[];
  /** 0 for the notice, 1.. for numbered corrections. */
  revision: number;
  /** The last published revision; required for a correction. */
  previous?: NoticeContent;
  /**
   * The counted indicators published with previous (the attachment's 指标 sheet), so a correction
   * lists indicator changes only the attachment shows. Without them only the values the notice
   * itself carries (its targets') are compared.
   */
  previousIndicators?: NoticeIndicators;
  draft: boolean;
  /** The next quarter's due date, named in the requirements when given. */
  nextDue?: DueDate;
}

export interface NoticePart {
  id: ScorePartId;
  label: string;
  /** Full points of the part (the configured weight). */
  max: number;
}

export interface NoticeRankRow {
  rank: number;
  county: string;
  state: NoticeCountyState;
  /** '按时报送', '逾期报送', '未通过校验，视为未报送', '未报送' */
  stateLabel: string;
  /** ISO instant the counted version arrived (a late county's is printed); null when none counts. */
  receivedAt: string | null;
  /** Unrounded. */
  total: number;
  /** Unrounded points by part id, for every part of NoticeContent.parts. */
  points: Partial<Record<ScorePartId, number>>;
}

export interface NoticeTarget {
  id: string;
  name: string;
  unit: string;
  /** '≥ 35%' (targetLabel) */
  target: string;
  comparator: Comparator;
  threshold: number;
  /** Counties in rank order. Counties without an accepted submission are in none of the lists. */
  met: string[];
  missed: string[];
  /** Submitted, but the indicator could not be computed (null). */
  noData: string[];
  /** Unrounded values of the counties that submitted, by county. */
  values: Record<string, number | null>;
}

/** A city-wide total with a year-end goal (the seed's 托管 and 合同节水 projects). */
export interface NoticeCityGoal {
  id: string;
  name: string;
  unit: string;
  goal: number;
  /** Sum over the counties that submitted. */
  total: number;
  met: boolean;
}

export type NoticeSectionId = 'changes' | 'overall' | 'ranking' | 'targets' | 'timeliness' | 'requirements';

export interface NoticeSection {
  id: NoticeSectionId;
  /** Chinese ordinal as printed: '一', '二', … */
  number: string;
  /** Heading without its number: '总体情况'. */
  heading: string;
  /** Body paragraphs in order; the 'ranking' section's table follows its paragraphs. */
  paragraphs: string[];
}

export interface NoticeContent {
  title: string;
  docNumber: string;
  period: string;
  /** '2026年第三季度' */
  periodLabel: string;
  /** Issuing date, YYYY-MM-DD. */
  date: string;
  /** '2026年10月23日' (Arabic numerals, GB/T 9704-2012 7.3.5.3). */
  dateText: string;
  issuer: string;
  draft: boolean;
  revision: number;
  /** ISO instant the data was read. */
  asOf: string;
  /** The quarter's due date, YYYY-MM-DD. */
  due: string;
  correction?: { number: number; of: string; changes: string[] };
  /** missing counts every county without an accepted submission, rejected ones included. */
  overall: { counties: number; submitted: number; onTime: number; late: number; rejected: number; missing: number };
  parts: NoticePart[];
  /** In ranked order. */
  rows: NoticeRankRow[];
  targets: NoticeTarget[];
  cityGoals: NoticeCityGoal[];
  late: string[];
  /** Every county without an accepted submission, rejected-only ones included (see rejected). */
  missing: string[];
  /** The counties in missing whose only versions were rejected. */
  rejected: string[];
  requirements: string[];
  /** 主送机关 line under the title: '各县（市、区）机关事务管理部门：'. */
  addressee: string;
  /** The paragraph before the first section. */
  opening: string;
  /** 附件 line under the body. */
  attachment: string;
  sections: NoticeSection[];
}
