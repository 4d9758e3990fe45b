/**
 * Model updates of a refresh, applied together once the current turn of the event loop has read
 * its sockets: answers that arrive in one turn each hand their slot to the next request first
 * (RequestLane), then all of them reach the model in one go, in the order they arrived. Nothing is
 * held longer than that turn, and an update that throws does not stop the others.
 */
export type Schedule = (flush: () => void) => void;

export class DeferredUpdates {
  private pending: Array<{ apply: () => void; done: () => void }> = [];

  constructor(private readonly schedule: Schedule = (flush) => setImmediate(flush)) {}

  /** Resolves once `apply` ran (its error, if any, is swallowed: updates carry their own error handling). */
  apply(apply: () => void): Promise<void> {
    return new Promise((done) => {
      this.pending.push({ apply, done });
      if (this.pending.length === 1) this.schedule(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    for (const { apply, done } of batch) {
      try {
        apply();
      } catch {
        // An update that throws (a listener) must not keep the others from being applied.
      }
      done();
    }
  }
}
