// ESLint (flat config): typescript-eslint's recommended rules (syntax only, no type information, so it stays fast) and
// the project's layers as import rules. Import cycles in src/ (between files and between modules) are checked by
// test/check-cycles.js.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// What each layer keeps to itself. A file may import one of these only inside the layer that owns it.
const kafkajs = { group: ['kafkajs', 'kafkajs/*'], message: 'only src/kafka/ talks to kafkajs: go through the ClusterGateway (src/kafka/gateway.ts).' };
const terminal = {
  group: ['chalk', 'chalk/*', 'cli-table3', 'cli-table3/*', 'inquirer', 'inquirer/*', '@inquirer/*'],
  message: 'only src/cli/ draws on the terminal (colour, tables, prompts): add or use a renderer in src/cli/.',
};
const commandsOrTests = { regex: '^(\\.\\./)+(commands|test)(/|$)', message: 'src/ is the library under commands/ and test/: it must not import from them.' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'test/fixtures/', 'oclif.manifest.json'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A `_` name is unused on purpose (`const { file: _file, ...rest } = b` leaves a field out), as tsc already allows.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Maven colours its output; jars.ts strips those ANSI escapes with a regex that has to name ESC (\x1b).
  { files: ['src/sandbox/jars.ts'], rules: { 'no-control-regex': 'off' } },
  // Tests break saved JSON files at arbitrary paths (p.groups[0].partitions[0].newOffset = '-7'): `any` is the point.
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },

  // Layers. A later block replaces the rule's options of an earlier one for the files both match, so each block
  // lists every restriction that applies to its files.
  { files: ['src/**'], rules: restrict(kafkajs, terminal, commandsOrTests) },
  { files: ['src/kafka/**'], rules: restrict(terminal, commandsOrTests) },
  { files: ['src/cli/**'], rules: restrict(kafkajs, commandsOrTests) },
  { files: ['commands/**', 'bin/**'], rules: restrict(kafkajs, terminal) },
  // test/ and bench/ may import anything (they drive real clusters and check what the CLI prints).
);
