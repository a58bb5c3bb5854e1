import { defineConfig } from 'vitest/config';

// Three projects so a run says plainly what it covered. Database tests use DATABASE_URL when it
// is set (each file gets its own fresh database on that server) and embedded PGlite otherwise.
export default defineConfig({
  test: {
    env: { SIJILL_LOG: 'silent' },
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
        },
      },
    ],
  },
});
