/**
 * Identity rules of credit codes and keys: checksum, duplicate, unknown-ref and region.
 * Each test damages the valid sample in one place; see ./shared.ts.
 */
import assert from 'node:assert/strict';
import {
  appendRow,
  assertIssue,
  assertIssues,
  creditCode,
  dataRows,
  findCell,
  getField,
  keys,
  replaceEverywhere,
  rowValues,
  sample,
  setField,
} from '../../helpers.js';
import {
  INST,
  CONS,
  CARS,
  PV,
  EQUIP,
  FOOD,
  HOSTING,
  CODE,
  assertClean,
  institutionRow,
  validate,
} from './shared.js';

describe('validation rules of template v1 (template.md)', () => {
  describe('checksum', () => {
    it('a wrong 18th character in 能源资源消费 names the expected check character', () => {
      const wb = sample();
      const code = getField(wb, CONS, CODE, 3) as string;
      const expected = code[17]!;
      const wrong = expected === '0' ? '1' : '0';
      const bad = code.slice(0, 17) + wrong;
      const at = setField(wb, CONS, CODE, 3, bad);
      const v = validate(wb);
      // The institution's row then has no consumption row either.
      assertIssues(v.issues, [`error checksum ${CONS}!${at}`, `error missing-row ${INST}!A${institutionRow(wb, code)}`]);
      const checksum = v.issues.find((i) => i.code === 'checksum');
      assertIssue(checksum, { severity: 'error', code: 'checksum', sheet: CONS, cell: at, field: CODE, value: bad }, [
        `“${bad}”`,
        `第 18 位应为“${expected}”`,
        `实际为“${wrong}”`,
      ]);
    });

    it('a wrong check character in 单位名录 also orphans the rows that refer to it', () => {
      const wb = sample();
      const row = dataRows(wb, INST).at(-1)!;
      const code = getField(wb, INST, CODE, row) as string;
      const bad = code.slice(0, 17) + (code[17] === 'Y' ? 'X' : 'Y');
      const at = setField(wb, INST, CODE, row, bad);
      const refs: string[] = [];
      for (const s of [CONS, CARS, PV, EQUIP, FOOD]) {
        for (const r of dataRows(wb, s)) if (getField(wb, s, CODE, r) === code) refs.push(`error unknown-ref ${s}!${findCell(wb, s, CODE, r)}`);
      }
      assert.ok(refs.length >= 1);
      assertIssues(validate(wb).issues, [`error checksum ${INST}!${at}`, ...refs]);
    });

    it('lower-case and full-width credit codes are normalised before the check', () => {
      const wb = sample();
      const code = getField(wb, CONS, CODE, 2) as string;
      setField(wb, CONS, CODE, 2, code.toLowerCase());
      setField(wb, INST, CODE, institutionRow(wb, code), ` ${code.normalize('NFKC').replace(/[0-9A-Z]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))} `);
      // Other sheets still use the plain code and still match.
      assertClean(wb);
    });
  });

  describe('duplicate', () => {
    it('a second consumption row for one institution', () => {
      const wb = sample();
      const row = appendRow(wb, CONS, rowValues(wb, CONS, 2));
      const v = validate(wb);
      const at = findCell(wb, CONS, CODE, row);
      assertIssues(v.issues, [`error duplicate ${CONS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'duplicate', sheet: CONS, cell: at, field: CODE, value: getField(wb, CONS, CODE, 2) as string }, [
        '与第 2 行重复',
      ]);
    });

    it('a credit code registered twice in 单位名录', () => {
      const wb = sample();
      const values = rowValues(wb, INST, 3);
      values['单位名称'] = '泽州县另一个单位';
      const row = appendRow(wb, INST, values);
      assertIssues(validate(wb).issues, [`error duplicate ${INST}!${findCell(wb, INST, CODE, row)}`]);
    });

    it('one plate twice, written with and without separators', () => {
      const wb = sample();
      const plate = getField(wb, CARS, '车牌号', 2) as string;
      const values = rowValues(wb, CARS, 2);
      values['车牌号'] = `${plate.slice(0, 2)}·${plate.slice(2)}`;
      const row = appendRow(wb, CARS, values);
      const v = validate(wb);
      const at = findCell(wb, CARS, '车牌号', row);
      assertIssues(v.issues, [`error duplicate ${CARS}!${at}`]);
      assert.ok(v.issues[0]!.message.includes('第 2 行'));
    });

    it('a project name twice in 托管项目', () => {
      const wb = sample();
      const row = appendRow(wb, HOSTING, rowValues(wb, HOSTING, 2));
      assertIssues(validate(wb).issues, [`error duplicate ${HOSTING}!${findCell(wb, HOSTING, '项目名称', row)}`]);
    });
  });

  describe('unknown-ref', () => {
    it('a vehicle of an institution that is not in 单位名录', () => {
      const wb = sample();
      const stranger = creditCode('12140525MB0000000');
      assert.ok(!dataRows(wb, INST).some((r) => getField(wb, INST, CODE, r) === stranger));
      const values = rowValues(wb, CARS, 2);
      values[CODE] = stranger;
      values['车牌号'] = '晋E·D99999';
      const row = appendRow(wb, CARS, values);
      const v = validate(wb);
      const at = findCell(wb, CARS, CODE, row);
      assertIssues(v.issues, [`error unknown-ref ${CARS}!${at}`]);
      assertIssue(v.issues[0], { severity: 'error', code: 'unknown-ref', sheet: CARS, cell: at, field: CODE, value: stranger }, [
        `“${stranger}”`,
        '“单位名录”中不存在',
      ]);
    });

    for (const s of [PV, EQUIP, FOOD]) {
      it(`also in ${s}`, () => {
        const wb = sample();
        const row = dataRows(wb, s)[0]!;
        const values = rowValues(wb, s, row);
        values[CODE] = creditCode('12140525MB0000000');
        const added = appendRow(wb, s, values);
        const v = validate(wb);
        assert.ok(keys(v.issues).includes(`error unknown-ref ${s}!${findCell(wb, s, CODE, added)}`));
        assert.ok(v.issues.every((i) => i.code === 'unknown-ref' || i.code === 'duplicate'));
      });
    }
  });

  describe('region', () => {
    it('a credit code whose chars 3–6 are not 1405 is a warning', () => {
      const wb = sample();
      const row = dataRows(wb, INST).at(-1)!;
      const old = getField(wb, INST, CODE, row) as string;
      // Same code registered in 太原 (140105), with its own valid check character.
      const moved = creditCode(`${old.slice(0, 2)}140105${old.slice(8, 17)}`);
      assert.ok(replaceEverywhere(wb, old, moved) >= 2);
      const v = validate(wb);
      assertIssues(v.issues, [`warning region ${INST}!A${row}`]);
      assertIssue(v.issues[0], { severity: 'warning', code: 'region', sheet: INST, cell: `A${row}`, field: CODE, value: moved }, [
        `“${moved}”`,
        '140105',
        '1405',
      ]);
    });

    it('a code of another county of the same city (1405xx) is no warning', () => {
      const wb = sample();
      const row = dataRows(wb, INST).at(-1)!;
      const old = getField(wb, INST, CODE, row) as string;
      replaceEverywhere(wb, old, creditCode(`${old.slice(0, 2)}140581${old.slice(8, 17)}`));
      assertClean(wb);
    });
  });
});
