// The guide's markdown as a terminal shows it, for `npm run chat`: bold, lists and links, as Web
// Chat renders them on the website. marked parses it; the few lines below print its tokens.
// marked-terminal, the usual renderer, was tried: with marked 13 and later it leaves the markup
// inside list items raw ("[Report Remove](https://…)"), and it brings a syntax highlighter
// (highlight.js and some 40 packages) for code blocks the guide never writes.
import { Lexer, type Token, type Tokens } from 'marked';

export interface TerminalStyle {
  bold(text: string): string;
  italic(text: string): string;
  underline(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

/** ANSI styles, for a terminal that shows colours. */
export const ANSI_STYLE: TerminalStyle = { bold: ansi(1, 22), italic: ansi(3, 23), underline: ansi(4, 24) };

/** No escape codes: for a pipe, a file or NO_COLOR. The markup still goes. */
export const PLAIN_STYLE: TerminalStyle = { bold: (t) => t, italic: (t) => t, underline: (t) => t };

function inline(tokens: readonly Token[], style: TerminalStyle): string {
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'strong':
          return style.bold(inline(token.tokens ?? [], style));
        case 'em':
          return style.italic(inline(token.tokens ?? [], style));
        case 'link': {
          // The address is shown, so a person can copy it: there is nothing to click.
          const text = inline(token.tokens ?? [], style);
          const href = style.underline((token as Tokens.Link).href);
          return text === (token as Tokens.Link).href ? href : `${text} (${href})`;
        }
        case 'br':
          return '\n';
        case 'text':
        case 'escape':
        case 'codespan':
          return 'tokens' in token && token.tokens ? inline(token.tokens, style) : (token as Tokens.Text).text;
        default:
          return token.raw;
      }
    })
    .join('');
}

function block(token: Token, style: TerminalStyle, indent: string): string[] {
  switch (token.type) {
    case 'paragraph':
    case 'text':
      return inline(token.tokens ?? [{ type: 'text', raw: token.raw, text: token.raw } as Tokens.Text], style)
        .split('\n')
        .map((line) => indent + line);
    case 'heading':
      return [indent + style.bold(inline(token.tokens ?? [], style))];
    case 'list': {
      const list = token as Tokens.List;
      return list.items.flatMap((item, i) => {
        const marker = list.ordered ? `${Number(list.start || 1) + i}.` : '•';
        const lines = item.tokens.flatMap((t) => block(t, style, ''));
        const pad = ' '.repeat(marker.length + 1);
        return lines.map((line, n) => `${indent}${n === 0 ? `${marker} ` : pad}${line}`);
      });
    }
    case 'space':
      return [''];
    default:
      return token.raw.replace(/\n+$/, '').split('\n').map((line) => indent + line);
  }
}

/** Markdown to the lines a terminal prints, with the markup turned into styles. */
export function renderForTerminal(markdown: string, style: TerminalStyle = PLAIN_STYLE): string {
  return Lexer.lex(markdown)
    .filter((token) => token.type !== 'space')
    .map((token) => block(token, style, '').join('\n'))
    .join('\n\n');
}
