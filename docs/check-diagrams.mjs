// Parses every ```mermaid block of the Markdown files given, with Mermaid 11 (the renderer code
// hosts use), so a diagram that would show as an error on the page fails here instead.
//   npm install --prefix DIR mermaid@11 jsdom@24 && NODE_PATH=DIR/node_modules node docs/check-diagrams.mjs FILE.md...
// .ci/run does this when node and npm are there.
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';

const require = createRequire(path.join(process.env.NODE_PATH || '.', 'x.js'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(require.resolve('mermaid'));
mermaid.initialize({ startOnLoad: false });

let diagrams = 0;
let bad = 0;
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
    diagrams++;
    try {
      await mermaid.parse(m[1]);
    } catch (e) {
      bad++;
      const line = text.slice(0, m.index).split('\n').length;
      console.log(`${file}:${line}: ${String(e.message || e).split('\n').slice(0, 3).join(' ')}`);
    }
  }
}
console.log(`${diagrams} diagrams, ${bad} that Mermaid cannot parse`);
process.exit(bad === 0 ? 0 : 1);
