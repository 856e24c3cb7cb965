/**
 * The wall's incident card: answered from the snapshot on screen (wall-refresh's latest), at its asOf, with the title
 * blanked of personal data by the very scrubber of the alerts and the carousel.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incidentRecord } from '../../../src/domain/incident-record';
import { incidentTable } from '../../../src/domain/incident-table';
import type { IncidentFC } from '../../../src/domain/types';
import { personalScrubber } from '../../../src/domain/wall-privacy';
import { wallIncidentRecord, type WallReply } from '../../../src/workers/wall-messages';
import { createWallRefresher } from '../../../src/workers/wall-refresh';

const DIR = 'data/zhihuiwan';
const BASE = 'http://wall.test/data/';

/** The bundled folder served from memory (no validators), incidents.geojson replaced by `incidents`. */
function fetchFrom(incidents: string): typeof fetch {
  const files = new Map<string, string>();
  for (const f of readdirSync(DIR)) files.set(f, readFileSync(join(DIR, f), 'utf8'));
  files.set('incidents.geojson', incidents);
  return (async (input: string | URL | Request) => {
    const name = new URL(String(input)).pathname.split('/').pop()!;
    const text = files.get(name);
    return text === undefined ? new Response('gone', { status: 404 }) : new Response(text, { status: 200 });
  }) as typeof fetch;
}

describe('wallIncidentRecord', () => {
  it('answers from the snapshot on screen, title scrubbed of names and phone numbers; null before one or for no such id', async () => {
    const members = JSON.parse(readFileSync(join(DIR, 'members.json'), 'utf8')) as { name: string }[];
    const name = members[0].name;
    const fc = JSON.parse(readFileSync(join(DIR, 'incidents.geojson'), 'utf8')) as IncidentFC;
    const f = fc.features[7];
    const title = f.properties.title;
    f.properties.title = `${name}反映 13812341234 ${title}`;
    const wall = createWallRefresher(fetchFrom(JSON.stringify(fc)));
    expect(wall.latest()).toBeNull();
    expect(wallIncidentRecord(wall.latest(), f.properties.id)).toBeNull();
    const r = await wall.refresh(BASE, BASE, 0);
    if (!r.changed) throw new Error('expected a snapshot');
    const current = wall.latest()!;
    expect(current.asOf).toBe(Date.parse(r.snapshot.stats.asOf));
    const record = wallIncidentRecord(current, f.properties.id)!;
    expect(record.title).toBe(`···反映 ··· ${title}`);
    expect(JSON.stringify(record)).not.toContain(name);
    // Everything else is the incident card's record at the snapshot's asOf.
    expect({ ...record, title: null }).toEqual({
      ...incidentRecord(incidentTable(fc.features), 7, current.asOf),
      title: null,
    });
    expect(record.title).toBe(personalScrubber(members.map((m) => m.name))(f.properties.title));
    expect(wallIncidentRecord(current, 'SJ9999999')).toBeNull();
    expect(() => wallIncidentRecord(current, 7 as never)).toThrow(/incidentId must be a string, got number/);
    // A refresh that finds nothing new keeps the same snapshot, and so the same answer.
    expect(await wall.refresh(BASE, BASE, 0)).toEqual({ changed: false });
    expect(wallIncidentRecord(wall.latest(), f.properties.id)).toEqual(record);
  });

  it('is a reply the wall store can tell from a refresh reply', () => {
    const replies: WallReply[] = [
      { kind: 'incident', id: 2, ok: true, ms: 1, record: null },
      { kind: 'refresh', id: 1, ok: true, changed: false, ms: 1 },
      { id: 3, ok: true, changed: false, ms: 1 },
    ];
    // What stores/wall.ts reads of a refresh reply (`changed`) is absent, never true, on an incident reply.
    expect(replies.map((r) => (r.ok && r.changed ? 'snapshot' : (r.kind ?? 'refresh')))).toEqual([
      'incident',
      'refresh',
      'refresh',
    ]);
  });
});
