/**
 * A stand-in for bot/submissions/check-worker.ts that fails on demand, chosen by the task's county:
 * "exit" ends the thread, "throw" rejects the task, "uncaught" throws outside the task and never
 * answers. Any other county is checked by the real worker.
 */
import checkTask, { type CheckTask } from '../../../bot/submissions/check-worker.js';

export default async function failingTask(task: CheckTask): Promise<unknown> {
  if (task.county === 'exit') process.exit(7);
  if (task.county === 'throw') throw new Error('boom inside the worker');
  if (task.county === 'uncaught') {
    setImmediate(() => {
      throw new Error('uncaught boom inside the worker');
    });
    return new Promise(() => undefined);
  }
  return checkTask(task);
}
