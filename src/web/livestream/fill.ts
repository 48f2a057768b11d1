import type { Request } from 'express';
import { isRecordId } from '../../destinations/form';
import type { DestinationsRepository } from '../../destinations/types';
import type { FormValues } from '../../livestream/form';
import { HttpError, type NextStep } from '../shared/failures';

const DESTINATIONS: NextStep = { href: '/destinations', label: 'errors.next.destinations' };

/**
 * ?destination=<id>: the form filled from one of the host's saved destinations. Only the page is filled:
 * nothing reaches Zoom until the host saves. Another host's id, or none, is a 404. A YouTube destination has no
 * values to fill (its key comes from the broadcast the app makes): `youtubeId` then, and the page asks to apply it.
 */
export async function chosenDestination(req: Request, destinations: Pick<DestinationsRepository, 'get'> | undefined): Promise<(FormValues & { name: string; youtubeId?: string }) | undefined> {
  const chosen = req.query.destination;
  if (chosen === undefined) return undefined;
  const found = isRecordId(chosen) && destinations ? await destinations.get(req.session.zoom?.userId ?? '', chosen) : undefined;
  if (!found) throw new HttpError(404, 'errors.destinationNotFound', {}, DESTINATIONS);
  const { name, stream_url, stream_key, page_url, resolution } = found;
  return { name, stream_url, stream_key, page_url, resolution, youtubeId: found.youtube ? found.id : undefined };
}
