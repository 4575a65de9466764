/**
 * The store address with its password replaced by ***, for messages and logs. Imports nothing, so
 * the config schema can use it without loading the PostgreSQL store.
 */
export function redactUrl(url: string): string {
  const scheme = url.indexOf('://');
  const start = scheme < 0 ? 0 : scheme + 3;
  const at = url.lastIndexOf('@');
  if (at < start) return url;
  const colon = url.indexOf(':', start);
  return colon < 0 || colon > at ? url : `${url.slice(0, colon)}:***${url.slice(at)}`;
}
