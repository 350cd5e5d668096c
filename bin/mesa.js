#!/usr/bin/env node
'use strict';
// Entry point of the `mesa` command. In a source checkout it runs the TypeScript
// sources through ts-node (transpile only, so it starts fast and needs no build);
// an image without src/ runs the compiled dist/ instead.
const path = require('path');
const fs = require('fs');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'src', 'cli', 'mesa.ts');
if (fs.existsSync(source)) {
  require('ts-node').register({
    project: path.join(root, 'tsconfig.json'),
    transpileOnly: true,
    compilerOptions: { incremental: false, sourceMap: false },
  });
  require(source).runCli(process.argv.slice(2));
} else {
  require(path.join(root, 'dist', 'cli', 'mesa.js')).runCli(process.argv.slice(2));
}
