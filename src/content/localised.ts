// Words that differ by country. Any text in content/ may be a plain string (the same
// everywhere) or a map by region, so each country's answer is written as an answer of its
// own, never as UK text with a correction stuck on:
//
//   - Don't pay, and don't send anything more.          # every region
//   - uk: Report it to CEOP.                            # only where a region is named
//     au: Report it to the ACCCE.
//
// `unknown` is for the moment before the person has said where they live (urgent help must not
// mislead then); without it, the UK text is used until they say otherwise.
import { z } from 'zod';
import { REGIONS, type Region } from '../../dialogs/vocabulary.js';

export const LOCALISED_KEYS = [...REGIONS, 'unknown'] as const;
export type LocalisedKey = (typeof LOCALISED_KEYS)[number];

const text = z.string().min(1);
const byRegion = z.partialRecord(z.enum(LOCALISED_KEYS), text).refine((m) => Object.keys(m).length > 0, 'name at least one region');

/** A text that may differ by region. */
export const LocalisedSchema = z.union([text, byRegion]);
export type Localised = z.infer<typeof LocalisedSchema>;

/** The text for a region (undefined: not yet known), or undefined when it does not apply there. */
export function inRegion(value: Localised, region: Region | undefined): string | undefined {
  if (typeof value === 'string') return value;
  return region === undefined ? (value.unknown ?? value.uk) : value[region];
}

/**
 * A word of content/words.yaml. Most are the same everywhere; one that differs by country (an
 * emergency number) must say what anyone reads before they have said where they live (`unknown`),
 * and that is also what a country without its own text reads.
 */
export const LocalisedWordSchema = z.union([
  text,
  byRegion.refine((m) => m.unknown !== undefined, 'a word that differs by country needs `unknown`: what anyone reads before they say where they live')
]);
export type LocalisedWord = z.infer<typeof LocalisedWordSchema>;

/** A word as a person in `region` reads it (undefined: not yet known). */
export function wordIn(value: LocalisedWord, region: Region | undefined): string {
  if (typeof value === 'string') return value;
  return (region === undefined ? undefined : value[region]) ?? value.unknown!;
}

/** Every text a value holds, whichever country reads it. */
export function everyText(value: Localised): string[] {
  return typeof value === 'string' ? [value] : Object.values(value);
}

/** Every region's text for a list of localised lines, dropping the lines that do not apply. */
export function linesIn(values: readonly Localised[], region: Region | undefined): string[] {
  return values.flatMap((v) => {
    const line = inRegion(v, region);
    return line === undefined ? [] : [line];
  });
}
