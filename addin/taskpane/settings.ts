/**
 * The pane's settings: the server's address and the county's token. Kept in the browser's
 * localStorage under a key that includes Office.context.partitionKey (per user and host), never in
 * the document's settings: those travel inside the workbook that gets submitted.
 */

export interface PaneSettings {
  serverUrl: string;
  token: string;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'jieneng.settings';

export class SettingsStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly partitionKey: string | undefined,
    /** The server that served the pane (production: the bot server's /addin/). */
    private readonly defaultServer: string,
  ) {}

  private get key(): string {
    return this.partitionKey ? `${this.partitionKey}${KEY}` : KEY;
  }

  load(): PaneSettings {
    try {
      const raw = JSON.parse(this.store.getItem(this.key) ?? '{}') as Partial<PaneSettings>;
      return { serverUrl: typeof raw.serverUrl === 'string' && raw.serverUrl ? raw.serverUrl : this.defaultServer, token: typeof raw.token === 'string' ? raw.token : '' };
    } catch {
      return { serverUrl: this.defaultServer, token: '' };
    }
  }

  save(settings: PaneSettings): void {
    this.store.setItem(this.key, JSON.stringify({ serverUrl: settings.serverUrl.trim().replace(/\/+$/u, ''), token: settings.token.trim() }));
  }

  clear(): void {
    this.store.removeItem(this.key);
  }
}

/** The server address the user typed, checked: an http(s) URL; null with the reason otherwise. */
export function checkServerUrl(text: string): { url: string } | { error: string } {
  const trimmed = text.trim().replace(/\/+$/u, '');
  try {
    const u = new URL(trimmed);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return { error: '服务器地址须以 https:// 开头' };
    return { url: trimmed };
  } catch {
    return { error: '服务器地址格式不对，应类似 https://jieneng.example.gov.cn' };
  }
}
