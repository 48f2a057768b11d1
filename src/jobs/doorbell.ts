/**
 * How an idle runner waits for work: a ring (a job created, resumed, retried, or a slot freed), a stop, or
 * the poll interval ends the wait. A ring while the runner is busy claiming is kept, so the next wait
 * returns at once and no job created meanwhile waits a whole interval.
 */
export interface Doorbell {
  wait(): Promise<void>;
  ring(): void;
}

export function createDoorbell(pollMs: number): Doorbell {
  let wake: (() => void) | undefined;
  let rung = false;
  return {
    wait() {
      if (rung) {
        rung = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        // unref: an idle runner never keeps the process alive by itself.
        const timer = setTimeout(done, pollMs).unref();
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    },
    ring() {
      if (wake) wake();
      else rung = true;
    },
  };
}
