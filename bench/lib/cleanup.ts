import { log } from './log.ts';

/** Things to undo if the bench is interrupted (Ctrl-C) or fails. */
export const cleanups = new Set<() => Promise<unknown>>();
let interrupted = false;

/** Whether SIGINT or SIGTERM arrived: no further database run starts. */
export const wasInterrupted = () => interrupted;

/** First signal: run every cleanup, then exit 130; a second signal exits at once. */
export function handleSignals(): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      log(`${sig}: stopping the server and cleaning up…`);
      void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
    });
  }
}
