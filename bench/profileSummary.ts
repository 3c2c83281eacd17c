// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function, and inclusive time by
// package or source file, as shares of the busy (not idle) time, so the bench can say where the
// guide's time goes.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const where = (url: string): string => {
  if (url.includes('/node_modules/')) return url.split('/node_modules/').pop()!.split('/')[0]!;
  return url.replace(/^file:\/\/\/.*?\/(src|dialogs|bench|test)\//, '$1/') || '(native)';
};

export function summariseProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Busy time only: the server idles while the other servers of the bench are loaded.
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (nodes.get(id)?.callFrame.functionName === '(idle)') return;
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfTime.values()].reduce((s, v) => s + v, 0) || 1;

  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of selfTime) {
    const frame = nodes.get(id)!.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${where(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + t);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const url = nodes.get(n)!.callFrame.url;
      if (!url) continue;
      const key = where(url);
      if (!seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + t);
      }
    }
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  const lines = [`  busy ${(total / 1e6).toFixed(1)} s; self time (top ${top}):`];
  for (const [name, t] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(t)}  ${name}`);
  lines.push(`  inclusive, by package or file (top ${top}):`);
  for (const [name, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(t)}  ${name}`);
  return lines.join('\n');
}
