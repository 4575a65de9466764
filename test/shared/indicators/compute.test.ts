/**
 * Indicators of domain.md §3 over a small hand-made workbook (3 institutions, explicit numbers).
 * Every expected value is worked out by hand in the comments from domain.md's coefficients.
 */
import assert from 'node:assert/strict';
import { applyOverride } from '../../../shared/coefficients/override.js';
import { analyzeWorkbook, type Analysis, type EngineOptions } from '../../../shared/engine.js';
import type { CellValue, SheetInput, WorkbookInput } from '../../../shared/table/sheet.js';
import { sheetSpec } from '../../../shared/template/v1.js';
import type { HistorySnapshot } from '../../../shared/validation/history.js';
import { assertIssues, creditCode, findCell } from '../helpers.js';

// Three institutions of 泽州县 (valid check characters, registered in 1405xx).
const A = creditCode('11140525MB0000001');
const B = creditCode('12140525MB0000002');
const C = creditCode('12140525MB0000003');

type Row = Record<string, CellValue>;

/** A table sheet with the template's headers, rows given by header text. */
function table(name: string, rows: Row[]): SheetInput {
  const headers = sheetSpec(name).fields.map((f) => f.header);
  for (const r of rows) for (const h of Object.keys(r)) assert.ok(headers.includes(h), `${h} is a header of ${name}`);
  return { name, rows: [headers, ...rows.map((r) => headers.map((h) => r[h] ?? null))] };
}

interface Hand {
  institutions: Row[];
  consumption: Row[];
  vehicles: Row[];
  pv: Row[];
  equipment: Row[];
  food: Row[];
  hosting: Row[];
}

function hand(): Hand {
  return {
    institutions: [
      // A: central, 10 piles / 50 spaces = 20 % → compliant (central needs 20 %).
      {
        统一社会信用代码: A, 单位名称: '泽州县财政局', 单位类型: '党政机关', 是否中心城区: '是', 用能人数: 100, '建筑面积（m²）': 4000,
        是否设有食堂: '是', 配建车位数: 50, 充电桩数: 10, 用水器具总数: 100, 节水型器具数: 96,
        二级水表应配数: 4, 二级水表实配数: 4, 三级水表应配数: 10, 三级水表实配数: 9, 是否使用燃煤: '否',
      },
      // B: not central, 3 / 40 = 7.5 % < 10 % → not compliant; uses coal, has a plan.
      {
        统一社会信用代码: B, 单位名称: '泽州县第一中学', 单位类型: '学校', 是否中心城区: '否', 用能人数: 400, '建筑面积（m²）': 6000,
        是否设有食堂: '是', 配建车位数: 40, 充电桩数: 3, 用水器具总数: 200, 节水型器具数: 180,
        二级水表应配数: 6, 二级水表实配数: 5, 三级水表应配数: 20, 三级水表实配数: 18, 是否使用燃煤: '是',
        燃煤整改计划: '2027 年采暖季前燃煤锅炉改为空气源热泵',
      },
      // C: no parking (blank = 0) → not counted for compliance; uses coal without a plan (an error).
      {
        统一社会信用代码: C, 单位名称: '泽州县人民医院', 单位类型: '医院', 是否中心城区: '是', 用能人数: 500, '建筑面积（m²）': 10000,
        是否设有食堂: '否', 用水器具总数: 100, 节水型器具数: 100,
        二级水表应配数: 5, 二级水表实配数: 5, 三级水表应配数: 20, 三级水表实配数: 20, 是否使用燃煤: '是',
      },
    ],
    consumption: [
      { 统一社会信用代码: A, '电力（kWh）': 40000, '光伏发电量（kWh）': 500, '天然气（m³）': 1000, '汽油（L）': 500, '用水量（t）': 800, '非常规水（t）': 200 },
      { 统一社会信用代码: B, '电力（kWh）': 60000, '燃煤（t）': 10, '柴油（L）': 200, '液化石油气（kg）': 100, '用水量（t）': 3000 },
      { 统一社会信用代码: C, '电力（kWh）': 100000, '天然气（m³）': 2000, '燃煤（t）': 5, '外购热力（GJ）': 50, '用水量（t）': 6000 },
    ],
    vehicles: [
      { 统一社会信用代码: A, 车牌号: '晋E·D12345', 更新方式: '更新', 是否新能源: '是', 能源类型: '纯电动', 购置日期: '2026-03-01' },
      { 统一社会信用代码: A, 车牌号: '晋E12345', 更新方式: '更新', 是否新能源: '否', 能源类型: '汽油', 购置日期: '2026-04-01' },
      { 统一社会信用代码: B, 车牌号: '晋E·FA2345', 更新方式: '新增', 是否新能源: '是', 能源类型: '插电式混合动力', 购置日期: '2026-05-01' },
      { 统一社会信用代码: C, 车牌号: '晋E23456', 更新方式: '更新', 是否新能源: '否', 能源类型: '柴油', 购置日期: '2026-06-01' },
      { 统一社会信用代码: C, 车牌号: '晋E34567', 更新方式: '新增', 是否新能源: '否', 能源类型: '其他', 购置日期: '2026-07-01' },
    ],
    pv: [
      { 统一社会信用代码: A, 场所类型: '屋顶', '可利用面积（m²）': 1000, '已建装机（kW）': 80, '规划装机（kW）': 0, 建设状态: '已建成' },
      { 统一社会信用代码: B, 场所类型: '屋顶', '可利用面积（m²）': 500, '已建装机（kW）': 0, '规划装机（kW）': 40, 建设状态: '规划' },
      { 统一社会信用代码: C, 场所类型: '其他', '可利用面积（m²）': 300, '已建装机（kW）': 0, '规划装机（kW）': 0, 建设状态: '不具备条件' },
    ],
    equipment: [
      { 统一社会信用代码: A, 设备类别: '空调', 设备名称型号: '柜式空调 KFR-72LW', 数量: 6, 投用年份: 2015, 能效等级: '3级', 是否高耗能: '是', 处置计划: '更新', 计划完成时间: '2026-12-31' },
      { 统一社会信用代码: B, 设备类别: '照明', 设备名称型号: 'LED 平板灯', 数量: 20, 投用年份: 2020, 能效等级: '2级', 是否高耗能: '否' },
      { 统一社会信用代码: C, 设备类别: '供热', 设备名称型号: '燃气锅炉 1.4MW', 数量: 2, 投用年份: 2008, 能效等级: '5级', 是否高耗能: '是', 处置计划: '淘汰', 计划完成时间: '2027-06-30' },
    ],
    // A checked in the quarter; B (canteen) did not → warning; C has no canteen.
    food: [{ 统一社会信用代码: A, 自查日期: '2026-08-10', 自查得分: 95 }],
    hosting: [
      { 项目名称: '泽州县机关能源费用托管', 项目类型: '能源费用托管', 覆盖单位数: 5, 项目状态: '实施中' },
      { 项目名称: '泽州县医院能源费用托管', 项目类型: '能源费用托管', 覆盖单位数: 2, 项目状态: '筹备' },
      { 项目名称: '泽州县学校合同节水', 项目类型: '合同节水管理', 覆盖单位数: 3, 项目状态: '已签约' },
      { 项目名称: '泽州县路灯合同能源管理', 项目类型: '合同能源管理', 覆盖单位数: 1, 项目状态: '已完成' },
    ],
  };
}

function workbook(h: Hand = hand()): WorkbookInput {
  return {
    sheets: [
      {
        name: '基本信息',
        rows: [
          ['县（市、区）', '泽州县'],
          ['行政区划代码', '140525'],
          ['报告年度', 2026],
          ['报告季度', 3],
          ['填报人', '李明'],
          ['联系电话', '0356-2020123'],
          ['填报日期', '2026-10-09'],
        ],
      },
      table('单位名录', h.institutions),
      table('能源资源消费', h.consumption),
      table('公务用车', h.vehicles),
      table('光伏资源', h.pv),
      table('重点用能设备', h.equipment),
      table('反食品浪费自查', h.food),
      table('托管项目', h.hosting),
    ],
  };
}

function analyze(h: Hand = hand(), options: EngineOptions = {}): Analysis {
  return analyzeWorkbook(workbook(h), options);
}

function indicator(a: Analysis, id: string) {
  const r = a.indicators.find((i) => i.id === id);
  assert.ok(r, `indicator ${id}`);
  return r;
}

function close(actual: number | null, expected: number, label: string): void {
  assert.ok(actual !== null, `${label} is null`);
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${label}: ${actual} ≠ ${expected}`);
}

function value(a: Analysis, id: string): number | null {
  return indicator(a, id).value;
}

/** Indicator ids, names, units and targets of domain.md §3 (plus the *.yoy_pct of the note below it). */
const DOMAIN: [string, string, string, number | null, string | null][] = [
  ['energy.total_tce', '综合能耗', 'tce', null, null],
  ['energy.per_capita_kgce', '人均综合能耗', 'kgce/人', null, null],
  ['energy.per_area_kgce', '单位建筑面积能耗', 'kgce/m²', null, null],
  ['carbon.total_t', '碳排放总量', 'tCO2', null, null],
  ['carbon.per_capita_kg', '人均碳排放', 'kgCO2/人', null, null],
  ['carbon.per_area_kg', '单位建筑面积碳排放', 'kgCO2/m²', null, null],
  ['water.total_t', '用水总量', 't', null, null],
  ['water.per_capita_t', '人均用水量', 't/人', null, null],
  ['water.nonconventional_share', '非常规水利用占比', '%', null, null],
  ['vehicles.nev_share', '新增及更新公务用车新能源汽车占比', '%', 35, '>='],
  ['charging.ratio', '充电桩配建比例', '%', null, null],
  ['charging.compliance_rate', '充电桩配建达标单位占比', '%', 100, '='],
  ['water.saving_fixture_rate', '节水器具普及率', '%', 95, '>='],
  ['water.meter_l2_rate', '二级水计量器具配备率', '%', 90, '>='],
  ['water.meter_l3_rate', '三级水计量器具配备率', '%', 90, '>='],
  ['coal.units', '仍在使用燃煤的单位数', '家', null, null],
  ['coal.units_without_plan', '燃煤单位未制定整改计划数', '家', 0, '='],
  ['pv.potential_kw', '光伏可开发装机潜力', 'kW', null, null],
  ['pv.installed_kw', '已建光伏装机', 'kW', null, null],
  ['pv.planned_kw', '规划光伏装机', 'kW', null, null],
  ['pv.annual_kwh_est', '已建光伏年发电量估算', 'kWh', null, null],
  ['pv.co2_reduction_t', '已建光伏年减排量估算', 'tCO2', null, null],
  ['food.self_check_rate', '反食品浪费季度自查完成率', '%', 100, '='],
  ['equipment.high_energy_units', '高耗能设备台数', '台', null, null],
  ['hosting.projects', '能源费用托管项目数', '个', null, null],
  ['water_contract.projects', '合同节水管理项目数', '个', null, null],
  ['data.completeness', '报送完整率', '%', 100, '='],
];
const YOY = ['energy.yoy_pct', 'carbon.yoy_pct', 'water.yoy_pct'];

// ---- Hand arithmetic (default coefficients, domain.md §1–2) ----
// kgce per unit: electricity 0.1229, gas 1.2143, coal 714.3, gasoline 1.4714 × 0.73 = 1.074122,
// diesel 1.4571 × 0.85 = 1.238535, LPG 1.7143, heat 34.12.
// A: 40000 × 0.1229 = 4916 + 1000 × 1.2143 = 1214.3 + 500 × 1.074122 = 537.061          → 6667.361
// B: 60000 × 0.1229 = 7374 + 10 × 714.3 = 7143 + 200 × 1.238535 = 247.707 + 100 × 1.7143 = 171.43 → 14936.137
// C: 100000 × 0.1229 = 12290 + 2000 × 1.2143 = 2428.6 + 5 × 714.3 = 3571.5 + 50 × 34.12 = 1706 → 19996.1
// Σ = 41599.598 kgce (PV generation 500 kWh adds nothing). Staff 1000, area 20000 m².
const KGCE = 41599.598;
// kgCO2 per unit: electricity 0.7096, gas 2.162, coal 1866, gasoline 2.925 × 0.73 = 2.13525,
// diesel 3.096 × 0.85 = 2.6316, LPG 3.101, heat 110.
// A: 28384 + 2162 + 1067.625 = 31613.625
// B: 42576 + 18660 + 526.32 + 310.1 = 62072.42
// C: 70960 + 4324 + 9330 + 5500 = 90114
// Σ = 183800.045 kgCO2
const CO2 = 183800.045;

describe('indicators (domain.md §3) over a hand-made workbook', () => {
  it('the hand-made workbook has exactly the two issues built into it', () => {
    const a = analyze();
    const wb = workbook();
    assertIssues(a.issues, [
      // C uses coal without a plan.
      `error required 单位名录!${findCell(wb, '单位名录', '燃煤整改计划', 4)}`,
      // B has a canteen and no self-check.
      'warning missing-row 单位名录!A3',
    ]);
  });

  it('has every indicator of domain.md, with its name, unit and target', () => {
    const a = analyze();
    assert.deepEqual(
      a.indicators.map((i) => i.id).sort(),
      [...DOMAIN.map((d) => d[0]), ...YOY].sort(),
    );
    for (const [id, name, unit, target, comparator] of DOMAIN) {
      const r = indicator(a, id);
      assert.equal(r.name, name, id);
      assert.equal(r.unit, unit, id);
      assert.equal(r.target, target, id);
      assert.equal(r.comparator, comparator, id);
    }
  });

  describe('with the default coefficients', () => {
    const a = analyze();

    it('energy: total 41.599598 tce, 41.599598 kgce/人, 2.0799799 kgce/m² (vehicle fuel included)', () => {
      close(value(a, 'energy.total_tce'), KGCE / 1000, 'total');
      close(value(a, 'energy.per_capita_kgce'), KGCE / 1000, 'per capita'); // ÷ 1000 people
      close(value(a, 'energy.per_area_kgce'), KGCE / 20000, 'per area');
      close(value(a, 'energy.per_area_kgce'), 2.0799799, 'per area');
    });

    it('carbon: 183.800045 t, 183.800045 kg/人, 9.19000225 kg/m²', () => {
      close(value(a, 'carbon.total_t'), 183.800045, 'total');
      close(value(a, 'carbon.per_capita_kg'), CO2 / 1000, 'per capita');
      close(value(a, 'carbon.per_area_kg'), 9.19000225, 'per area');
    });

    it('water: 800 + 3000 + 6000 = 9800 t (non-conventional excluded), 9.8 t/人, 200 ÷ 10000 = 2 %', () => {
      close(value(a, 'water.total_t'), 9800, 'total');
      close(value(a, 'water.per_capita_t'), 9.8, 'per capita');
      close(value(a, 'water.nonconventional_share'), 2, 'share');
    });

    it('vehicles: 2 new-energy of 5 = 40 %, meets ≥ 35', () => {
      close(value(a, 'vehicles.nev_share'), 40, 'share');
      assert.equal(indicator(a, 'vehicles.nev_share').pass, true);
    });

    it('charging: 13 piles ÷ 90 spaces = 14.44 %; 1 of 2 institutions with spaces compliant = 50 %', () => {
      close(value(a, 'charging.ratio'), (13 / 90) * 100, 'ratio');
      close(value(a, 'charging.compliance_rate'), 50, 'compliance');
      assert.equal(indicator(a, 'charging.compliance_rate').pass, false);
      assert.equal(indicator(a, 'charging.ratio').pass, null, 'no target');
    });

    it('water fixtures 376 ÷ 400 = 94 % (misses 95); meters L2 14 ÷ 15 = 93.33 %, L3 47 ÷ 50 = 94 % (meet 90)', () => {
      close(value(a, 'water.saving_fixture_rate'), 94, 'fixtures');
      assert.equal(indicator(a, 'water.saving_fixture_rate').pass, false);
      close(value(a, 'water.meter_l2_rate'), (14 / 15) * 100, 'L2');
      assert.equal(indicator(a, 'water.meter_l2_rate').pass, true);
      close(value(a, 'water.meter_l3_rate'), 94, 'L3');
      assert.equal(indicator(a, 'water.meter_l3_rate').pass, true);
    });

    it('coal: 2 units, 1 without a plan (target 0 missed)', () => {
      assert.equal(value(a, 'coal.units'), 2);
      assert.equal(value(a, 'coal.units_without_plan'), 1);
      assert.equal(indicator(a, 'coal.units_without_plan').pass, false);
    });

    it('pv: potential (1000 + 500) × 0.1 = 150 kW (不具备条件 excluded); 80 kW built, 40 planned; 80 × 1300 = 104000 kWh; × 0.7096 ÷ 1000 = 73.7984 t', () => {
      close(value(a, 'pv.potential_kw'), 150, 'potential');
      close(value(a, 'pv.installed_kw'), 80, 'installed');
      close(value(a, 'pv.planned_kw'), 40, 'planned');
      close(value(a, 'pv.annual_kwh_est'), 104000, 'annual');
      close(value(a, 'pv.co2_reduction_t'), 73.7984, 'co2');
    });

    it('food: 1 of 2 canteens checked in the quarter = 50 %', () => {
      close(value(a, 'food.self_check_rate'), 50, 'rate');
      assert.equal(indicator(a, 'food.self_check_rate').pass, false);
    });

    it('equipment: 6 + 2 = 8 high-energy units', () => assert.equal(value(a, 'equipment.high_energy_units'), 8));

    it('projects: 1 active 能源费用托管 (筹备 excluded), 1 合同节水管理', () => {
      assert.equal(value(a, 'hosting.projects'), 1);
      assert.equal(value(a, 'water_contract.projects'), 1);
    });

    it('data completeness: 3 of 3 = 100 %', () => {
      close(value(a, 'data.completeness'), 100, 'completeness');
      assert.equal(indicator(a, 'data.completeness').pass, true);
    });

    it('year-on-year indicators are null without history', () => {
      for (const id of YOY) {
        assert.equal(value(a, id), null, id);
        assert.equal(indicator(a, id).pass, null, id);
      }
    });

    it('says which coefficient set it used', () => {
      assert.equal(a.coefficients.id, 'default');
      assert.equal(a.coefficients.kgce.electricity.value, 0.1229);
      assert.equal(a.coefficients.co2.electricity.value, 0.7096);
    });
  });

  describe('variations', () => {
    it('PV generation adds nothing to energy or carbon', () => {
      const h = hand();
      h.consumption[0]!['光伏发电量（kWh）'] = 99999;
      const a = analyze(h);
      close(value(a, 'energy.total_tce'), KGCE / 1000, 'energy');
      close(value(a, 'carbon.total_t'), CO2 / 1000, 'carbon');
    });

    it('vehicle fuel counts: 1000 L more gasoline adds 1074.122 kgce and 2135.25 kgCO2', () => {
      const h = hand();
      h.consumption[0]!['汽油（L）'] = 1500;
      const a = analyze(h);
      close(value(a, 'energy.total_tce'), (KGCE + 1074.122) / 1000, 'energy');
      close(value(a, 'energy.per_area_kgce'), (KGCE + 1074.122) / 20000, 'per area');
      close(value(a, 'carbon.total_t'), (CO2 + 2135.25) / 1000, 'carbon');
    });

    it('an institution without a consumption row: completeness 2 ÷ 3, totals without it', () => {
      const h = hand();
      h.consumption.pop();
      const a = analyze(h);
      close(value(a, 'data.completeness'), (2 / 3) * 100, 'completeness');
      assert.equal(indicator(a, 'data.completeness').pass, false);
      close(value(a, 'energy.total_tce'), (6667.361 + 14936.137) / 1000, 'energy');
      close(value(a, 'water.total_t'), 3800, 'water');
      // The denominator stays all institutions' staff (1000).
      close(value(a, 'energy.per_capita_kgce'), (6667.361 + 14936.137) / 1000, 'per capita');
    });

    it('a self-check dated outside the quarter does not count', () => {
      const h = hand();
      h.food.push({ 统一社会信用代码: B, 自查日期: '2026-06-20', 自查得分: 90 });
      close(value(analyze(h), 'food.self_check_rate'), 50, 'rate');
      h.food[1]!['自查日期'] = '2026-09-30';
      close(value(analyze(h), 'food.self_check_rate'), 100, 'rate');
      assert.equal(indicator(analyze(h), 'food.self_check_rate').pass, true);
    });

    it('a central institution just below 20 % is not compliant; a non-central one at 10 % is', () => {
      const h = hand();
      h.institutions[0]!['充电桩数'] = 9; // 9 ÷ 50 = 18 % < 20 %
      h.institutions[1]!['充电桩数'] = 4; // 4 ÷ 40 = 10 % ≥ 10 %
      const a = analyze(h);
      close(value(a, 'charging.compliance_rate'), 50, 'compliance');
      close(value(a, 'charging.ratio'), (13 / 90) * 100, 'ratio');
      h.institutions[0]!['充电桩数'] = 10;
      close(value(analyze(h), 'charging.compliance_rate'), 100, 'compliance');
      assert.equal(indicator(analyze(h), 'charging.compliance_rate').pass, true);
    });

    it('a coal plan written in makes units_without_plan 0 (target met)', () => {
      const h = hand();
      h.institutions[2]!['燃煤整改计划'] = '2026 年底前改为燃气锅炉';
      const a = analyze(h);
      assert.equal(value(a, 'coal.units'), 2);
      assert.equal(value(a, 'coal.units_without_plan'), 0);
      assert.equal(indicator(a, 'coal.units_without_plan').pass, true);
    });

    it('筹备 projects count once they are signed', () => {
      const h = hand();
      h.hosting[1]!['项目状态'] = '已签约';
      assert.equal(value(analyze(h), 'hosting.projects'), 2);
    });

    it('no vehicles: nev_share is null, and so is its pass', () => {
      const h = hand();
      h.vehicles = [];
      const r = indicator(analyze(h), 'vehicles.nev_share');
      assert.equal(r.value, null);
      assert.equal(r.pass, null);
    });

    it('no parking spaces anywhere: charging ratio and compliance are null', () => {
      const h = hand();
      for (const i of h.institutions) {
        i['配建车位数'] = 0;
        i['充电桩数'] = 0;
      }
      const a = analyze(h);
      for (const id of ['charging.ratio', 'charging.compliance_rate']) {
        assert.equal(value(a, id), null, id);
        assert.equal(indicator(a, id).pass, null, id);
      }
    });

    it('no canteens, no fixtures, no meters, no staff, no water: those ratios are null (never 0 or NaN)', () => {
      const h = hand();
      for (const i of h.institutions) {
        i['是否设有食堂'] = '否';
        i['用水器具总数'] = 0;
        i['节水型器具数'] = 0;
        i['二级水表应配数'] = 0;
        i['二级水表实配数'] = 0;
        i['三级水表应配数'] = 0;
        i['三级水表实配数'] = 0;
        i['用能人数'] = 0;
      }
      for (const c of h.consumption) {
        c['用水量（t）'] = 0;
        c['非常规水（t）'] = 0;
      }
      const a = analyze(h);
      for (const id of [
        'food.self_check_rate',
        'water.saving_fixture_rate',
        'water.meter_l2_rate',
        'water.meter_l3_rate',
        'energy.per_capita_kgce',
        'carbon.per_capita_kg',
        'water.per_capita_t',
        'water.nonconventional_share',
      ]) {
        assert.equal(value(a, id), null, id);
        assert.equal(indicator(a, id).pass, null, id);
      }
      // Totals are still numbers.
      close(value(a, 'energy.total_tce'), KGCE / 1000, 'energy');
      assert.equal(value(a, 'water.total_t'), 0);
    });

    it('no ledgers at all: PV, equipment and projects are 0', () => {
      const h = hand();
      h.pv = [];
      h.equipment = [];
      h.hosting = [];
      const a = analyze(h);
      for (const id of ['pv.potential_kw', 'pv.installed_kw', 'pv.planned_kw', 'pv.annual_kwh_est', 'pv.co2_reduction_t', 'equipment.high_energy_units', 'hosting.projects', 'water_contract.projects']) {
        assert.equal(value(a, id), 0, id);
      }
    });

    it('values are never NaN or infinite', () => {
      for (const a of [analyze(), analyze({ ...hand(), vehicles: [], pv: [], food: [], hosting: [], equipment: [] })]) {
        for (const i of a.indicators) assert.ok(i.value === null || Number.isFinite(i.value), `${i.id} = ${i.value}`);
      }
    });
  });

  describe('year on year against the same quarter of last year', () => {
    // Last year: 1000 people, 250000 kWh and 10000 t of water, nothing else.
    const history: HistorySnapshot = {
      period: '2025Q3',
      county: '泽州县',
      staff: 1000,
      totals: { electricity: 250000, naturalGas: 0, coal: 0, gasoline: 0, diesel: 0, lpg: 0, heat: 0, water: 10000 },
      institutions: {},
    };

    it('compares per-capita energy, carbon and water', () => {
      const a = analyze(hand(), { history });
      assert.equal(a.historyUsed, true);
      // Energy: last year 250000 × 0.1229 ÷ 1000 = 30.725 kgce/人; now 41.599598 → +35.39 %.
      close(value(a, 'energy.yoy_pct'), ((41.599598 - 30.725) / 30.725) * 100, 'energy');
      // Carbon: last year 250000 × 0.7096 ÷ 1000 = 177.4 kg/人; now 183.800045 → +3.61 %.
      close(value(a, 'carbon.yoy_pct'), ((183.800045 - 177.4) / 177.4) * 100, 'carbon');
      // Water: 10 t/人 → 9.8 t/人 = −2 %.
      close(value(a, 'water.yoy_pct'), -2, 'water');
    });

    it('ignores history of another period', () => {
      const a = analyze(hand(), { history: { ...history, period: '2025Q2' } });
      assert.equal(a.historyUsed, false);
      for (const id of YOY) assert.equal(value(a, id), null, id);
    });

    it('is null where last year had no staff or no water', () => {
      const a = analyze(hand(), { history: { ...history, staff: 0 } });
      for (const id of YOY) assert.equal(value(a, id), null, id);
      const b = analyze(hand(), { history: { ...history, totals: { ...history.totals, water: 0 } } });
      assert.equal(value(b, 'water.yoy_pct'), null);
      assert.notEqual(value(b, 'energy.yoy_pct'), null);
    });
  });

  describe('with an override coefficient set', () => {
    it('natural gas 1.33 kgce/m³: + 3000 m³ × (1.33 − 1.2143) = + 347.1 kgce', () => {
      const r = applyOverride({ name: '晋城市 2026', version: '2026.1', kgce: { naturalGas: 1.33 } });
      assert.ok(r.ok);
      const a = analyze(hand(), { coefficients: r.set });
      close(value(a, 'energy.total_tce'), (KGCE + 347.1) / 1000, 'energy');
      close(value(a, 'energy.per_area_kgce'), (KGCE + 347.1) / 20000, 'per area');
      close(value(a, 'carbon.total_t'), CO2 / 1000, 'carbon unchanged');
      assert.equal(a.coefficients.name, '晋城市 2026');
    });

    it('grid factor 华北2023 (0.6361): 200000 kWh × (0.7096 − 0.6361) = 14700 kg less; PV 104000 × 0.6361 ÷ 1000 = 66.1544 t', () => {
      const r = applyOverride({ name: '晋城市 2026', version: '2026.1', gridFactor: '华北2023' });
      assert.ok(r.ok);
      const a = analyze(hand(), { coefficients: r.set });
      close(value(a, 'carbon.total_t'), (CO2 - 14700) / 1000, 'carbon');
      close(value(a, 'carbon.per_area_kg'), (CO2 - 14700) / 20000, 'per area');
      close(value(a, 'pv.co2_reduction_t'), 66.1544, 'pv');
      close(value(a, 'energy.total_tce'), KGCE / 1000, 'energy unchanged');
    });

    it('PV density 0.12 kW/m² and 1200 h change the PV estimates', () => {
      const r = applyOverride({ name: 'x', version: '1', pv: { densityKwPerM2: 0.12, fullLoadHours: 1200 } });
      assert.ok(r.ok);
      const a = analyze(hand(), { coefficients: r.set });
      close(value(a, 'pv.potential_kw'), 1500 * 0.12, 'potential');
      close(value(a, 'pv.annual_kwh_est'), 80 * 1200, 'annual');
      close(value(a, 'pv.co2_reduction_t'), (80 * 1200 * 0.7096) / 1000, 'co2');
    });
  });
});
