// @nlpjs packages ship no TypeScript types. Only what this project uses: the stemmer.
declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stem(tokens: string[]): string[];
  }
}
