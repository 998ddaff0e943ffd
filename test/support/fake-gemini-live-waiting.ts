/**
 * Lets a test wait for something a socket will do. A wait that runs out fails with what never
 * happened, rather than with mocha's timeout long after.
 */
export class Changes {
  private readonly checks = new Set<() => void>();

  notify(): void {
    for (const check of [...this.checks]) check();
  }

  until<T>(probe: () => T | undefined, what: string, timeoutMs = 2_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found === undefined) return;
        this.checks.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.checks.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.checks.add(check);
      check();
    });
  }
}
