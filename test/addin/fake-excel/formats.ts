/**
 * Conditional formats (ExcelApi 1.6): the model keeps them per sheet with the areas they cover;
 * a collection got from a Range or RangeAreas lists the sheet's formats that meet it.
 */
import { type Area, intersect, subtract } from './address.js';
import { type Cells, live, normalizeColor } from './cells.js';
import { ModelError } from './errors.js';
import { Range, RangeAreas } from './range.js';
import { ClientCollection, ClientObject, defineProperties } from './runtime.js';
import type { FakeConditionalFormat, FakeSheet } from './workbook.js';

interface FormatRef {
  sheet: FakeSheet;
  format: FakeConditionalFormat;
}

function exists(ref: FormatRef): FormatRef {
  if (!live(ref.sheet).conditionalFormats.includes(ref.format)) throw new ModelError('ItemNotFound', 'The conditional format has been deleted.');
  return ref;
}

function meets(format: FakeConditionalFormat, areas: Area[]): boolean {
  return format.areas.some((a) => areas.some((b) => intersect(a, b)));
}

export class ConditionalFormatCollection extends ClientCollection<Cells, ConditionalFormat> {
  _entities(c: Cells): FormatRef[] {
    return live(c.sheet).conditionalFormats.filter((f) => meets(f, c.areas)).map((format) => ({ sheet: c.sheet, format }));
  }

  _itemProxy(entity: unknown): ConditionalFormat {
    const ref = entity as FormatRef;
    const item = new ConditionalFormat(this.context, this, 'GetItem', [ref.format.id], 'Item', () => exists(ref));
    item._setEntity(ref);
    return item;
  }

  add(type: string): ConditionalFormat {
    const made = new ConditionalFormat(this.context, this, 'Add', [type], 'Method', (c: Cells) => {
      const format: FakeConditionalFormat = { id: live(c.sheet).book.newId('cf-'), type, areas: c.areas.map((a) => ({ ...a })), stopIfTrue: false };
      // A new format takes the highest priority, as in Excel.
      c.sheet.conditionalFormats.unshift(format);
      return { sheet: c.sheet, format };
    }, '1.6');
    return made._instantiate('1.6');
  }

  private find(c: Cells, id: string): FormatRef | null {
    const format = live(c.sheet).conditionalFormats.find((f) => f.id === id && meets(f, c.areas));
    return format ? { sheet: c.sheet, format } : null;
  }

  getItem(id: string): ConditionalFormat {
    return new ConditionalFormat(this.context, this, 'GetItem', [id], 'Method', (c: Cells) => {
      const ref = this.find(c, id);
      if (!ref) throw new ModelError('ItemNotFound', `There is no conditional format '${id}'.`);
      return ref;
    }, '1.6');
  }

  getItemOrNullObject(id: string): ConditionalFormat {
    return new ConditionalFormat(this.context, this, 'GetItemOrNullObject', [id], 'Method', (c: Cells) => this.find(c, id), '1.14')._instantiate('1.14');
  }

  getItemAt(index: number): ConditionalFormat {
    return new ConditionalFormat(this.context, this, 'GetItemAt', [index], 'Method', (c: Cells) => {
      const ref = this._entities(c)[index];
      if (!ref) throw new ModelError('ItemNotFound', `There is no conditional format at ${index}.`);
      return ref;
    }, '1.6');
  }

  getCount() {
    return this._methodResult('GetCount', [], (c) => this._entities(c).length, '1.6');
  }

  /** Removes conditional formatting from the collection's cells; formats reaching beyond them keep the rest. */
  clearAll(): void {
    this._method('ClearAll', [], (c) => {
      const sheet = live(c.sheet);
      for (const format of sheet.conditionalFormats) {
        for (const scope of c.areas) format.areas = format.areas.flatMap((a) => subtract(a, scope));
      }
      sheet.conditionalFormats = sheet.conditionalFormats.filter((f) => f.areas.length > 0);
    }, '1.6');
  }
}

export class ConditionalFormat extends ClientObject<FormatRef> {
  declare readonly id: string;
  declare readonly type: string;
  declare priority: number;
  declare stopIfTrue: boolean;

  get custom(): CustomConditionalFormat {
    return this._nav('custom', () => new CustomConditionalFormat(this.context, this, 'Custom', [], 'Property', (ref: FormatRef) => {
      if (ref.format.type !== 'Custom') throw new ModelError('InvalidOperation', `The conditional format is of type ${ref.format.type}, not Custom.`);
      return ref;
    }));
  }

  get textComparison(): TextConditionalFormat {
    return this._nav('textComparison', () => new TextConditionalFormat(this.context, this, 'TextComparison', [], 'Property', (ref: FormatRef) => {
      if (ref.format.type !== 'ContainsText') throw new ModelError('InvalidOperation', `The conditional format is of type ${ref.format.type}, not ContainsText.`);
      return ref;
    }));
  }

  delete(): void {
    this._method('Delete', [], (ref) => {
      const sheet = live(exists(ref).sheet);
      sheet.conditionalFormats = sheet.conditionalFormats.filter((f) => f !== ref.format);
    });
  }

  getRange(): Range {
    return new Range(this.context, this, 'GetRange', [], 'Method', (ref: FormatRef) => {
      const { format, sheet } = exists(ref);
      if (format.areas.length !== 1) throw new ModelError('InvalidOperation', 'The conditional format applies to several ranges; use getRanges().');
      return { sheet, areas: [{ ...format.areas[0]! }] };
    });
  }

  getRangeOrNullObject(): Range {
    return new Range(this.context, this, 'GetRangeOrNullObject', [], 'Method', (ref: FormatRef) => {
      const { format, sheet } = exists(ref);
      return format.areas.length === 1 ? { sheet, areas: [{ ...format.areas[0]! }] } : null;
    })._instantiate();
  }

  getRanges(): RangeAreas {
    return new RangeAreas(this.context, this, 'GetRanges', [], 'Method', (ref: FormatRef) => {
      const { format, sheet } = exists(ref);
      return { sheet, areas: format.areas.map((a) => ({ ...a })) };
    }, '1.9');
  }
}

defineProperties<FormatRef>(ConditionalFormat, {
  id: { get: (r) => exists(r).format.id },
  type: { get: (r) => exists(r).format.type },
  priority: { get: (r) => live(r.sheet).conditionalFormats.indexOf(exists(r).format), set: (r, v) => {
    const list = live(r.sheet).conditionalFormats.filter((f) => f !== exists(r).format);
    list.splice(Math.max(0, Math.min(Number(v), list.length)), 0, r.format);
    r.sheet.conditionalFormats = list;
  } },
  stopIfTrue: { get: (r) => exists(r).format.stopIfTrue, set: (r, v) => (exists(r).format.stopIfTrue = Boolean(v)) },
});

export class CustomConditionalFormat extends ClientObject<FormatRef> {
  get rule(): ConditionalFormatRule {
    return this._nav('rule', () => new ConditionalFormatRule(this.context, this, 'Rule', [], 'Property', (r: FormatRef) => r));
  }

  get format(): ConditionalRangeFormat {
    return this._nav('format', () => new ConditionalRangeFormat(this.context, this, 'Format', [], 'Property', (r: FormatRef) => r));
  }
}
defineProperties<FormatRef>(CustomConditionalFormat, {}, ['rule', 'format']);

/** A "text contains / begins with …" format (ExcelApi 1.6): its rule is {operator, text}. */
export class TextConditionalFormat extends ClientObject<FormatRef> {
  declare rule: { operator: string; text: string };

  get format(): ConditionalRangeFormat {
    return this._nav('format', () => new ConditionalRangeFormat(this.context, this, 'Format', [], 'Property', (r: FormatRef) => r));
  }
}
defineProperties<FormatRef>(
  TextConditionalFormat,
  {
    rule: {
      get: (r) => exists(r).format.textRule ?? { operator: 'Contains', text: '' },
      set: (r, v) => {
        const rule = v as { operator?: unknown; text?: unknown };
        exists(r).format.textRule = { operator: String(rule.operator ?? 'Contains'), text: String(rule.text ?? '') };
      },
    },
  },
  ['format'],
);

export class ConditionalFormatRule extends ClientObject<FormatRef> {
  declare formula: string;
  declare formulaLocal: string;
}
const formulaSpec = { get: (r: FormatRef) => exists(r).format.formula ?? '', set: (r: FormatRef, v: unknown) => (exists(r).format.formula = String(v)) };
defineProperties<FormatRef>(ConditionalFormatRule, { formula: formulaSpec, formulaLocal: formulaSpec });

export class ConditionalRangeFormat extends ClientObject<FormatRef> {
  get fill(): ConditionalRangeFill {
    return this._nav('fill', () => new ConditionalRangeFill(this.context, this, 'Fill', [], 'Property', (r: FormatRef) => r));
  }

  get font(): ConditionalRangeFont {
    return this._nav('font', () => new ConditionalRangeFont(this.context, this, 'Font', [], 'Property', (r: FormatRef) => r));
  }
}
defineProperties<FormatRef>(ConditionalRangeFormat, {}, ['fill', 'font']);

export class ConditionalRangeFill extends ClientObject<FormatRef> {
  declare color: string | null;

  clear(): void {
    this._method('Clear', [], (r) => delete exists(r).format.fill);
  }
}
defineProperties<FormatRef>(ConditionalRangeFill, {
  color: { get: (r) => exists(r).format.fill ?? null, set: (r, v) => (exists(r).format.fill = normalizeColor(v)) },
});

export class ConditionalRangeFont extends ClientObject<FormatRef> {
  declare color: string | null;
  declare bold: boolean | null;
}
defineProperties<FormatRef>(ConditionalRangeFont, {
  color: { get: (r) => exists(r).format.fontColor ?? null, set: (r, v) => (exists(r).format.fontColor = normalizeColor(v)) },
  bold: { get: (r) => exists(r).format.bold ?? null, set: (r, v) => (exists(r).format.bold = Boolean(v)) },
});
