/** Progress lines go to stderr; stdout is kept for the results. */
export const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
