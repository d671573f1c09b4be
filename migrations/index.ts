// The ordered list of migrations, maintained by `npm run migration:create`.
import { Migration20261129003840_initial } from './Migration20261129003840_initial';

export const migrations = [
  { name: 'Migration20261129003840_initial', migration: Migration20261129003840_initial },
];
