import { RepositoryRuleError } from '../db/errors';
import type { EventKind } from '../zoom/client';

/**
 * The app's own data about a host's streams, kept in its database (src/db): saved destinations and
 * the history of every live stream change the app made. Owned by the Zoom user id; stream keys are
 * sealed at rest with the token vault and opened only here.
 */

export type Resolution = '' | '720p' | '1080p';

/** A live stream's settings as Zoom holds them (the four fields of the form). */
export interface StreamSettings {
  stream_url: string;
  stream_key: string;
  page_url: string;
  resolution: string;
}

/** Who may watch a YouTube broadcast the app creates. */
export const PRIVACIES = ['public', 'unlisted', 'private'] as const;
export type Privacy = (typeof PRIVACIES)[number];

/**
 * A YouTube destination's options (issue 24): the app creates one broadcast per event with them, on the channel of
 * the host's connected Google account, and writes its ingest address, key and watch page into Zoom.
 */
export interface YouTubeOptions {
  privacy: Privacy;
  /** `{topic}` and `{date}` are filled per event (youtube/title.ts); '' = the default pattern. */
  titlePattern: string;
  description: string;
  /** YouTube starts the broadcast when the stream arrives, and ends it when the stream stops. */
  autoStart: boolean;
  autoStop: boolean;
}

export interface Destination {
  id: string;
  userId: string;
  name: string;
  stream_url: string;
  /** Opened from its seal; never stored in clear. */
  stream_key: string;
  page_url: string;
  resolution: Resolution;
  /** Set for a YouTube destination: its stream fields are empty, each event gets its own broadcast. */
  youtube?: YouTubeOptions;
  createdAt: Date;
  updatedAt: Date;
}

export type DestinationInput = Pick<Destination, 'name' | 'stream_url' | 'stream_key' | 'page_url' | 'resolution' | 'youtube'>;

/** A host may keep this many destinations. */
export const MAX_DESTINATIONS = 50;

/** The name is taken by another destination of the same host. */
export class DuplicateNameError extends RepositoryRuleError {
  constructor() {
    super('duplicate destination name');
    this.name = 'DuplicateNameError';
  }
}

/** The host already keeps MAX_DESTINATIONS destinations. */
export class DestinationLimitError extends RepositoryRuleError {
  constructor() {
    super('destination limit reached');
    this.name = 'DestinationLimitError';
  }
}

export interface DestinationsRepository {
  /** The host's destinations, by name. */
  list(userId: string): Promise<Destination[]>;
  /** Their ids and names only, by name: what a picker or a count needs, without opening a single key. */
  names(userId: string): Promise<Array<Pick<Destination, 'id' | 'name'>>>;
  /** undefined for an unknown id or another host's (never tells them apart). */
  get(userId: string, id: string): Promise<Destination | undefined>;
  /** Throws DuplicateNameError or DestinationLimitError. */
  create(userId: string, input: DestinationInput): Promise<Destination>;
  /** undefined when not the host's; throws DuplicateNameError. */
  update(userId: string, id: string, input: DestinationInput): Promise<Destination | undefined>;
  remove(userId: string, id: string): Promise<boolean>;
  /** Every destination of this host (deauthorization, "Delete my saved data"); resolves to how many. */
  removeAllOf(userId: string): Promise<number>;
}

/** What made a change: the live stream form, a restore from the history, or a bulk job. */
export type ChangeSource = 'form' | 'restore' | 'bulk' | 'plan' | 'youtube';

export interface HistoryEntry {
  id: string;
  userId: string;
  kind: EventKind;
  eventId: string;
  source: ChangeSource;
  /** As Zoom had them just before the change (read from Zoom, never from the browser). */
  before: StreamSettings;
  after: StreamSettings;
  at: Date;
}

/** `id`: a bulk job passes its item's id, so an item applied again after a crash is recorded once. */
export type NewHistoryEntry = Omit<HistoryEntry, 'id' | 'at'> & { id?: string; at?: Date };

export interface HistoryRepository {
  record(entry: NewHistoryEntry): Promise<HistoryEntry>;
  /** The latest changes of one meeting or webinar, newest first. */
  recent(userId: string, kind: EventKind, eventId: string, limit?: number): Promise<HistoryEntry[]>;
  /** undefined for an unknown id or another host's. */
  get(userId: string, id: string): Promise<HistoryEntry | undefined>;
  /** Deletes entries older than this; resolves to how many. */
  prune(olderThan: Date): Promise<number>;
  removeAllOf(userId: string): Promise<number>;
}
