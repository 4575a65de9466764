/**
 * Reads one .xlsx in a process of its own and prints what happened, with the peak memory (max
 * RSS) of that process: tests of bombs use it to show that refusing one takes little memory.
 *   node --import tsx test/bot/xlsx/read-child.ts <file> [maxUncompressedBytes]
 */
import { readXlsxFile, WorkbookReadError } from '../../../bot/xlsx/read.js';

const [file, max] = process.argv.slice(2);
const t0 = performance.now();
let reason = 'read';
let message = '';
try {
  await readXlsxFile(file!, max ? { maxUncompressedBytes: Number(max) } : {});
} catch (err) {
  reason = err instanceof WorkbookReadError ? err.reason : `unexpected: ${String(err)}`;
  message = err instanceof Error ? err.message : String(err);
}
process.stdout.write(JSON.stringify({ reason, message, ms: Math.round(performance.now() - t0), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
