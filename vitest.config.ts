import { defineConfig } from 'vitest/config';

// Three projects so a run says plainly what it covered. Database tests use DATABASE_URL when it
// is set (each file gets its own fresh database on that server) and embedded PGlite otherwise.
export default defineConfig({
  test: {
    env: { SIJILL_LOG: 'silent' },
    setupFiles: ['tests/helpers/password-cost.ts'],
    // Two test files at once on a 2-core machine: database and browser tests spend much of
    // their time waiting on PostgreSQL or Chromium, so one file at a time (vitest's default,
    // one worker fewer than the cores) leaves a core idle. Each file has its own database and
    // server port, so files do not share state.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'api', include: ['tests/api/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/build-web.ts'],
          fileParallelism: false,
          // One worker for all browser files: the app's modules are imported once, not once a
          // file (2-3 s each); every file still starts its own server on its own database.
          isolate: false,
          // a project with its own worker count runs as its own group, after unit and api
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
