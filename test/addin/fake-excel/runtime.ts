/**
 * The request machinery of the fake Office.js: proxies queue actions, `context.sync()` sends them
 * as one request (serialised to JSON to count its bytes, as the host would receive it), applies
 * them to the model in order, and fills loaded properties from the response. A failing action
 * rejects the sync; the actions before it stay applied, the ones after it are dropped, as in Excel.
 */
import { ModelError, OfficeExtensionError, propertyNotLoaded } from './errors.js';
import type { FakeBook, FakeSheet } from './workbook.js';
import type { Area } from './address.js';

export interface FakeExcelOptions {
  /** Highest ExcelApi requirement set the host supports; APIs above it fail with ApiNotFound. Default '1.18'. */
  apiVersion?: string;
  /** Largest request or response of one sync (Excel on the web refuses 5 MB). Default 5_000_000. */
  maxPayloadBytes?: number;
  /** Office.context.partitionKey; undefined by default, as on desktop hosts. */
  partitionKey?: string;
  /** The workbook's .xlsx bytes for getFileAsync (e.g. `() => xlsxOf(book)` from ./xlsx.ts); without it, getFileAsync fails. */
  fileBytes?: () => Uint8Array | Promise<Uint8Array>;
  /** SharedRuntime 1.1 support; default true. */
  sharedRuntime?: boolean;
  /** Office.context.displayLanguage; default 'zh-CN'. */
  displayLanguage?: string;
}

export interface RequestStat {
  requestBytes: number;
  responseBytes: number;
  actions: number;
}

export interface FakeStats {
  syncs: number;
  requests: RequestStat[];
  maxRequestBytes: number;
  maxResponseBytes: number;
  /** Request plus response bytes of every sync. */
  totalBytes: number;
}

/** State shared by every RequestContext of one fake host. */
export class Session {
  requests: RequestStat[] = [];
  readonly apiVersion: string;
  readonly maxPayloadBytes: number;
  constructor(
    readonly book: FakeBook,
    readonly options: FakeExcelOptions,
  ) {
    this.apiVersion = options.apiVersion ?? '1.18';
    this.maxPayloadBytes = options.maxPayloadBytes ?? 5_000_000;
  }

  stats(): FakeStats {
    const requests = this.requests.map((r) => ({ ...r }));
    return {
      syncs: requests.length,
      requests,
      maxRequestBytes: Math.max(0, ...requests.map((r) => r.requestBytes)),
      maxResponseBytes: Math.max(0, ...requests.map((r) => r.responseBytes)),
      totalBytes: requests.reduce((n, r) => n + r.requestBytes + r.responseBytes, 0),
    };
  }

  supports(version: string): boolean {
    return compareVersions(this.apiVersion, version) >= 0;
  }
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** UTF-8 length of a string without allocating its bytes. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) n += 1;
    else if (code < 0x800) n += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** What a query action found: the JSON the host returns, and how it fills the proxies. */
interface QueryResult {
  data: unknown;
  apply: () => void;
}

interface Action {
  id: number;
  type: 'Instantiate' | 'Method' | 'SetProperty' | 'Query';
  target: ClientObject;
  name: string;
  args: unknown[];
  requires: string | undefined;
  run: () => QueryResult | undefined;
}

interface ObjectPath {
  id: number;
  parent: ClientObject | undefined;
  name: string;
  args: unknown[];
  type: 'Root' | 'Property' | 'Method' | 'Item';
}

const UNRESOLVED = Symbol('unresolved');

/** Properties a proxy class exposes: how each is read from and written to its entity. */
export interface PropertySpec<E> {
  get?: (entity: E, self: ClientObject<E>) => unknown;
  set?: (entity: E, value: unknown, self: ClientObject<E>) => void;
  requires?: string;
}

/** A parsed load selection: scalar names, and sub-selections of navigation properties or items. */
type Selection = Map<string, Selection | true>;

export class ClientObject<E = unknown> {
  /** Scalars and navigations of this type; filled per class by defineProperties / navigations. */
  static properties: Record<string, PropertySpec<never>> = {};
  static navigations: Record<string, true> = {};

  readonly context: RequestContext;
  readonly _path: ObjectPath;
  _loaded: Record<string, unknown> = {};
  private _entity: E | null | typeof UNRESOLVED = UNRESOLVED;
  private _nullKnown = false;
  private readonly _children = new Map<string, ClientObject>();

  constructor(
    context: RequestContext,
    parent: ClientObject | undefined,
    name: string,
    args: unknown[],
    type: ObjectPath['type'],
    private readonly _resolver: (parentEntity: never) => E | null,
    private readonly _requires?: string,
  ) {
    this.context = context;
    this._path = { id: context._nextPathId(), parent, name, args, type };
  }

  /** The model entity behind this proxy, found once (at first use in a sync) and kept. */
  _resolve(): E | null {
    if (this._entity !== UNRESOLVED) return this._entity;
    if (this._requires) this.context._require(this._requires, this._path.name);
    const parent = this._path.parent;
    const parentEntity = parent ? parent._resolve() : undefined;
    this._entity = parent && parentEntity === null ? null : this._resolver(parentEntity as never);
    this.context._resolvedThisSync.add(this);
    return this._entity;
  }

  _setEntity(entity: E): void {
    this._entity = entity;
    this._nullKnown = true;
  }

  _markSynced(): void {
    if (this._entity !== UNRESOLVED) this._nullKnown = true;
  }

  get isNullObject(): boolean {
    if (!this._nullKnown) throw propertyNotLoaded('isNullObject');
    return this._entity === null;
  }

  /** The value of a loaded (or locally set) property; throws PropertyNotLoaded otherwise, as Office.js does. */
  _get(name: string): unknown {
    if (name in this._loaded) return this._loaded[name];
    if (this._nullKnown && this._entity === null) return undefined;
    throw propertyNotLoaded(name);
  }

  /** Queues a property write; the proxy shows the written value at once, as Office.js does. */
  _set(name: string, value: unknown): void {
    const spec = (this.constructor as typeof ClientObject).properties[name] as PropertySpec<E> | undefined;
    if (!spec?.set) throw new OfficeExtensionError('InvalidArgument', `The property '${name}' is read-only.`);
    this._loaded[name] = value;
    this.context._queue('SetProperty', this, name, [value], spec.requires, () => {
      const entity = this._resolve();
      if (entity !== null) spec.set!(entity, value, this as ClientObject<E>);
      return undefined;
    });
  }

  /** A child proxy kept per name (format, fill, notes …): resolved lazily from this object's entity. */
  _nav<C extends ClientObject>(name: string, make: () => C): C {
    let child = this._children.get(name);
    if (!child) this._children.set(name, (child = make()));
    return child as C;
  }

  /** A void method: runs on the entity at sync (skipped on a null object). */
  _method(name: string, args: unknown[], run: (entity: E) => void, requires?: string): void {
    this.context._queue('Method', this, name, args, requires, () => {
      const entity = this._resolve();
      if (entity !== null) run(entity);
      return undefined;
    });
  }

  /** A method with a primitive result, available as `.value` after the sync. */
  _methodResult<T>(name: string, args: unknown[], run: (entity: E) => T, requires?: string): ClientResult<T> {
    const result = new ClientResult<T>();
    this.context._queue('Method', this, name, args, requires, () => {
      const entity = this._resolve();
      const value = entity === null ? (null as T) : run(entity);
      return { data: value, apply: () => result._set(value) };
    });
    return result;
  }

  /** Queues an instantiation (non-idempotent methods such as add, and *OrNullObject) so it runs in order. */
  _instantiate(requires?: string): this {
    this.context._queue('Instantiate', this, this._path.name, [], requires, () => {
      this._resolve();
      return undefined;
    });
    return this;
  }

  load(selection?: unknown): this {
    const parsed = parseSelection(selection);
    this.context._queue('Query', this, 'Load', [selection ?? null], undefined, () => {
      const entity = this._resolve();
      if (entity === null) return { data: { _IsNull: true }, apply: () => undefined };
      const applies: (() => void)[] = [];
      const data = this._read(parsed, applies);
      return { data, apply: () => applies.forEach((a) => a()) };
    });
    return this;
  }

  /** Reads the selected properties from the model; queues how they fill this proxy and its children. */
  _read(selection: Selection | null, applies: (() => void)[]): Record<string, unknown> {
    const type = this.constructor as typeof ClientObject;
    const entity = this._resolve();
    const data: Record<string, unknown> = {};
    if (entity === null) return { _IsNull: true };
    // A load without a selection takes every scalar the host's API version has.
    const chosen: Selection =
      selection ??
      new Map(
        Object.entries(type.properties)
          .filter(([, spec]) => !spec.requires || this.context.session.supports(spec.requires))
          .map(([k]) => [k, true as const]),
      );
    for (const [name, sub] of chosen) {
      const spec = type.properties[name] as PropertySpec<E> | undefined;
      if (spec?.get) {
        if (spec.requires) this.context._require(spec.requires, name);
        const value = spec.get(entity, this as ClientObject<E>);
        data[name] = value;
        applies.push(() => (this._loaded[name] = value));
      } else if (type.navigations[name]) {
        const child = (this as unknown as Record<string, ClientObject>)[name]!;
        data[name] = child._read(sub === true ? null : sub, applies);
      } else if (name !== 'isNullObject') {
        throw new ModelError('InvalidArgument', `The property '${name}' cannot be loaded on ${type.name}.`);
      }
    }
    return data;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this._loaded };
    for (const [name, child] of this._children) {
      const json = child.toJSON();
      if (Object.keys(json).length > 0) out[name] = json;
    }
    return out;
  }

  /** Office.js's set(): several properties at once, nested into navigation properties. */
  set(properties: Record<string, unknown>): void {
    const type = this.constructor as typeof ClientObject;
    for (const [name, value] of Object.entries(properties)) {
      if (type.navigations[name]) (this as unknown as Record<string, ClientObject>)[name]!.set(value as Record<string, unknown>);
      else this._set(name, value);
    }
  }
}

/** Installs getters/setters for the scalar properties of a proxy class. */
export function defineProperties<E>(type: typeof ClientObject<E>, properties: Record<string, PropertySpec<E>>, navigations: string[] = []): void {
  type.properties = { ...type.properties, ...(properties as Record<string, PropertySpec<never>>) };
  type.navigations = { ...type.navigations, ...Object.fromEntries(navigations.map((n) => [n, true as const])) };
  for (const [name, spec] of Object.entries(properties)) {
    Object.defineProperty(type.prototype, name, {
      configurable: true,
      get(this: ClientObject<E>) {
        return this._get(name);
      },
      set: spec.set
        ? function (this: ClientObject<E>, value: unknown) {
            this._set(name, value);
          }
        : undefined,
    });
  }
}

function parseSelection(selection: unknown): Selection | null {
  if (selection === undefined || selection === null) return null;
  const paths: string[] = [];
  const walk = (value: unknown, prefix: string): void => {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key.startsWith('$')) {
        if (key === '$all' && v) paths.push(prefix.replace(/\/$/u, '') || '*');
        continue;
      }
      if (v === true) paths.push(prefix + key);
      else if (v && typeof v === 'object') walk(v, `${prefix}${key}/`);
    }
  };
  if (typeof selection === 'string') paths.push(...selection.split(','));
  else if (Array.isArray(selection)) paths.push(...(selection as string[]));
  else if (typeof selection === 'object') {
    const o = selection as { select?: string; expand?: string };
    if (o.select !== undefined || o.expand !== undefined) {
      paths.push(...(o.select ?? '').split(','), ...(o.expand ?? '').split(','));
    } else walk(selection, '');
  }
  const root: Selection = new Map();
  let any = false;
  for (const raw of paths) {
    const path = raw.trim();
    if (path === '' || path === '*') {
      if (path === '*') any = true;
      continue;
    }
    any = true;
    let node = root;
    const parts = path.split('/').map((p) => p.trim());
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        if (!node.has(part)) node.set(part, true);
        return;
      }
      let next = node.get(part);
      if (next === undefined || next === true) node.set(part, (next = new Map()));
      node = next;
    });
  }
  return any && root.size > 0 ? root : null;
}

/** Collections: `items` after load; item proxies made from the model's entities. */
export abstract class ClientCollection<E, I extends ClientObject> extends ClientObject<E> {
  _items: I[] | undefined;

  get items(): I[] {
    if (this._items) return this._items;
    if (this.isNullObjectSafe()) return [];
    throw propertyNotLoaded('items');
  }

  private isNullObjectSafe(): boolean {
    try {
      return this.isNullObject;
    } catch {
      return false;
    }
  }

  /** The entities of the collection, in order. */
  abstract _entities(entity: E): unknown[];
  /** A proxy for one item, addressed by its key. */
  abstract _itemProxy(entity: unknown): I;

  override _read(selection: Selection | null, applies: (() => void)[]): Record<string, unknown> {
    const entity = this._resolve();
    if (entity === null) return { _IsNull: true };
    const own = new Map<string, Selection | true>();
    let itemSelection: Selection | null = null;
    const type = this.constructor as typeof ClientObject;
    for (const [name, sub] of selection ?? []) {
      if (type.properties[name]) own.set(name, sub);
      else if (name === 'items') itemSelection = mergeSelection(itemSelection, sub === true ? null : sub);
      else itemSelection = mergeSelection(itemSelection, new Map([[name, sub]]));
    }
    const data: Record<string, unknown> = own.size > 0 ? super._read(own, applies) : {};
    const items = this._entities(entity).map((e) => this._itemProxy(e));
    data['items'] = items.map((item) => item._read(itemSelection, applies));
    applies.push(() => (this._items = items));
    return data;
  }
}

function mergeSelection(a: Selection | null, b: Selection | null): Selection | null {
  if (!a) return b ?? new Map();
  if (!b) return a;
  for (const [k, v] of b) a.set(k, v);
  return a;
}

export class ClientResult<T> {
  private _value: T | undefined;
  private _done = false;
  get value(): T {
    if (!this._done) throw propertyNotLoaded('value');
    return this._value as T;
  }
  _set(value: T): void {
    this._value = value;
    this._done = true;
  }
}

/** A change the add-in made through the API, reported to onChanged handlers after the sync. */
export interface ApiChange {
  sheet: FakeSheet;
  area: Area;
}

export class RequestContext {
  readonly session: Session;
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };
  readonly _resolvedThisSync = new Set<ClientObject>();
  readonly _changes: ApiChange[] = [];
  private _queueList: Action[] = [];
  private _pathIds = 1;
  private _actionIds = 1;
  constructor(session: Session) {
    this.session = session;
  }

  _nextPathId(): number {
    return this._pathIds++;
  }

  _queue(type: Action['type'], target: ClientObject, name: string, args: unknown[], requires: string | undefined, run: Action['run']): void {
    this._queueList.push({ id: this._actionIds++, type, target, name, args, requires, run });
  }

  _require(version: string, api: string): void {
    if (!this.session.supports(version)) {
      throw new ModelError('ApiNotFound', `The API '${api}' needs ExcelApi ${version}; this host supports ${this.session.apiVersion}.`);
    }
  }

  get _pending(): number {
    return this._queueList.length;
  }

  async sync<T>(passThroughValue?: T): Promise<T> {
    const actions = this._queueList;
    this._queueList = [];
    const stat: RequestStat = { requestBytes: utf8Length(JSON.stringify(requestJson(actions))), responseBytes: 0, actions: actions.length };
    this.session.requests.push(stat);
    const limit = this.session.maxPayloadBytes;
    if (stat.requestBytes > limit) {
      throw new OfficeExtensionError('RequestPayloadSizeLimitExceeded', `The request payload size (${stat.requestBytes} bytes) has exceeded the limit (${limit} bytes).`);
    }
    await Promise.resolve(); // a sync is always asynchronous
    const results: { actionId: number; result: QueryResult }[] = [];
    let failure: OfficeExtensionError | undefined;
    for (const action of actions) {
      try {
        if (action.requires) this._require(action.requires, action.name);
        const result = action.run();
        if (result) results.push({ actionId: action.id, result });
      } catch (error) {
        failure = toOfficeError(error, action);
        break;
      }
    }
    const response = { Results: results.map((r) => ({ ActionId: r.actionId, Value: r.result.data })) };
    stat.responseBytes = utf8Length(JSON.stringify(response));
    for (const object of this._resolvedThisSync) object._markSynced();
    this._resolvedThisSync.clear();
    const changes = this._changes.splice(0);
    if (failure) throw failure;
    if (stat.responseBytes > limit) {
      throw new OfficeExtensionError('RequestPayloadSizeLimitExceeded', `The response payload size (${stat.responseBytes} bytes) has exceeded the limit (${limit} bytes).`);
    }
    for (const r of results) r.result.apply();
    // Excel raises onChanged for the add-in's own writes too; handlers run after the sync, not awaited.
    for (const change of changes) void this.session.book.fireChanged(change.sheet, change.area);
    return passThroughValue as T;
  }
}

function toOfficeError(error: unknown, action: Action): OfficeExtensionError {
  const where = `${action.target.constructor.name}.${action.name}`;
  if (error instanceof OfficeExtensionError) return error;
  if (error instanceof ModelError) return new OfficeExtensionError(error.code, error.message, where);
  return new OfficeExtensionError('GeneralException', error instanceof Error ? error.message : String(error), where);
}

/** The request as the host would receive it: actions and the object paths they use. */
function requestJson(actions: Action[]): unknown {
  const paths: Record<number, unknown> = {};
  const addPath = (object: ClientObject): number => {
    const p = object._path;
    if (!(p.id in paths)) {
      paths[p.id] = null; // reserve before recursing
      const parentId = p.parent ? addPath(p.parent) : undefined;
      paths[p.id] = { Id: p.id, ObjectPathType: p.type, Name: p.name, ParentObjectPathId: parentId, ArgumentInfo: { Arguments: p.args.map(argumentJson) } };
    }
    return p.id;
  };
  const argumentJson = (value: unknown): unknown => (value instanceof ClientObject ? { ObjectPathId: addPath(value) } : value);
  const list = actions.map((a) => ({
    Id: a.id,
    ActionType: a.type,
    Name: a.name,
    ObjectPathId: addPath(a.target),
    ArgumentInfo: { Arguments: a.args.map(argumentJson) },
  }));
  return { Actions: list, ObjectPaths: paths };
}

/** Excel.run: the batch gets a fresh context; queued actions left at the end are synced once more, as Office.js does. */
export async function run<T>(session: Session, makeContext: () => RequestContext, args: unknown[]): Promise<T> {
  const batch = args[args.length - 1];
  if (typeof batch !== 'function') throw new OfficeExtensionError('InvalidArgument', 'Excel.run needs a batch function.');
  // Excel.run(object | [objects] | { previousObjects }, batch) continues on that object's context.
  const previous = args.length > 1 ? args[0] : undefined;
  const first = Array.isArray(previous) ? previous[0] : ((previous as { previousObjects?: unknown } | undefined)?.previousObjects ?? previous);
  const reused = first instanceof RequestContext ? first : (first as { context?: unknown } | undefined)?.context;
  const context = reused instanceof RequestContext ? reused : makeContext();
  const result = (await (batch as (c: RequestContext) => unknown)(context)) as T;
  if (context._pending > 0) await context.sync();
  return result;
}
