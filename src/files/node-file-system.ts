// The FileSystem of src/files/output-file.ts on the real disk.
import { appendFileSync, closeSync, linkSync, openSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import type { FileSystem } from './output-file.js';

/** What link() fails with on a disk that has no hard links (a FAT-formatted USB stick). */
export function noHardLinks(error: unknown): boolean {
  return ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((error as NodeJS.ErrnoException).code ?? '');
}

export const nodeFileSystem: FileSystem = {
  facts(path) {
    try {
      const stat = statSync(path);
      return {
        kind: stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other',
        identity: `${stat.dev}:${stat.ino}`,
      };
    } catch {
      return null;
    }
  },
  head(path, bytes) {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
    } finally {
      closeSync(fd);
    }
  },
  // Output files hold owners' names and phone numbers: only this user may read them.
  createNew: (path) => closeSync(openSync(path, 'wx', 0o600)),
  append: (path, data) => appendFileSync(path, data),
  renameNoReplace(from, to) {
    try {
      // A hard link fails if `to` exists, where rename would silently replace it.
      linkSync(from, to);
    } catch (error) {
      // Without hard links: check, then rename.
      if (!noHardLinks(error)) throw error;
      if (this.facts(to) !== null)
        throw Object.assign(new Error(`EEXIST: file already exists, rename '${from}' -> '${to}'`), { code: 'EEXIST' });
      renameSync(from, to);
      return;
    }
    unlinkSync(from);
  },
  rename: (from, to) => renameSync(from, to),
  remove: (path) => unlinkSync(path),
};
