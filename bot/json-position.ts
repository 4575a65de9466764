/** Locating a JSON syntax error for a Chinese message (the command line's files, the API's bodies). */

/** Where JSON.parse failed, as "（第 L 行第 C 列附近）"; V8 gives a position or a quoted snippet. */
export function jsonPosition(text: string, message: string): string {
  let at = -1;
  const position = /position (\d+)/u.exec(message);
  if (position) at = Number(position[1]);
  else if (/Unexpected end of JSON input/u.test(message)) at = text.length;
  else {
    const snippet = /"(?:\.\.\.)?([\s\S]*?)(?:\.\.\.)?" is not valid JSON/u.exec(message)?.[1];
    const token = /Unexpected token '([\s\S])'/u.exec(message)?.[1];
    const found = snippet ? text.indexOf(snippet) : -1;
    if (found >= 0) at = found + Math.max(0, token ? snippet!.lastIndexOf(token) : 0);
  }
  if (at < 0) return '';
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return `（第 ${line} 行第 ${column} 列附近）`;
}

/** A JSON body that does not parse; the message says where, in Chinese. */
export class JsonSyntaxError extends Error {
  constructor(where: string) {
    super(`请求体不是有效的 JSON${where}。请检查括号、引号和逗号是否成对、完整。`);
    this.name = 'JsonSyntaxError';
  }
}

/** UTF-8 JSON (a leading BOM allowed) → value, or JsonSyntaxError. */
export function parseJsonBytes(data: Buffer): unknown {
  const text = data.toString('utf8').replace(/^\uFEFF/u, '');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new JsonSyntaxError(jsonPosition(text, (err as Error).message));
  }
}
