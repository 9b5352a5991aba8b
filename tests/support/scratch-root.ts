// Every test run's temporary files in one folder of its own, removed when the run ends: the
// end-to-end tests make databases, backups and ledgers (some of hundreds of MB) in the system's
// temp folder, and runs repeated all day (CI runs the suite five times) must not fill the disk.
// Set as TMPDIR before the test workers start, so os.tmpdir() in tests and in the binaries
// they run answers this folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'complaint-tests-'));
  process.env.TMPDIR = root;
  return () => {
    // A small disk a test mounted inside (the full-disk test) must be let go before removal.
    spawnSync('sh', ['-c', `grep -o " ${root}/[^ ]*" /proc/mounts | xargs -r -n1 umount`], { stdio: 'ignore' });
    rmSync(root, { recursive: true, force: true });
  };
}
