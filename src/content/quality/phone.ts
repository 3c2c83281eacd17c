// Answers that fit a phone. The first reply to a worry (its lead and steps, or urgent help's text
// and steps) must show its first step and the top of its first service card on a phone's first
// screen, without scrolling. test/browser/phone.test.ts checks this in Chromium at 390x844; here
// the same is estimated from the words alone, so that every answer in every region is held to it:
// each paragraph and step is wrapped, word by word, at the characters a line holds there
// (`phone.firstScreen`, measured in that browser), and the lines must fit the screen.
import { stripMarkdown } from './readability.js';
import { error, type Finding, type QualityConfig } from './rules.js';

type Phone = QualityConfig['phone'];

/** The characters of a lead and its steps as written (markdown included): the older, looser bound. */
export const firstReplyLength = (lead: string, steps: readonly string[]) => lead.trim().length + steps.reduce((n, s) => n + s.length, 0);

/** What a person reads: markdown out, spaces collapsed. */
const shown = (text: string) => stripMarkdown(text).replace(/\s+/g, ' ').trim();

/** Lines a text takes when wrapped at word boundaries, `width` characters a line (a longer word takes its own line). */
export function wrappedLines(text: string, width: number): number {
  let lines = 0;
  let used = 0;
  for (const word of shown(text).split(' ').filter(Boolean)) {
    if (lines === 0 || used + 1 + word.length > width) {
      lines += 1;
      used = word.length;
    } else {
      used += 1 + word.length;
    }
  }
  return lines;
}

const paragraphs = (text: string) => text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);

/**
 * Lines the first reply takes above its first service card: the lead's paragraphs (the space
 * between two counts as a line), the "What you can do now" heading when there is one, and each step.
 */
export function firstScreenLines(lead: string, steps: readonly string[], screen: Phone['firstScreen'], heading: boolean): number {
  const leadParts = paragraphs(lead);
  const leadLines = leadParts.reduce((n, p) => n + wrappedLines(p, screen.leadCharsPerLine), 0) + Math.max(0, leadParts.length - 1) * screen.paragraphLines;
  const stepLines = steps.reduce((n, s) => n + wrappedLines(s, screen.stepCharsPerLine), 0);
  return leadLines + (heading && steps.length > 0 ? screen.headingLines : 0) + stepLines;
}

/** An answer's lead and steps: short enough to read at a glance, and on the first screen. */
export function checkAnswerFits(where: string, lead: string, steps: readonly string[], phone: Phone): Finding[] {
  const findings: Finding[] = [];
  const leadChars = shown(lead).length;
  if (leadChars > phone.leadMaxChars) {
    findings.push(error('coverage', where, `the lead is ${leadChars} characters: at most ${phone.leadMaxChars} (one or two short sentences; the rest goes to law or talk)`));
  }
  steps.forEach((step, i) => {
    const chars = shown(step).length;
    if (chars > phone.stepMaxChars) findings.push(error('coverage', where, `step ${i + 1} is ${chars} characters: at most ${phone.stepMaxChars} (one short sentence, two at most)`));
  });
  const total = leadChars + steps.reduce((n, s) => n + shown(s).length, 0);
  if (total > phone.leadAndStepsMaxChars) {
    findings.push(error('coverage', where, `lead and steps are ${total} characters: at most ${phone.leadAndStepsMaxChars}, so the first service card shows on a phone`));
  }
  findings.push(...checkFirstScreen(where, lead, steps, phone, true));
  return findings;
}

/** Lead (or urgent text) and steps, with the first card's top, on a phone's first screen. */
export function checkFirstScreen(where: string, lead: string, steps: readonly string[], phone: Phone, heading: boolean): Finding[] {
  const lines = firstScreenLines(lead, steps, phone.firstScreen, heading);
  if (lines <= phone.firstScreen.maxLines) return [];
  return [
    error('coverage', where, `takes about ${lines} lines on a phone: at most ${phone.firstScreen.maxLines}, or the first service card is below the screen (shorten the lead or a step)`)
  ];
}
