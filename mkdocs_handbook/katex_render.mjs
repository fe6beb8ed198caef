// Build-time KaTeX renderer speaking JSON lines over stdin/stdout.
//
// Usage: node katex_render.mjs [PROJECT_ROOT]
//
// Each stdin line is a request  {"tex": "...", "display": true|false}
// and gets exactly one stdout line, in order:
//   {"html": "..."}  on success
//   {"error": "..."} on failure (KaTeX's message, or a protocol error)
//
// `katex` is resolved from PROJECT_ROOT/node_modules (default: the parent of
// this script's directory).  Nothing but response lines is ever written to
// stdout; diagnostics go to stderr.

import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] ?? path.join(here, ".."));
const require = createRequire(path.join(root, "package.json"));

let katex;
try {
  katex = require("katex");
} catch (err) {
  process.stderr.write(
    `katex_render: cannot load katex from ${root}/node_modules (run \`npm ci\`): ${err.message}\n`,
  );
  process.exit(3);
}

function render(tex, display) {
  return katex.renderToString(tex, {
    displayMode: display,
    output: "htmlAndMathml", // visual HTML plus MathML for screen readers
    throwOnError: true, // errors are reported, never rendered in red
    strict: "error", // non-LaTeX input (e.g. CJK outside \text{}) is an error
    // No \href, \url, \includegraphics, \htmlClass, ...  With a plain
    // `trust: false` KaTeX silently renders them in red; fail loudly instead.
    trust: (context) => {
      throw new Error(`KaTeX: ${context.command} is not allowed (trust is disabled)`);
    },
    maxExpand: 1000,
    // A fresh macro table per formula: \gdef in one formula must not leak
    // into the next, so output depends only on (tex, display).
    macros: {},
  });
}

function handle(line) {
  let req;
  try {
    req = JSON.parse(line);
  } catch (err) {
    return { error: `bad request (not JSON): ${err.message}` };
  }
  if (req === null || typeof req.tex !== "string") {
    return { error: 'bad request: expected {"tex": string, "display": bool}' };
  }
  try {
    return { html: render(req.tex, req.display === true) };
  } catch (err) {
    return { error: String(err && err.message ? err.message : err) };
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  if (line.trim() === "") return;
  // Writes to a pipe are synchronous on POSIX, so each line reaches the
  // reader immediately (no buffering to flush).
  process.stdout.write(JSON.stringify(handle(line)) + "\n");
});
// On stdin EOF the process exits by itself once pending output is written.
