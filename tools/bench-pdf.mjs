// Times the PDF module (dist/chrome/core/unspool_pdf*.js/.wasm) in Node on the inputs the
// native benchmark wrote to target/pdf-bench/ (200 posts, 40 photos).
// node tools/bench-pdf.mjs [RUNS]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const core = join(root, "dist/chrome/core");
const pdf = await import(join(core, "unspool_pdf.js"));
pdf.initSync({ module: readFileSync(join(core, "unspool_pdf_bg.wasm")) });

const bench = join(root, "target/pdf-bench");
const thread = JSON.parse(readFileSync(join(bench, "thread.json"), "utf8"));
const options = JSON.parse(readFileSync(join(bench, "options.json"), "utf8"));
const images = new Map();
for (const [url, file] of JSON.parse(readFileSync(join(bench, "images.json"), "utf8"))) {
  images.set(url, new Uint8Array(readFileSync(join(bench, "images", file))));
}
const fonts = new Map();
for (const name of pdf.pdfFontFiles(thread)) {
  fonts.set(name, new Uint8Array(readFileSync(join(root, "dist/chrome/fonts", name))));
}

const runs = Number(process.argv[2] || 5);
const times = [];
let bytes;
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  bytes = pdf.renderPdf(thread, options, images, fonts);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
writeFileSync(join(bench, "wasm.pdf"), bytes);
const median = times[Math.floor(times.length / 2)];
console.log(
  `wasm:   ${thread.posts.length} posts, ${images.size - 1} photos -> ${Math.round(bytes.length / 1024)} KB PDF; ` +
    `median ${median.toFixed(0)} ms over ${runs} runs (min ${times[0].toFixed(0)} ms)`,
);
