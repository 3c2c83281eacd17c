// Named pieces of regular expressions, written once and used in patterns as {{name}}
// (content/safety.yaml, content/understanding/responsible.yaml), so a content editor changes
// "what counts as a picture" in one place.

/** Replaces {{name}} with the term (itself expanded), wrapped in a non-capturing group. */
export function expandTerms(source: string, terms: Readonly<Record<string, string>>, file: string, seen: readonly string[] = []): string {
  return source.replace(/\{\{([a-z][a-z0-9]*)\}\}/g, (_, name: string) => {
    const term = terms[name];
    if (term === undefined) throw new Error(`${file}: unknown term {{${name}}}`);
    if (seen.includes(name)) throw new Error(`${file}: term {{${name}}} refers to itself`);
    return `(?:${expandTerms(term, terms, file, [...seen, name])})`;
  });
}
