#!/usr/bin/env node
// The cnncalc command. dist/cli.js is one bundled file (npm run build): loading chevrotain's
// hundreds of ES modules one by one would cost more than the whole analysis.
import '../dist/cli.js';
