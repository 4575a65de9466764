/**
 * Reads one .xlsx in a process of its own and prints what happened, with the peak memory (max
 * RSS) of that process: tests of bombs use it to show that refusing one takes little memory.
 *   node --import tsx test/bot/xlsx/read-child.ts <file> [maxUncompressedBytes]
 */
import { readFileSync } from 'node:fs';
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
/**
 * This process's own peak RSS in MB. On Linux, getrusage's maxRSS survives execve, so a child
 * spawned by a large mocha process reports the parent's size; VmHWM belongs to this process's
 * address space alone. Elsewhere maxRSS is what there is.
 */
function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/mu.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm) return Math.round(Number(hwm) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

process.stdout.write(JSON.stringify({ reason, message, ms: Math.round(performance.now() - t0), maxRssMb: peakRssMb() }));
