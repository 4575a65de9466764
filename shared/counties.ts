/** The counties a city's workbooks may come from. The default is 晋城市 (template.md). */

export interface County {
  name: string;
  /** 6-digit administrative division code (GB/T 2260). */
  code: string;
}

export interface Region {
  city: string;
  counties: readonly County[];
}

export const JINCHENG: Region = {
  city: '晋城市',
  counties: [
    { name: '城区', code: '140502' },
    { name: '沁水县', code: '140521' },
    { name: '阳城县', code: '140522' },
    { name: '陵川县', code: '140524' },
    { name: '泽州县', code: '140525' },
    { name: '高平市', code: '140581' },
  ],
};

/** Finds a county by its name, also without its 县/市/区 suffix ("泽州" → 泽州县). */
export function findCounty(region: Region, name: string): County | undefined {
  const wanted = name.normalize('NFKC').replace(/\s+/gu, '');
  if (wanted === '') return undefined;
  return (
    region.counties.find((c) => c.name === wanted) ??
    region.counties.find((c) => c.name.replace(/[县市区]$/u, '') === wanted && wanted.length >= 2)
  );
}
