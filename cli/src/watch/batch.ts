/**
 * Collects changed paths and hands them over once saving has paused for `quietMs` (so saving ten
 * files is one rebuild); never runs two batches at once: what changes during a run waits for the next.
 */
export class ChangeBatcher {
  private pending = new Set<string>();
  private firstChangeAt = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly quietMs: number,
    private readonly run: (paths: string[], firstChangeAt: number) => Promise<void>,
  ) {}

  add(path: string): void {
    if (!this.pending.size) this.firstChangeAt = Date.now();
    this.pending.add(path);
    this.arm();
  }

  /** Resolves once no batch is running or waiting. */
  async idle(): Promise<void> {
    while (this.running || this.timer) await (this.running ?? new Promise((r) => setTimeout(r, this.quietMs)));
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private arm() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.quietMs);
  }

  private flush() {
    if (this.running || !this.pending.size) return;
    const paths = [...this.pending];
    this.pending.clear();
    this.running = this.run(paths, this.firstChangeAt)
      .catch(() => {})
      .finally(() => {
        this.running = undefined;
        if (this.pending.size) this.arm();
      });
  }
}
