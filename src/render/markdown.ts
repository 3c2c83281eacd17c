// The little markdown the guide writes: Web Chat renders it, `npm run chat` prints it.

export function bullets(lines: readonly string[]): string {
  return lines.map((l) => `- ${l}`).join('\n');
}
