import { isSafeNumber, parse } from 'lossless-json';

/**
 * Zoom writes meeting IDs as bare int64 JSON numbers, which JSON.parse rounds above 2^53.
 * Integers that do not fit a double stay decimal strings; everything else is a plain number.
 */
function parseNumber(text: string): number | string {
  return isSafeNumber(text) ? Number(text) : text;
}

export function parseZoomJson(text: string): unknown {
  return parse(text, null, parseNumber);
}
