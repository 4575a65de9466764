/**
 * A city's override file: a partial coefficient set with its own name and version. Validated
 * with zod (zh-CN locale), so a wrong key or value is reported with its path in Chinese.
 */
import { z } from 'zod';
import { DEFAULT_COEFFICIENTS, GRID_FACTORS } from './default.js';
import type { Coefficient, CoefficientSet, FactorKey } from './types.js';

const positive = z.number().positive();
const entry = z.union([positive, z.object({ value: positive, source: z.string().min(1).optional() }).strict()]);

const factorTable = z
  .object({
    electricity: entry,
    naturalGas: entry,
    coal: entry,
    gasolinePerKg: entry,
    dieselPerKg: entry,
    lpg: entry,
    heat: entry,
  } satisfies Record<FactorKey, typeof entry>)
  .partial()
  .strict();

export const overrideSchema = z
  .object({
    name: z.string().min(1),
    version: z.string().min(1),
    gridFactor: z.enum(Object.keys(GRID_FACTORS) as [string, ...string[]]).optional(),
    kgce: factorTable.optional(),
    co2: factorTable.optional(),
    density: z.object({ gasoline: entry, diesel: entry }).partial().strict().optional(),
    pv: z.object({ densityKwPerM2: entry, fullLoadHours: entry }).partial().strict().optional(),
    outliers: z
      .object({
        electricityPerAreaQuarter: entry,
        waterPerCapitaQuarter: entry,
        yoyChangePct: entry,
        yoyFloor: z
          .object({
            electricity: entry,
            naturalGas: entry,
            coal: entry,
            gasoline: entry,
            diesel: entry,
            lpg: entry,
            heat: entry,
            water: entry,
          })
          .partial()
          .strict(),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

const ZH_CN = z.locales.zhCN();

export type CoefficientOverride = z.infer<typeof overrideSchema>;

export type OverrideResult = { ok: true; set: CoefficientSet } | { ok: false; problems: string[] };

function merged<K extends string>(
  base: Record<K, Coefficient>,
  patch: Partial<Record<K, z.infer<typeof entry>>> | undefined,
  name: string,
): Record<K, Coefficient> {
  const out = { ...base };
  for (const [key, v] of Object.entries(patch ?? {}) as [K, z.infer<typeof entry> | undefined][]) {
    if (v === undefined) continue;
    const value = typeof v === 'number' ? v : v.value;
    const source = typeof v === 'number' ? undefined : v.source;
    out[key] = { ...base[key], value, source: source ?? `${name}（覆盖默认值 ${base[key].value}）`, mark: '本地' };
  }
  return out;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '（顶层）' : path.map(String).join('.');
}

/** Applies an override (already parsed JSON) to a base set; problems come back in Chinese. */
export function applyOverride(json: unknown, base: CoefficientSet = DEFAULT_COEFFICIENTS): OverrideResult {
  const r = overrideSchema.safeParse(json, { error: ZH_CN.localeError });
  if (!r.success) {
    return {
      ok: false,
      problems: r.error.issues.map((i) => `${pathText(i.path)}：${i.message}`),
    };
  }
  const o = r.data;
  const { yoyFloor: baseFloor, ...baseThresholds } = base.outliers;
  const { yoyFloor: floorPatch, ...thresholdPatch } = o.outliers ?? {};
  const co2 = merged(base.co2, o.co2, o.name);
  if (o.gridFactor && o.co2?.electricity === undefined) co2.electricity = GRID_FACTORS[o.gridFactor]!;
  return {
    ok: true,
    set: {
      id: 'override',
      name: o.name,
      version: o.version,
      kgce: merged(base.kgce, o.kgce, o.name),
      co2,
      density: merged(base.density, o.density, o.name),
      pv: merged(base.pv, o.pv, o.name),
      outliers: {
        ...merged(baseThresholds, thresholdPatch, o.name),
        yoyFloor: merged(baseFloor, floorPatch, o.name),
      },
    },
  };
}
