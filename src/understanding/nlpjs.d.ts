// @nlpjs packages ship no TypeScript types (tech-notes §8). Only what this project uses.
declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stem(tokens: string[]): string[];
  }
  export class LangEn {}
}
declare module '@nlpjs/core' {
  export function containerBootstrap(): Promise<{
    use(plugin: unknown): void;
    get(name: string): any;
    registerConfiguration(tag: string, settings: Record<string, unknown>, overwrite?: boolean): void;
  }>;
}
declare module '@nlpjs/nlp' {
  export const Nlp: unknown;
}
