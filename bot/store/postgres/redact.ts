/**
 * The store address with its password replaced by ***, for messages and logs. Imports nothing, so
 * the config schema can use it without loading the PostgreSQL store.
 */
export function redactUrl(url: string): string {
  // node-postgres also reads passwords from the query string (?password=…, ?sslpassword=…).
  const masked = url.replace(/([?&](?:ssl)?password=)[^&#]*/giu, '$1***');
  const scheme = masked.indexOf('://');
  const start = scheme < 0 ? 0 : scheme + 3;
  const query = masked.indexOf('?', start);
  const at = masked.lastIndexOf('@', query < 0 ? masked.length : query);
  if (at < start) return masked;
  const colon = masked.indexOf(':', start);
  return colon < 0 || colon > at ? masked : `${masked.slice(0, colon)}:***${masked.slice(at)}`;
}
