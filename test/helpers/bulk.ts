import type TestAgent from 'supertest/lib/agent';
import type { JobWithItems } from '../../src/jobs/model';
import { eventually } from './eventually';
import { csrfFrom, type Harness } from './harness';

/** Bulk apply through the pages: the overview's form as a browser sends it, and waiting for a job by polling. */

/** Repeated fields (targets=…&targets=…) as a browser sends ticked boxes; superagent's own form encoding would add [0]. */
export async function postForm(agent: TestAgent, path: string, fields: Array<[string, string]>, csrfPage = '/destinations') {
  const page = await agent.get(csrfPage);
  const body = new URLSearchParams([['_csrf', csrfFrom(page.text)], ...fields]).toString();
  return agent.post(path).type('form').send(body);
}

export function applyForm(targets: string[], destination: string): Array<[string, string]> {
  return [...targets.map((target): [string, string] => ['targets', target]), ['destination', destination]];
}

/** The job id a 303 to /jobs/:id names. */
export function jobIdOf(location: string | undefined): string {
  const match = /^\/jobs\/([A-Za-z0-9_-]+)$/.exec(location ?? '');
  if (!match) throw new Error(`not a job page: ${location}`);
  return match[1];
}

/** Reads the job until it satisfies `ready` (by default: finished and no longer held by the runner), failing after `timeoutMs`. */
export function untilJob(
  h: Harness, userId: string, jobId: string,
  ready: (job: JobWithItems) => boolean = (job) => ['done', 'cancelled', 'paused'].includes(job.status) && job.leaseOwner === '',
  timeoutMs = 15_000,
): Promise<JobWithItems> {
  return eventually(async () => {
    const job = await h.deps.jobs.get(userId, jobId);
    if (job && ready(job)) return job;
    throw new Error(`job ${jobId} not ready: ${JSON.stringify(job && { status: job.status, items: job.items.map((i) => i.status) })}`);
  }, { timeoutMs });
}

/** A table row (overview or job) that shows Zoom's 3161 for the Basic host: what it means, then Zoom's status, code and message. */
export function expectLicenceRefusal(row: string): void {
  expect(row).toContain('Live streaming requires the meeting host to have a Pro licence or higher');
  expect(row).toContain('<span class="zoom-status">HTTP status 400</span>');
  expect(row).toContain('<span class="zoom-code">Zoom error code 3161</span>');
  expect(row).toMatch(/<q lang="en" class="zoom-message">[^<]+<\/q>/);
}
