/**
 * A text progress bar on stderr: redrawn in place on a terminal, one plain line per update
 * otherwise (logs and pipes), so stdout stays clean for the result.
 */
export class ProgressBar {
  private readonly tty: boolean;
  private drawn = false;

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 30,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(done: number, failed: number): void {
    const ratio = this.total ? Math.min(1, done / this.total) : 1;
    const filled = Math.round(ratio * this.width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}]`;
    const text = `${done}/${this.total} ${this.label} (${Math.floor(ratio * 100)}%), ${failed} failed`;
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${bar} ${text}`);
      this.drawn = true;
    } else {
      this.stream.write(`${text}\n`);
    }
  }

  /** Ends the bar's line, so what follows starts on its own. */
  finish(): void {
    if (this.tty && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
