// The ordered list of migrations, maintained by `npm run migration:create`.
import { Migration20261129003840_initial } from './Migration20261129003840_initial';
import { Migration20261202070000_usage } from './Migration20261202070000_usage';
import { Migration20261203120000_account_changes } from './Migration20261203120000_account_changes';

export const migrations = [
  { name: 'Migration20261129003840_initial', migration: Migration20261129003840_initial },
  { name: 'Migration20261202070000_usage', migration: Migration20261202070000_usage },
  { name: 'Migration20261203120000_account_changes', migration: Migration20261203120000_account_changes },
];
