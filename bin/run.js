#!/usr/bin/env node
// The drctl executable: oclif loads the compiled commands from dist/commands (see package.json "oclif").
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
