/// <reference types="office-js" />
/** The workbook's .xlsx bytes, read in slices (Office.context.document.getFileAsync, compressed). */

/** Office's largest slice. */
const SLICE_BYTES = 4 * 1024 * 1024;

function call<T>(start: (done: (r: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    start((r) => (r.status === Office.AsyncResultStatus.Succeeded ? resolve(r.value) : reject(new Error(r.error?.message ?? 'getFileAsync failed'))));
  });
}

/** The bytes, or null where the host cannot give the file (Excel on some platforms, a file never saved). */
export async function readFileBytes(): Promise<Uint8Array | null> {
  const document = Office.context.document;
  if (typeof document?.getFileAsync !== 'function') return null;
  let file: Office.File;
  try {
    file = await call<Office.File>((done) => document.getFileAsync(Office.FileType.Compressed, { sliceSize: SLICE_BYTES }, done));
  } catch {
    return null;
  }
  try {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let i = 0; i < file.sliceCount; i++) {
      const slice = await call<Office.Slice>((done) => file.getSliceAsync(i, done));
      const data = slice.data as ArrayLike<number>;
      const bytes = data instanceof Uint8Array ? data : Uint8Array.from(data);
      parts.push(bytes);
      total += bytes.length;
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  } finally {
    await new Promise<void>((resolve) => file.closeAsync(() => resolve()));
  }
}
