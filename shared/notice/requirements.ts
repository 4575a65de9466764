/**
 * 下季度工作要求 of a notice: derived from the quarter's data (late and missing counties, missed
 * targets, indicators that could not be computed, city goals not yet reached) and worded after the
 * city's 2026 work arrangement (../shared/seed), followed by the standing items of that arrangement.
 */
import { INDICATORS, type IndicatorDefinition } from '../indicators/definitions.js';
import type { Period, Quarter } from '../period.js';
import { formatChineseDate, type DueDate } from '../schedule/deadlines.js';
import { targetAmount } from './format.js';
import type { NoticeCityGoal, NoticeTarget } from './types.js';

const QUARTER_NUMERALS = ['一', '二', '三', '四'] as const;

/** '2026年第三季度': quarters in Chinese numerals, as a notice writes them. */
export function noticePeriodLabel(p: Period): string {
  return `${p.year}年第${QUARTER_NUMERALS[p.quarter - 1]}季度`;
}

export function nextPeriod(p: Period): Period {
  return p.quarter === 4 ? { year: p.year + 1, quarter: 1 } : { year: p.year, quarter: (p.quarter + 1) as Quarter };
}

/** Names joined the Chinese way: "城区、沁水县". */
export const names = (list: readonly string[]): string => list.join('、');

function targetOf(id: string): number {
  return (INDICATORS as readonly IndicatorDefinition[]).find((d) => d.id === id)?.target ?? Number.NaN;
}

interface TargetWording {
  /** What falling short is called, when "<name>低于/未达到<target>" reads badly. */
  shortfall?: string;
  /** What the counties are to do, in the arrangement's words. Targets sharing one action share a line. */
  action: string;
}

/** Per target indicator; the percentages come from INDICATORS so a changed target changes the text. */
const WORDING: Record<string, TargetWording> = {
  'vehicles.nev_share': { action: `持续提高新能源汽车在公务用车中的占比，力争年内新增及更新公务用车中新能源汽车占比不低于${targetOf('vehicles.nev_share')}%` },
  'charging.compliance_rate': {
    action: '加快推进新能源汽车充电基础设施建设，位于中心城区的公共机构充电桩安装比例不低于配建车位的20%、其他公共机构不低于10%、力争达到20%',
  },
  'water.saving_fixture_rate': { action: `加快节水器具普及更新，节水器具普及更新率要达${targetOf('water.saving_fixture_rate')}%以上` },
  'water.meter_l2_rate': { action: `健全用水计量监测体系，二、三级计量要达${targetOf('water.meter_l2_rate')}%以上` },
  'water.meter_l3_rate': { action: `健全用水计量监测体系，二、三级计量要达${targetOf('water.meter_l2_rate')}%以上` },
  'coal.units_without_plan': {
    shortfall: '有仍在使用燃煤的单位未制定整改计划',
    action: '督促还在使用煤炭的单位结合自身实际制定整改计划，加快淘汰燃煤设备，有序完成清洁能源替换',
  },
  'food.self_check_rate': { action: '严格落实机关食堂反食品浪费成效评估和通报制度，每季度开展一次自查评估' },
  'data.completeness': { action: '督促名录内每家公共机构填报能源资源消费数据，实现调查统计全覆盖，严格落实数据质量责任制' },
};

/** A city goal's requirement, by indicator id (the arrangement's 第（五）条). */
export const CITY_GOALS: readonly { id: string; goal: number; requirement: (goal: number, total: number) => string }[] = [
  {
    id: 'hosting.projects',
    goal: 2,
    requirement: (goal, total) =>
      `年底前全市要完成不少于${goal}个能源费用托管项目，目前全市已报${total}个。各县（市、区）机关事务部门要牵头推进，教育、卫健部门牵头组织本辖区学校、医院集中打包实施能源费用托管。`,
  },
  {
    id: 'water_contract.projects',
    goal: 1,
    requirement: (goal, total) => `推动合同节水管理，争取全市完成${goal}个合同节水项目，目前全市已报${total}个；年用水量超万吨的单位可采用合同节水管理。`,
  },
];

function shortfall(t: NoticeTarget): string {
  return WORDING[t.id]?.shortfall ?? `${t.name}${t.comparator === '>=' ? '低于' : t.comparator === '<=' ? '高于' : '未达到'}${targetAmount(t)}`;
}

export interface RequirementFacts {
  period: Period;
  late: readonly string[];
  missing: readonly string[];
  rejected: readonly string[];
  targets: readonly NoticeTarget[];
  cityGoals: readonly NoticeCityGoal[];
  nextDue?: DueDate;
}

function timelinessRequirement(f: RequirementFacts): string {
  const next = noticePeriodLabel(nextPeriod(f.period));
  const by = f.nextDue ? `于${formatChineseDate(f.nextDue.date)}前` : '在截止日期前';
  if (f.late.length === 0 && f.missing.length === 0) return `各县（市、区）要继续保持按时报送，${by}报送${next}报表。`;
  const said: string[] = [];
  if (f.late.length > 0) said.push(`${names(f.late)}逾期报送`);
  if (f.missing.length > 0) said.push(`${names(f.missing)}未报送`);
  const redo = f.rejected.length > 0 ? `${names(f.rejected)}要按问题清单修改本季度报表后重新报送；` : '';
  return `${said.join('，')}。${redo}各县（市、区）要严格落实数据报送责任，${by}按时报送${next}报表，确保数据真实、准确、完整。`;
}

/** Targets missed by someone, one line per action: "沁水县二级…低于90%；陵川县三级…低于90%，要健全…". */
function targetRequirements(targets: readonly NoticeTarget[]): string[] {
  const byAction = new Map<string, string[]>();
  for (const t of targets) {
    if (t.missed.length === 0) continue;
    const action = WORDING[t.id]?.action ?? `确保${t.name}达到${t.target}`;
    const said = `${names(t.missed)}${shortfall(t)}`;
    const list = byAction.get(action);
    if (list) list.push(said);
    else byAction.set(action, [said]);
  }
  return [...byAction].map(([action, said]) => `${said.join('；')}，要${action}。`);
}

/** "沁水县（节水器具普及率、二级水计量器具配备率）…无法计算": by county, in the targets' order. */
function noDataRequirement(targets: readonly NoticeTarget[]): string[] {
  const byCounty = new Map<string, string[]>();
  for (const t of targets) {
    for (const county of t.noData) {
      const list = byCounty.get(county);
      if (list) list.push(t.name);
      else byCounty.set(county, [t.name]);
    }
  }
  if (byCounty.size === 0) return [];
  const said = [...byCounty].map(([county, ids]) => `${county}（${names(ids)}）`);
  return [`${names(said)}因相关数据未填报无法计算，要规范建立相应台账，下季度补齐数据。`];
}

/** Items of the arrangement that stand every quarter, and the annual report before a first quarter. */
function standingRequirements(period: Period): string[] {
  const items: string[] = [];
  if (period.quarter === 4) items.push(`按规定于${period.year + 1}年3月31日前报送${period.year}年度公共机构能源资源消费统计年报。`);
  items.push(
    '对照《公共机构碳排放核算指南》《山西省公共机构碳排放定额》开展碳排放基础数据摸排，规范建立碳排放统计台账，实现数据动态更新、精准可查。',
    '依托全国公共机构节约能源资源综合信息平台，协调供能企业推进用电、水、气、热力数据自动采集，推动能耗数据与资产管理、财政预算对接融合。',
  );
  return items;
}

export function noticeRequirements(f: RequirementFacts): string[] {
  // Year-end goals are still open in quarters 1–3; a fourth quarter's notice reports them as results.
  const goals = f.period.quarter === 4 ? [] : f.cityGoals.filter((g) => !g.met).map((g) => CITY_GOALS.find((c) => c.id === g.id)?.requirement(g.goal, g.total) ?? '');
  return [timelinessRequirement(f), ...targetRequirements(f.targets), ...noDataRequirement(f.targets), ...goals.filter((g) => g !== ''), ...standingRequirements(f.period)];
}
