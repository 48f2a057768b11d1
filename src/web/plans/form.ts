import { isRecordId } from '../../destinations/form';
import { MAX_PICKED, type EventRef, type Plan, type PlanInput, type RuleKinds, type RuleMatch } from '../../plans/types';
import type { EventKind } from '../../zoom/client';
import { isMeetingId } from '../../zoom/ids';

/**
 * The plan form as the host typed it: every field a string (or the ticked picks), kept as typed for a
 * re-render with messages. Validation here checks the values; whether a series or a pick is one of the host's
 * upcoming events, and whether the destination is theirs, is for the handler (Zoom's lists, the repository).
 */
export const NAME_MAX = 100;
export const DISPLAY_NAME_MAX = 50;
export const RULE_TEXT_MAX = 100;

export interface PlanValues {
  name: string;
  series: string;
  pick: string[];
  rule_match: '' | RuleMatch;
  rule_text: string;
  rule_kinds: RuleKinds;
  destination_id: string;
  keep_settings: boolean;
  auto_start: boolean;
  display_name: string;
  active_speaker: boolean;
  enabled: boolean;
}

export type PlanField = 'name' | 'events' | 'series' | 'pick' | 'rule_text' | 'destination_id' | 'display_name';
export type PlanErrors = Partial<Record<PlanField, string>>;

/** A new plan: keeps the settings, starts automatically, on. */
export const NEW_VALUES: PlanValues = {
  name: '', series: '', pick: [], rule_match: 'contains', rule_text: '', rule_kinds: 'both', destination_id: '',
  keep_settings: true, auto_start: true, display_name: '', active_speaker: true, enabled: true,
};

const REF = /^(meeting|webinar):([0-9]{1,19})$/;

/** "meeting:85746065001" → { kind, id }; undefined for anything else. */
export function refOf(value: string): EventRef | undefined {
  const match = REF.exec(value);
  if (!match || !isMeetingId(match[2])) return undefined;
  return { kind: match[1] as EventKind, id: match[2] };
}

export const valueOfRef = (ref: EventRef): string => `${ref.kind}:${ref.id}`;

const text = (raw: unknown): string => (typeof raw === 'string' ? raw.trim() : '');
const ticked = (raw: unknown): boolean => raw === '1';

/** One field or a repeated one: the distinct non-empty strings, in order. */
export function manyOf(raw: unknown): string[] {
  const all = (Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
  return [...new Set(all.map((value) => value.trim()))];
}

/** The posted form as values (unknown fields ignored; a bad choice falls back to the form's default). */
export function valuesOf(body: unknown): PlanValues {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const match = text(form.rule_match);
  const kinds = text(form.rule_kinds);
  return {
    name: text(form.name),
    series: text(form.series),
    pick: manyOf(form.pick),
    rule_match: match === 'contains' || match === 'starts' ? match : '',
    rule_text: text(form.rule_text),
    rule_kinds: kinds === 'meeting' || kinds === 'webinar' ? kinds : 'both',
    destination_id: text(form.destination_id),
    keep_settings: ticked(form.keep_settings),
    auto_start: ticked(form.auto_start),
    display_name: text(form.display_name),
    active_speaker: ticked(form.active_speaker),
    enabled: ticked(form.enabled),
  };
}

/** A saved plan as the form shows it for editing; `picked` are its events picked on /streams. */
export function valuesOfPlan(plan: Plan, picked: EventRef[]): PlanValues {
  return {
    name: plan.name, series: plan.series ? valueOfRef(plan.series) : '', pick: picked.map(valueOfRef),
    rule_match: plan.rule?.match ?? '', rule_text: plan.rule?.text ?? '', rule_kinds: plan.rule?.kinds ?? 'both',
    destination_id: plan.destinationId, keep_settings: plan.keepSettings, auto_start: plan.autoStart,
    display_name: plan.displayName, active_speaker: plan.activeSpeaker, enabled: plan.enabled,
  };
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** What is wrong with the values themselves (lengths, shapes, something chosen); an empty object when nothing. */
export function checkValues(values: PlanValues, t: Translate): PlanErrors {
  const errors: PlanErrors = {};
  if (!values.name) errors.name = t('plans.errors.nameRequired');
  else if (values.name.length > NAME_MAX) errors.name = t('plans.errors.nameTooLong', { max: NAME_MAX });
  if (values.series && !refOf(values.series)) errors.series = t('plans.errors.seriesUnknown');
  if (values.pick.length > MAX_PICKED) errors.pick = t('plans.errors.pickTooMany', { max: MAX_PICKED });
  else if (values.pick.some((value) => !refOf(value))) errors.pick = t('plans.errors.pickBad');
  if (values.rule_text.length > RULE_TEXT_MAX) errors.rule_text = t('plans.errors.ruleTextTooLong', { max: RULE_TEXT_MAX });
  else if (values.rule_text && !values.rule_match) errors.rule_text = t('plans.errors.ruleMatch');
  if (!values.series && values.pick.length === 0 && !(values.rule_match && values.rule_text)) errors.events = t('plans.errors.noEvents');
  if (!isRecordId(values.destination_id)) errors.destination_id = t('plans.errors.destination');
  if (values.display_name.length > DISPLAY_NAME_MAX) errors.display_name = t('plans.errors.displayNameTooLong', { max: DISPLAY_NAME_MAX });
  return errors;
}

/** The values as the domain takes them (after checkValues found nothing). */
export function inputOf(values: PlanValues): PlanInput {
  return {
    name: values.name,
    series: values.series ? refOf(values.series) : undefined,
    rule: values.rule_match && values.rule_text ? { match: values.rule_match, text: values.rule_text, kinds: values.rule_kinds } : undefined,
    destinationId: values.destination_id,
    keepSettings: values.keep_settings,
    autoStart: values.auto_start,
    displayName: values.display_name,
    activeSpeaker: values.active_speaker,
    enabled: values.enabled,
  };
}
