// Output discipline: data goes to stdout (so it can be piped), every message for the person at the
// terminal goes to stderr. Secrets are written only through `writeData` by the reveal command.

export function writeData(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}
