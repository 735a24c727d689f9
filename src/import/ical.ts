/**
 * iCalendar feeds (Google Calendar's public address, a The Events Calendar `?ical=1` export, any
 * webcal:// feed) and single .ics files, read with ical.js — Mozilla's parser behind Thunderbird's
 * calendar: it follows RFC 5545 closely, reads VTIMEZONE definitions from the file itself, and
 * expands RRULE / RDATE / EXDATE with RECURRENCE-ID overrides (ICAL.Event's iterator and
 * getOccurrenceDetails), which is the hard part to get right by hand. (node-ical wraps rrule with
 * moment-timezone and loses VTIMEZONE rules; rrule alone knows nothing of the file's format.)
 *
 * Times: a TZID that is an IANA name (what Google, Apple and WordPress write) is converted with the
 * platform's zone data (src/domain/time.ts), the same as every other time in the bot; any other TZID
 * ("W. Europe Standard Time") by the file's own VTIMEZONE through ical.js, and the event's zone is
 * then its X-LIC-LOCATION, the calendar's X-WR-TIMEZONE or `defaultZone`. Floating times are read in
 * the calendar's zone. A series is expanded into occurrences inside [now, now + horizonDays], each
 * keyed by the series UID and its RECURRENCE-ID so a moved occurrence stays the same entry.
 */
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { LIMITS } from '../domain/validate';
import { zonedWallTimeToInstant } from '../domain/time';
import { MAX_OCCURRENCES_PER_SERIES, MAX_RULE_STEPS, type ImportedEvent, type ImportResult, type ParseOptions } from './model';
import { Collector, descriptionText, lineText, readZone, safeLink } from './normalize';

/**
 * ical.js ships a CommonJS build for require() (dist/ical.es5.cjs) but declares its types only for
 * import; the types are taken from the ES module's declarations, the code from the CommonJS build.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL: typeof ICALModule = require('ical.js');

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;
type IcalEvent = InstanceType<typeof ICAL.Event>;

/** The raw DTSTART/DTEND text as jCal keeps it: "2026-03-08" or "2026-03-08T09:00:00(Z)". */
const RAW_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z?)?$/;

function rawDateValid(comp: Component, name: string): boolean | undefined {
  const prop = comp.getFirstProperty(name);
  if (!prop) return undefined;
  const raw: unknown = prop.jCal[3];
  const m = typeof raw === 'string' ? RAW_DATE.exec(raw) : null;
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60)) return false;
  return true;
}

interface Zone {
  /** IANA name to convert wall times with, or undefined to let ical.js use the VTIMEZONE. */
  iana?: string;
  /** The event's zone. */
  name: string;
  fromSource: boolean;
}

function zoneOf(comp: Component, calendarZone: string | undefined, opts: ParseOptions, vcal: Component): Zone {
  const tzid = comp.getFirstProperty('dtstart')?.getParameter('tzid');
  const tz = typeof tzid === 'string' ? tzid : undefined;
  const iana = readZone(tz?.replace(/^\/+/, ''));
  if (iana) return { iana, name: iana, fromSource: true };
  if (tz) {
    const location = vcal.getAllSubcomponents('vtimezone').find((z) => z.getFirstPropertyValue('tzid') === tz)?.getFirstPropertyValue('x-lic-location');
    const named = readZone(typeof location === 'string' ? location : undefined);
    return { name: named ?? calendarZone ?? opts.defaultZone, fromSource: named !== undefined || calendarZone !== undefined };
  }
  return { iana: calendarZone ?? opts.defaultZone, name: calendarZone ?? opts.defaultZone, fromSource: calendarZone !== undefined };
}

function toInstant(t: Time, zone: Zone): Date {
  const tzid = t.zone?.tzid;
  if (t.isDate) return zonedWallTimeToInstant({ year: t.year, month: t.month, day: t.day, hour: 0, minute: 0 }, zone.name);
  if (tzid === 'UTC' || tzid === 'Z') return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
  if (zone.iana) {
    const wall = zonedWallTimeToInstant({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute }, zone.iana);
    return new Date(wall.getTime() + t.second * 1000);
  }
  // A non-IANA TZID: the file's VTIMEZONE gives the offset.
  return new Date(t.toUnixTime() * 1000);
}

function text(comp: Component, name: string): string | undefined {
  const v = comp.getFirstPropertyValue(name);
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** The fields every occurrence of a VEVENT shares (an override has its own). */
function details(comp: Component): Omit<ImportedEvent, 'sourceUid' | 'start' | 'end' | 'allDay' | 'timezone' | 'zoneFromSource' | 'hash' | 'title'> {
  const out: ReturnType<typeof details> = { categories: [], status: 'confirmed' };
  const description = text(comp, 'description');
  if (description) out.description = descriptionText(description);
  const location = text(comp, 'location');
  const onlineCandidates = [text(comp, 'conference'), text(comp, 'x-google-conference')];
  if (location && safeLink(location) && /^https?:\/\//i.test(location.trim())) onlineCandidates.unshift(location);
  else if (location) {
    const parts = lineText(location, LIMITS.venueName + LIMITS.address).split(/\s*[,،]\s*/).filter(Boolean);
    const name = parts.shift();
    // The address is joined again with the comma the source used (Persian and Arabic write "،").
    const comma = location.includes('،') ? '، ' : ', ';
    if (name) out.venue = { name: lineText(name, LIMITS.venueName), ...(parts.length ? { address: lineText(parts.join(comma), LIMITS.address) } : {}) };
  }
  const geo = comp.getFirstPropertyValue('geo');
  if (out.venue && Array.isArray(geo) && geo.length === 2) {
    const [lat, lon] = geo.map(Number) as [number, number];
    if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) Object.assign(out.venue, { lat, lon });
  }
  const online = onlineCandidates.map((u) => safeLink(u)).find(Boolean);
  if (online) out.onlineUrl = online;
  const url = safeLink(text(comp, 'url'));
  if (url) out.url = url;
  const image = safeLink(text(comp, 'image')) ?? comp.getAllProperties('attach').map((p) => p.getParameter('fmttype')?.toString().startsWith('image/') ? safeLink(p.getFirstValue()) : undefined).find(Boolean);
  if (image) out.imageUrl = image;
  const organizer = comp.getFirstProperty('organizer');
  const cn = organizer?.getParameter('cn');
  if (typeof cn === 'string' && lineText(cn, LIMITS.organizerName)) out.organizer = { name: lineText(cn, LIMITS.organizerName), links: {} };
  const categories = comp.getAllProperties('categories').flatMap((p) => p.getValues()).filter((c): c is string => typeof c === 'string');
  out.categories = [...new Set(categories.map((c) => lineText(c, LIMITS.category)).filter(Boolean))].slice(0, 10);
  if (/^cancelled$/i.test(text(comp, 'status') ?? '')) out.status = 'cancelled';
  const sequence = comp.getFirstPropertyValue('sequence');
  if (typeof sequence === 'number' && Number.isFinite(sequence)) out.sequence = sequence;
  const modified = comp.getFirstPropertyValue('last-modified');
  if (modified instanceof ICAL.Time) out.lastModified = new Date(modified.toUnixTime() * 1000);
  return out;
}

/**
 * A calendar feed or a single .ics file. `opts.now` and `opts.horizonDays` bound what is kept;
 * for a single file sent in chat pass a generous horizon.
 */
export function parseICalendar(input: string, opts: ParseOptions): ImportResult {
  const collector = new Collector(opts);
  let vcal: Component;
  try {
    vcal = new ICAL.Component(ICAL.parse(input.replace(/^\uFEFF/, '')));
    if (vcal.name !== 'vcalendar') throw new Error('not a VCALENDAR');
  } catch {
    collector.problem({ kind: 'unreadable' });
    return collector.result();
  }
  const calendarZone = readZone(text(vcal, 'x-wr-timezone'));

  // Group by UID: the master (with or without a rule) and its RECURRENCE-ID overrides.
  const groups = new Map<string, { master?: Component; overrides: Component[] }>();
  vcal.getAllSubcomponents('vevent').forEach((comp, index) => {
    const uid = text(comp, 'uid') ?? `#${index + 1}`;
    const group = groups.get(uid) ?? { overrides: [] };
    if (comp.hasProperty('recurrence-id')) group.overrides.push(comp);
    else group.master ??= comp;
    groups.set(uid, group);
  });

  for (const [uid, group] of groups) {
    if (collector.full) break;
    const { master } = group;
    try {
      if (!master) {
        // Overrides whose series is not in the file: each is an event of its own.
        for (const o of group.overrides) addSingle(o, uid, calendarZone, opts, vcal, collector, true);
        continue;
      }
      const event = new ICAL.Event(master, { exceptions: group.overrides, strictExceptions: false });
      if (!event.isRecurring()) addSingle(master, uid, calendarZone, opts, vcal, collector, false);
      else addSeries(event, master, uid, calendarZone, opts, vcal, collector);
    } catch {
      collector.problem({ kind: 'bad_date', entry: uid, title: lineText(text(master ?? group.overrides[0]!, 'summary') ?? '', LIMITS.title) || undefined });
    }
  }
  return collector.result();
}

function titleOf(comp: Component): string {
  return lineText(text(comp, 'summary') ?? '', LIMITS.title);
}

function checkDates(comp: Component, uid: string, collector: Collector): boolean {
  const title = titleOf(comp) || undefined;
  const start = rawDateValid(comp, 'dtstart');
  if (start === undefined) return collector.problem({ kind: 'missing_start', entry: uid, title }), false;
  if (!start || rawDateValid(comp, 'dtend') === false) return collector.problem({ kind: 'bad_date', entry: uid, title }), false;
  return true;
}

function addSingle(comp: Component, uid: string, calendarZone: string | undefined, opts: ParseOptions, vcal: Component, collector: Collector, isOverride: boolean): void {
  if (!checkDates(comp, uid, collector)) return;
  const title = titleOf(comp);
  if (!title) return collector.problem({ kind: 'missing_title', entry: uid });
  // Exceptions given (none): without them ical.js scans every VEVENT of the file for this one's, n² for a feed.
  const event = new ICAL.Event(comp, { exceptions: [] });
  const zone = zoneOf(comp, calendarZone, opts, vcal);
  const start = toInstant(event.startDate, zone);
  const end = comp.hasProperty('dtend') || comp.hasProperty('duration') ? toInstant(event.endDate, zone) : endWithout(event.startDate, start);
  if (end.getTime() < start.getTime()) return collector.problem({ kind: 'end_before_start', entry: uid, title });
  const recurrenceId = isOverride ? comp.getFirstPropertyValue('recurrence-id') : null;
  const rid = recurrenceId instanceof ICAL.Time ? toInstant(recurrenceId, zone) : undefined;
  collector.add({
    sourceUid: rid ? `${uid}#${rid.toISOString()}` : uid,
    title,
    start,
    end,
    allDay: event.startDate.isDate,
    timezone: zone.name,
    zoneFromSource: zone.fromSource,
    ...details(comp),
    ...(rid ? { occurrence: { seriesUid: uid, recurrenceId: rid, overridden: true } } : {}),
  });
}

/**
 * An override is a whole VEVENT by RFC 5545, but many producers write only what changed (the new
 * time): what it leaves out is taken from the series.
 */
function overrideDetails(series: ReturnType<typeof details>, own: ReturnType<typeof details>): ReturnType<typeof details> {
  const out = { ...own };
  for (const k of ['description', 'venue', 'onlineUrl', 'url', 'imageUrl', 'organizer'] as const) {
    if (out[k] === undefined && series[k] !== undefined) Object.assign(out, { [k]: series[k] });
  }
  if (out.categories.length === 0) out.categories = series.categories;
  return out;
}

/** RFC 5545: no DTEND and no DURATION is one day for a date, the same instant for a date-time. */
function endWithout(start: Time, startAt: Date): Date {
  return start.isDate ? new Date(startAt.getTime() + 86_400_000) : startAt;
}

function addSeries(event: IcalEvent, master: Component, uid: string, calendarZone: string | undefined, opts: ParseOptions, vcal: Component, collector: Collector): void {
  if (!checkDates(master, uid, collector)) return;
  const masterTitle = titleOf(master);
  const zone = zoneOf(master, calendarZone, opts, vcal);
  const rrule = master.getFirstProperty('rrule')?.getFirstValue()?.toString();
  const shared = details(master);
  const iterator = event.iterator();
  let steps = 0;
  let kept = 0;
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (++steps > MAX_RULE_STEPS || kept >= MAX_OCCURRENCES_PER_SERIES) {
      collector.problem({ kind: 'too_many_occurrences', entry: uid, title: masterTitle || undefined, max: MAX_OCCURRENCES_PER_SERIES });
      return;
    }
    const recurrenceId = toInstant(next, zone);
    // Occurrences come in order of their original start; past the horizon the rest are too.
    if (collector.pastHorizon(recurrenceId)) return;
    const occ = event.getOccurrenceDetails(next);
    const overridden = occ.item !== event;
    const comp = occ.item.component;
    const title = overridden ? titleOf(comp) || masterTitle : masterTitle;
    if (!title) return collector.problem({ kind: 'missing_title', entry: uid });
    const start = toInstant(occ.startDate, zone);
    const hasEnd = comp.hasProperty('dtend') || comp.hasProperty('duration') || master.hasProperty('dtend') || master.hasProperty('duration');
    const end = hasEnd ? toInstant(occ.endDate, zone) : endWithout(occ.startDate, start);
    if (!collector.inWindow(start, end)) continue;
    if (end.getTime() < start.getTime()) {
      collector.problem({ kind: 'end_before_start', entry: `${uid}#${recurrenceId.toISOString()}`, title });
      continue;
    }
    collector.add({
      sourceUid: `${uid}#${recurrenceId.toISOString()}`,
      title,
      start,
      end,
      allDay: occ.startDate.isDate,
      timezone: zone.name,
      zoneFromSource: zone.fromSource,
      ...(overridden ? overrideDetails(shared, details(comp)) : shared),
      occurrence: { seriesUid: uid, recurrenceId, ...(rrule ? { rrule } : {}), overridden },
    });
    kept += 1;
    if (collector.full) return;
  }
}
