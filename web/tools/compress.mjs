// Build-time: write brotli siblings (<file>.br) for the site's compressible files.
//
// WHY brotli next to gzip: on the wasm binaries and the Pyodide snapshot it saves
// ~25 % over gzip -9 (ORT's wasm 3.65 -> 2.67 MB), and browsers ask for it on
// https and localhost. Python's standard library has no brotli; Node, which
// the build already uses for the Pyodide snapshot, does.
//
// usage: node compress.mjs QUALITY FILE...   prints {"file": bytes_or_null, ...}
import fs from "node:fs";
import zlib from "node:zlib";
import { promisify } from "node:util";

const compress = promisify(zlib.brotliCompress);
const [quality, ...files] = process.argv.slice(2);
const results = {};
await Promise.all(files.map(async (file) => {
  const data = fs.readFileSync(file);
  const packed = await compress(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: Number(quality),
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  if (packed.length <= 0.92 * data.length) {
    fs.writeFileSync(file + ".br", packed);
    results[file] = packed.length;
  } else {
    results[file] = null;
  }
}));
console.log(JSON.stringify(results));
