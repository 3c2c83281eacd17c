// `npm run chat` prints the guide's markdown as a terminal shows it: no asterisks, bullets for
// lists, and a link's address beside its words.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ANSI_STYLE, renderForTerminal } from '../../src/terminalMarkdown.js';

describe('the terminal chat', () => {
  it('shows the welcome without markdown markup', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/chat.ts'], { input: 'quit\n', encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/call 999/i);
    expect(run.stdout).not.toMatch(/\*\*|__/);
  }, 60_000);
});

describe('renderForTerminal', () => {
  it('makes bold text bold in a terminal with colours, and plain elsewhere', () => {
    expect(renderForTerminal('call **999** now', ANSI_STYLE)).toBe('call \x1b[1m999\x1b[22m now');
    expect(renderForTerminal('call **999** now')).toBe('call 999 now');
  });

  it('prints lists with bullets or numbers, nested lists indented', () => {
    expect(renderForTerminal('**What you can do now**\n\n- Stay calm\n- Report it\n   1. online\n   2. by phone')).toBe(
      'What you can do now\n\n• Stay calm\n• Report it\n  1. online\n  2. by phone'
    );
  });

  it("shows a link's address, also inside a list item, so it can be copied", () => {
    expect(renderForTerminal('- Use [Report Remove](https://www.childline.org.uk/remove) today')).toBe(
      '• Use Report Remove (https://www.childline.org.uk/remove) today'
    );
    expect(renderForTerminal('Go to https://www.iwf.org.uk')).toBe('Go to https://www.iwf.org.uk');
  });

  it('keeps paragraphs apart and line breaks inside them', () => {
    expect(renderForTerminal('First line\nsecond line\n\nNext paragraph')).toBe('First line\nsecond line\n\nNext paragraph');
  });
});
