import { loadConfig } from './config';
import { startSijill } from './server';

const config = loadConfig();
const sijill = await startSijill(config);

if (sijill.firstAdmin) {
  const { email, password, generated } = sijill.firstAdmin;
  process.stdout.write(
    `\nSijill created the first administrator account:\n  email:    ${email}\n` +
      (generated ? `  password: ${password}\n  (shown only this once: store it now)\n\n` : '  password: the ADMIN_PASSWORD you set\n\n'),
  );
}
process.stdout.write(`Sijill is running at ${sijill.url}\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    sijill.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
