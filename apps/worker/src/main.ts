import { startWorkerApp } from './worker-app';

try {
  const app = await startWorkerApp(process.env, process.stdout);
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`${name}: ${message}\n`);
  process.exitCode = 1;
}
