// Bundle the extension (dist/extension.js) and compile the vscode-free helpers for the tests
// (out/helpers.js). `--production` minifies and drops source maps.
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");

await esbuild.build({
  entryPoints: ["src/extension.ts"],
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  outfile: "dist/extension.js",
  external: ["vscode"],
  minify: production,
  sourcemap: !production,
  logLevel: "warning",
});

await esbuild.build({
  entryPoints: ["src/helpers.ts"],
  bundle: false,
  format: "cjs",
  platform: "node",
  target: "node20",
  outfile: "out/helpers.js",
  logLevel: "warning",
});
