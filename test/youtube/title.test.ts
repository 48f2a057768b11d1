import { broadcastTitle, cutTitle, eventDate, MAX_TITLE_LENGTH } from '../../src/youtube/title';

/** Broadcast titles from the destination's pattern, within YouTube's rules (≤ 100 characters, no < or >). */
describe('broadcastTitle', () => {
  const event = { topic: 'Town hall', startTime: '2026-05-01T23:30:00Z' };

  it('defaults to the topic and the date, on the event\'s own calendar (UTC without a timezone)', () => {
    expect(broadcastTitle(event)).toBe('Town hall — 2026-05-01');
    expect(broadcastTitle({ ...event, timezone: 'Asia/Tokyo' })).toBe('Town hall — 2026-05-02');
    expect(broadcastTitle({ ...event, timezone: 'America/Los_Angeles' })).toBe('Town hall — 2026-05-01');
    expect(broadcastTitle({ ...event, timezone: 'Not/AZone' })).toBe('Town hall — 2026-05-01');
  });

  it('follows a pattern, drops < and >, and never leaves a dangling separator or an empty title', () => {
    expect(broadcastTitle({ ...event, topic: 'Q&A <live>' }, '{date}: {topic} (weekly)')).toBe('2026-05-01: Q&A live (weekly)');
    expect(broadcastTitle({ ...event, topic: '  ' })).toBe('2026-05-01');
    expect(broadcastTitle({ ...event, topic: '' }, '{topic}')).toBe('2026-05-01');
  });

  it('is cut to 100 characters without splitting an emoji\'s surrogate pair', () => {
    const long = broadcastTitle({ ...event, topic: 'x'.repeat(150) });
    expect(long).toBe('x'.repeat(MAX_TITLE_LENGTH));

    const emojiAtTheEdge = `${'a'.repeat(99)}🎥 more`;
    expect(cutTitle(emojiAtTheEdge)).toBe('a'.repeat(99));
    expect(cutTitle(`${'a'.repeat(98)}🎥 more`)).toBe(`${'a'.repeat(98)}🎥`);
    expect(cutTitle('short')).toBe('short');
  });

  it('dates: a bad start gives no date rather than "NaN"', () => {
    expect(eventDate('not a date')).toBe('');
    expect(eventDate('2026-12-31T23:59:00-08:00', 'UTC')).toBe('2027-01-01');
  });
});
