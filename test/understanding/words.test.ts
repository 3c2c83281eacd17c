// The words understanding uses are content (content/understanding/): a content editor can add a
// slang word or a town without touching TypeScript, and a mistake fails at start-up, never silently.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../src/content/load.js';
import { alternation, loadUnderstandingWords } from '../../src/content/understandingWords.js';
import { createConversationReader } from '../../src/understanding/conversational.js';
import { buildUnderstandingParts, understandWith } from '../../src/understanding/index.js';
import { content } from '../support/botHarness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of content/ with one file of content/understanding/ edited. */
function editedContent(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'words-'));
  dirs.push(dir);
  cpSync(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  const path = join(dir, 'understanding', file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}

describe('the words understanding uses', () => {
  it('are all read from content/understanding/', () => {
    const words = loadUnderstandingWords();
    expect(words.spellings['noods']).toBe('nudes');
    expect(words.regions.ie.places).toContain('dublin');
    expect(words.people.professionals).toContain('dsl');
    expect(words.topics.onTopic).toContain('sext*');
    expect(words.concepts.concepts['share']).toContain('airdrop');
    expect(words.concepts.phrases['tome']?.length).toBeGreaterThan(0);
    expect(Object.keys(words.conversation.asides)[0]).toBe('callNow');
    expect(words.conversation.meetingSoon.every((p) => !p.includes('{{'))).toBe(true);
  });

  it('a new phrase in conversation.yaml is heard, in the file\'s order', () => {
    expect(createConversationReader(loadUnderstandingWords().conversation).asideOf('much obliged')).toBeUndefined();
    const dir = editedContent('conversation.yaml', (t) => t.replace('  thanks:\n', () => "  thanks:\n    - '^much obliged$'\n"));
    expect(buildUnderstandingParts(dir, content()).conversational.asideOf('much obliged')).toBe('thanks');
  });

  it('refuses a conversation phrase that is not a pattern, an unknown term or an unknown kind, naming the file', () => {
    const broken = editedContent('conversation.yaml', (t) => t.replace("  - '\\bforget (?:this|our)", "  - '\\bforget ((?:this|our)"));
    expect(() => loadUnderstandingWords(broken)).toThrow(/conversation\.yaml: deleteChat\.5: not a valid regular expression/);
    const term = editedContent('conversation.yaml', (t) => t.replace("{{soon}}'", "{{later}}'"));
    expect(() => loadUnderstandingWords(term)).toThrow(/conversation\.yaml: unknown term \{\{later\}\}/);
    const kind = editedContent('conversation.yaml', (t) => t.replace('  callNow:', '  callNowPlease:'));
    expect(() => loadUnderstandingWords(kind)).toThrow(/conversation\.yaml: asides/);
  });

  it('a new slang word in spellings.yaml reaches the safety layer', () => {
    const text = 'he says hell skrrt my pics to everyone';
    // the safety layer itself: the classifier may already guess a threat from "my pics to everyone"
    const before = buildUnderstandingParts(DEFAULT_CONTENT_DIR, content());
    expect(before.safety.urgentKinds(text)).toEqual([]);
    const dir = editedContent('spellings.yaml', (t) => t.replace('spellings:\n', 'spellings:\n  "skrrt": "send"\n'));
    const after = buildUnderstandingParts(dir, content());
    expect(after.safety.urgentKinds(text)).toContain('sextortion');
    expect(understandWith(after, text, {}).urgent).toContain('sextortion');
    // Builds the whole understanding (patterns and models) twice: longer than one test's default on a busy machine.
  }, 120_000);

  it('a new town in places.yaml gives its country', () => {
    const text = 'we live in ballymoneybeg and my son sent a nude';
    expect(understandWith(buildUnderstandingParts(DEFAULT_CONTENT_DIR, content()), text, {}).slots.region).toBeUndefined();
    const dir = editedContent('places.yaml', (t) => t.replace('    places:\n      [dublin,', '    places:\n      [ballymoneybeg, dublin,'));
    expect(understandWith(buildUnderstandingParts(dir, content()), text, {}).slots.region).toBe('ie');
  }, 120_000);

  it('refuses a word with a capital letter or a stray symbol, naming the file', () => {
    const dir = editedContent('people.yaml', (t) => t.replace('[mum, dad,', '[Mum, dad,'));
    expect(() => loadUnderstandingWords(dir)).toThrow(/people\.yaml: parents\.0/);
    const other = editedContent('topics.yaml', (t) => t.replace('[nude, nudes,', '[nu(de, nudes,'));
    expect(() => loadUnderstandingWords(other)).toThrow(/topics\.yaml/);
  });

  it('matches words literally, longest first, with * for any ending', () => {
    const re = new RegExp(`^(?:${alternation(['wales', 'new south wales', 'sext*', 'a.b'])})$`);
    expect(re.test('new south wales')).toBe(true);
    expect(re.test('sexting')).toBe(true);
    expect(re.test('a.b')).toBe(true);
    expect(re.test('axb')).toBe(false);
    expect(alternation(['wales', 'new south wales']).startsWith('new south wales')).toBe(true);
  });
});
