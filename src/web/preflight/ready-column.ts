import type { Request } from 'express';
import { speakerOf } from '../shared/failures';
import type { PagePreflight } from './event-check';
import { readyCellOf, type ReadyCell } from './view';

/**
 * /streams' Ready column (issue 25): every row's latest pre-flight report, from the app's database in one query for
 * the page (never a check per view). A database that cannot say costs the column's marks, never the page.
 */
export async function readyCellsOf(repository: Pick<PagePreflight['repository'], 'allOf'> | undefined, req: Request, userId: string): Promise<Map<string, ReadyCell>> {
  if (!repository || !userId) return new Map();
  try {
    const reports = await repository.allOf(userId);
    const speaker = speakerOf(req);
    const timeZone = req.session.host?.timezone;
    return new Map([...reports].map(([key, report]) => [key, readyCellOf(report, speaker, timeZone)]));
  } catch (error) {
    req.log.warn({ err: error }, 'pre-flight reports not read for the page');
    return new Map();
  }
}
