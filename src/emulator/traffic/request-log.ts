/** The emulator's request log: a ring of the latest requests, redacted unless the emulator was made for tests. */
import { redactRequest } from './redact';
import type { RecordedRequest } from '../types';

export interface RequestLog {
  /** Oldest first. The same array for the emulator's whole life: tests may hold on to it. */
  entries: RecordedRequest[];
  /** Returns the entry as kept (a redacted copy by default), so later steps can add to it. */
  add(entry: RecordedRequest): RecordedRequest;
  clear(): void;
}

export function createRequestLog(capacity: number, keepSecrets: boolean): RequestLog {
  const entries: RecordedRequest[] = [];
  return {
    entries,
    add(entry) {
      const kept = keepSecrets ? entry : redactRequest(entry);
      entries.push(kept);
      // At these sizes shift() costs microseconds; a circular buffer would only make `entries` harder to read.
      while (entries.length > capacity) entries.shift();
      return kept;
    },
    clear: () => void entries.splice(0),
  };
}
