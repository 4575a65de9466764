/**
 * Realistic, valid sample workbooks (no errors, no warnings) for demos, tests and benchmarks.
 * Institutions depend on the seed and county only; quantities also on the period, so two
 * periods with one seed describe the same institutions in different quarters. An institution's
 * use in a quarter is its own typical use for that quarter of the year, drifting a few per cent
 * from one year to the next: last year's sample of the same seed is a plausible history, with no
 * year-on-year outliers.
 */
import type { County } from '../counties.js';
import { quarterBounds, type Period } from '../period.js';
import type { CellValue, SheetInput, WorkbookInput } from '../table/sheet.js';
import type { TableSheetSpec } from '../template/spec.js';
import { INSTITUTION_TYPES, SHEET, TEMPLATE_V1, sheetSpec } from '../template/v1.js';
import { CREDIT_CODE_CHARSET, creditCodeCheckChar } from '../validation/credit-code.js';
import { institutionName } from './names.js';
import { Random, hashString } from './random.js';

export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

export interface SampleOptions {
  county: County;
  period: Period;
  /** Number of institutions; default 30. */
  institutions?: number;
  seed?: number;
  preparer?: string;
  phone?: string;
}

interface Profile {
  weight: number;
  staff: [number, number];
  areaPerStaff: [number, number];
  kwhPerM2: [number, number];
  waterPerStaff: [number, number];
  canteen: number;
}

const PROFILES: Record<InstitutionType, Profile> = {
  党政机关: { weight: 45, staff: [25, 150], areaPerStaff: [25, 45], kwhPerM2: [8, 18], waterPerStaff: [4, 8], canteen: 0.8 },
  学校: { weight: 25, staff: [200, 2500], areaPerStaff: [6, 12], kwhPerM2: [4, 9], waterPerStaff: [2, 4], canteen: 0.9 },
  医院: { weight: 8, staff: [150, 1500], areaPerStaff: [40, 90], kwhPerM2: [20, 40], waterPerStaff: [12, 25], canteen: 1 },
  场馆: { weight: 5, staff: [10, 60], areaPerStaff: [150, 400], kwhPerM2: [5, 15], waterPerStaff: [5, 20], canteen: 0.1 },
  其他事业单位: { weight: 12, staff: [15, 120], areaPerStaff: [20, 40], kwhPerM2: [8, 16], waterPerStaff: [4, 8], canteen: 0.5 },
  团体组织: { weight: 5, staff: [5, 30], areaPerStaff: [20, 40], kwhPerM2: [6, 12], waterPerStaff: [3, 6], canteen: 0.2 },
};

const TYPE_TABLE = INSTITUTION_TYPES.map((t) => [t, PROFILES[t].weight] as const);

const EQUIPMENT_CATEGORIES = ['空调', '电梯', '照明', '供热', '数据机房', '水泵', '其他'] as const;

/** Names and models that belong to each 设备类别. */
const EQUIPMENT_MODELS: Record<(typeof EQUIPMENT_CATEGORIES)[number], readonly string[]> = {
  空调: ['分体式空调 KFR-35GW', '柜式空调 KFR-72LW', '多联机空调 RFC280', '风冷模块机组 LSQWRF65'],
  电梯: ['乘客电梯 1000kg', '乘客电梯 1350kg', '医用电梯 1600kg', '载货电梯 2000kg'],
  照明: ['LED 平板灯 600×600', 'LED 筒灯 12W', 'LED 路灯 100W', 'T5 荧光灯管 28W'],
  供热: ['燃气热水锅炉 1.4MW', '空气源热泵机组 RSJ-380', '电热水锅炉 0.5MW', '板式换热机组 BRB-200'],
  数据机房: ['机房精密空调 25kW', 'UPS 不间断电源 60kVA', '机架式服务器 2U'],
  水泵: ['变频供水泵组', '热水循环泵 IRG65-160', '消防稳压泵 XBD3.2'],
  其他: ['商用电磁灶 15kW', '电蒸饭柜 12kW', '电开水器 9kW', '商用洗碗机 LS-3'],
};

/** Year-to-year change of an institution's use: ±8 %, far inside the ±50 % year-on-year check. */
const YEARLY_DRIFT: [number, number] = [0.92, 1.08];

/** GB 11714 organisation code: 8 characters and a check character. */
function organisationCode(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body[i]!;
    const v = ch >= '0' && ch <= '9' ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += v * weights[i]!;
  }
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

function base31(n: number, width: number): string {
  let s = '';
  let x = n;
  for (let i = 0; i < width; i++) {
    s = CREDIT_CODE_CHARSET[x % 31]! + s;
    x = Math.floor(x / 31);
  }
  return s;
}

/** A valid credit code registered in the county, unique per index. */
export function sampleCreditCode(county: County, type: InstitutionType, index: number, salt: number): string {
  const authority = type === '团体组织' ? '51' : type === '党政机关' ? '11' : '12';
  const org = organisationCode(`MB${base31((index * 7919 + salt) % 887_503_681, 6)}`);
  const first17 = `${authority}${county.code}${org}`;
  return first17 + creditCodeCheckChar(first17)!;
}

const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function plate(index: number, nev: boolean): string {
  if (nev) {
    const letter = 'DF'[index % 2]!;
    return `晋E${letter}${PLATE_CHARS[Math.floor(index / 2) % 34]}${String(Math.floor(index / 68) % 10000).padStart(4, '0')}`;
  }
  let x = index;
  let s = '';
  for (let i = 0; i < 5; i++) {
    s = PLATE_CHARS[x % 34]! + s;
    x = Math.floor(x / 34);
  }
  return `晋E${s}`;
}

const isoToDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const dayOf = (start: string, end: string, r: Random): Date => {
  const a = Date.parse(`${start}T00:00:00Z`);
  const b = Date.parse(`${end}T00:00:00Z`);
  return new Date(a + Math.floor(r.next() * ((b - a) / 86_400_000 + 1)) * 86_400_000);
};
const round = (x: number, digits = 0): number => Math.round(x * 10 ** digits) / 10 ** digits;
const yesNo = (b: boolean): string => (b ? '是' : '否');

function tableSheet(spec: TableSheetSpec, rows: Record<string, CellValue>[]): SheetInput {
  const header = spec.fields.map((f) => f.header);
  return { name: spec.name, rows: [header, ...rows.map((r) => spec.fields.map((f) => r[f.key] ?? null))] };
}

interface Institution {
  code: string;
  type: InstitutionType;
  profile: Profile;
  staff: number;
  area: number;
  canteen: boolean;
  usesCoal: boolean;
  centralUrban: boolean;
  heated: boolean;
  pvInstalledKw: number;
}

export function generateSample(options: SampleOptions): WorkbookInput {
  const { county, period } = options;
  const n = options.institutions ?? 30;
  const seed = options.seed ?? 1;
  const stable = new Random(hashString(`${seed}:${county.code}`));
  const quarterly = new Random(hashString(`${seed}:${county.code}:${period.year}Q${period.quarter}`));
  // The same quarter of every year: each institution's typical use in it.
  const seasonal = new Random(hashString(`${seed}:${county.code}:Q${period.quarter}`));
  const { start, end } = quarterBounds(period);
  const heatingQuarter = period.quarter === 1 || period.quarter === 4;

  const perType = new Map<InstitutionType, number>();
  const institutions: Institution[] = [];
  const directory: Record<string, CellValue>[] = [];
  const consumption: Record<string, CellValue>[] = [];
  const pvRows: Record<string, CellValue>[] = [];
  const equipment: Record<string, CellValue>[] = [];
  const salt = stable.int(0, 1_000_000);

  for (let i = 0; i < n; i++) {
    const type = stable.weighted(TYPE_TABLE);
    const k = perType.get(type) ?? 0;
    perType.set(type, k + 1);
    const p = PROFILES[type];
    const staff = stable.int(p.staff[0], p.staff[1]);
    const area = round(staff * stable.between(p.areaPerStaff[0], p.areaPerStaff[1]));
    const usesCoal = stable.chance(0.03);
    const centralUrban = stable.chance(0.4);
    const spaces = stable.chance(0.15) ? 0 : stable.int(10, 200);
    const needed = Math.ceil(spaces * (centralUrban ? 0.2 : 0.1));
    const piles = stable.chance(0.85) ? Math.min(spaces, needed + stable.int(0, 5)) : Math.floor(needed / 2);
    const fixtures = stable.int(10, 300);
    const l2 = stable.int(1, 10);
    const l3 = stable.int(5, 40);
    const inst: Institution = {
      code: sampleCreditCode(county, type, i, salt),
      type,
      profile: p,
      staff,
      area,
      canteen: stable.chance(p.canteen),
      usesCoal,
      centralUrban,
      heated: stable.chance(0.6),
      pvInstalledKw: 0,
    };
    directory.push({
      creditCode: inst.code,
      name: institutionName(county.name, type, k),
      type,
      centralUrban: yesNo(centralUrban),
      staff,
      area,
      canteen: yesNo(inst.canteen),
      parkingSpaces: spaces,
      chargingPiles: piles,
      fixturesTotal: fixtures,
      fixturesSaving: Math.min(fixtures, Math.round(fixtures * stable.between(0.88, 1.02))),
      meterL2Required: l2,
      meterL2Installed: Math.min(l2, Math.round(l2 * stable.between(0.75, 1.05))),
      meterL3Required: l3,
      meterL3Installed: Math.min(l3, Math.round(l3 * stable.between(0.75, 1.05))),
      usesCoal: yesNo(usesCoal),
      coalPlan: usesCoal ? `${period.year + 1} 年采暖季前燃煤锅炉改为空气源热泵` : null,
    });

    if (stable.chance(0.4)) {
      const usable = round(stable.between(100, 3000));
      const status = stable.weighted([['已建成', 20], ['在建', 10], ['规划', 40], ['不具备条件', 30]] as const);
      const capacity = usable * 0.1;
      inst.pvInstalledKw = status === '已建成' ? round(capacity * stable.between(0.5, 1), 1) : 0;
      pvRows.push({
        creditCode: inst.code,
        siteType: stable.weighted([['屋顶', 75], ['停车场棚顶', 20], ['其他', 5]] as const),
        usableArea: status === '不具备条件' ? round(usable / 10) : usable,
        installedKw: inst.pvInstalledKw,
        plannedKw: status === '规划' || status === '在建' ? round(capacity * stable.between(0.6, 1), 1) : 0,
        status,
      });
    }
    if (stable.chance(0.6)) {
      const count = stable.int(1, 3);
      for (let e = 0; e < count; e++) {
        const high = stable.chance(0.2);
        const disposal = high ? stable.pick(['淘汰', '更新', '改造'] as const) : stable.chance(0.5) ? '继续使用' : null;
        const category = stable.pick(EQUIPMENT_CATEGORIES);
        equipment.push({
          creditCode: inst.code,
          category,
          model: stable.pick(EQUIPMENT_MODELS[category]),
          quantity: stable.int(1, 20),
          commissionYear: stable.int(2000, Math.min(period.year, 2000 + 30)),
          efficiencyGrade: stable.pick(['1级', '2级', '3级', '4级', '5级', '未知'] as const),
          highEnergy: yesNo(high),
          disposal,
          plannedDate: disposal && disposal !== '继续使用' ? isoToDate(`${period.year + 1}-${String(stable.int(1, 12)).padStart(2, '0')}-28`) : null,
        });
      }
    }
    institutions.push(inst);
  }

  const vehicles: Record<string, CellValue>[] = [];
  const food: Record<string, CellValue>[] = [];
  let plates = 0;
  for (const inst of institutions) {
    const p = inst.profile;
    // Every seasonal draw is made whatever happens, so each institution's typical use is the same every year.
    const typical = {
      kwhPerM2: seasonal.between(p.kwhPerM2[0], p.kwhPerM2[1]),
      waterPerStaff: seasonal.between(p.waterPerStaff[0], p.waterPerStaff[1]),
      gasPerStaff: seasonal.between(0.5, 1.5),
      coal: heatingQuarter ? seasonal.between(20, 60) : seasonal.between(1, 5),
      gasoline: seasonal.between(200, 2500),
      diesel: seasonal.between(100, 800),
      lpg: seasonal.between(50, 300),
      heatPerM2: seasonal.between(0.08, 0.15),
      nonConventionalShare: seasonal.between(0.05, 0.15),
    };
    // This year's use: the typical one, a few per cent off. Whether diesel, LPG or non-conventional water is used at all may
    // change from year to year (there is then nothing to compare). Draws from `quarterly` as many as the cars and
    // self-checks below have always followed, so they stay as they were.
    const thisYear = (x: number): number => x * quarterly.between(YEARLY_DRIFT[0], YEARLY_DRIFT[1]);
    const electricity = round(thisYear(inst.area * typical.kwhPerM2));
    const water = round(thisYear(inst.staff * typical.waterPerStaff), 1);
    consumption.push({
      creditCode: inst.code,
      electricity,
      pvGeneration: inst.pvInstalledKw > 0 ? round((inst.pvInstalledKw * 1300) / 4) : 0,
      naturalGas: inst.canteen ? round(thisYear(inst.staff * typical.gasPerStaff)) : 0,
      coal: inst.usesCoal ? round(thisYear(typical.coal), 1) : 0,
      gasoline: round(thisYear(typical.gasoline)),
      diesel: quarterly.chance(0.2) ? round(thisYear(typical.diesel)) : 0,
      lpg: quarterly.chance(0.1) ? round(thisYear(typical.lpg)) : 0,
      heat: inst.heated && heatingQuarter ? round(thisYear(inst.area * typical.heatPerM2), 1) : 0,
      water,
      nonConventionalWater: quarterly.chance(0.1) ? round(thisYear(water * typical.nonConventionalShare), 1) : 0,
      anomalyNote: null,
    });
    const cars = quarterly.chance(inst.type === '党政机关' || inst.type === '医院' ? 0.35 : 0.15) ? quarterly.int(1, 2) : 0;
    for (let c = 0; c < cars; c++) {
      const nev = quarterly.chance(0.5);
      const energyType = nev
        ? quarterly.weighted([['纯电动', 70], ['插电式混合动力', 20], ['增程式', 10]] as const)
        : quarterly.weighted([['汽油', 85], ['柴油', 15]] as const);
      vehicles.push({
        creditCode: inst.code,
        plate: plate(plates++, nev),
        acquisition: quarterly.chance(0.7) ? '更新' : '新增',
        isNev: yesNo(nev),
        energyType,
        purchaseDate: dayOf(`${period.year}-01-01`, end, quarterly),
      });
    }
    if (inst.canteen) {
      const problem = quarterly.chance(0.3);
      food.push({
        creditCode: inst.code,
        checkDate: dayOf(start, end, quarterly),
        score: quarterly.int(78, 99),
        problems: problem ? quarterly.pick(['部分窗口打饭量偏大', '剩菜剩饭称重记录不全', '节约用餐宣传标识缺失']) : null,
        measures: problem ? quarterly.pick(['推行小份菜、半份菜', '每日称重并公示', '补齐“光盘行动”宣传标识']) : null,
      });
    }
  }

  const hosting: Record<string, CellValue>[] = [];
  const projects = Math.max(2, Math.round(n / 100));
  for (let h = 0; h < projects; h++) {
    const projectType = h === 0 ? '能源费用托管' : h === 1 ? '合同节水管理' : stable.pick(['能源费用托管', '合同节水管理', '合同能源管理'] as const);
    const area = round(stable.between(20_000, 150_000));
    hosting.push({
      projectName: `${county.name}${projectType}项目（第${h + 1}期）`,
      projectType,
      units: stable.int(3, 40),
      hostedArea: area,
      contractAmount: round(area * stable.between(0.002, 0.005), 1),
      privateInvestment: round(area * stable.between(0.001, 0.004), 1),
      savingRate: round(stable.between(4, 12), 1),
      signDate: isoToDate(`${period.year}-${String(stable.int(1, (period.quarter - 1) * 3 + 1)).padStart(2, '0')}-${String(stable.int(1, 28)).padStart(2, '0')}`),
      status: stable.pick(['已签约', '实施中', '已完成'] as const),
    });
  }

  const basicSpec = TEMPLATE_V1.sheets[0]!;
  const filled = new Date(Date.parse(`${end}T00:00:00Z`) + 8 * 86_400_000);
  const basicValues: Record<string, CellValue> = {
    county: county.name,
    divisionCode: county.code,
    year: period.year,
    quarter: period.quarter,
    preparer: options.preparer ?? '李明',
    phone: options.phone ?? '0356-2020123',
    filledDate: filled,
  };
  return {
    sheets: [
      { name: basicSpec.name, rows: basicSpec.fields.map((f) => [f.header, basicValues[f.key] ?? null]) },
      tableSheet(sheetSpec(SHEET.institutions), directory),
      tableSheet(sheetSpec(SHEET.consumption), consumption),
      tableSheet(sheetSpec(SHEET.vehicles), vehicles),
      tableSheet(sheetSpec(SHEET.pv), pvRows),
      tableSheet(sheetSpec(SHEET.equipment), equipment),
      tableSheet(sheetSpec(SHEET.food), food),
      tableSheet(sheetSpec(SHEET.hosting), hosting),
    ],
  };
}
