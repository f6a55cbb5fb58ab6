// A file the CLI renders into the state folder (and into `o11y render` output).
export interface RenderedFile {
  /** Path relative to the state folder's `config/` directory, e.g. 'prometheus/alerts.yml'. */
  path: string;
  content: string;
  /** File mode; 0o600 for anything holding a secret. Defaults to 0o644. */
  mode?: number;
  /** Hand the file to this owner after writing it (a container user that must read a 0600 file). */
  owner?: { uid: number; gid: number };
}
