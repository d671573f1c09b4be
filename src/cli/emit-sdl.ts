/** `npm run sdl`: writes schema/schema.graphql from the entity metadata (no database needed). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { ormOptions } from '../db/orm';
import { registryFor } from '../resources/registry';
import { buildGraphQLSchema, printSdl } from '../graphql/graphql.plugin';

async function main(): Promise<void> {
  const orm = await MikroORM.init({ ...ormOptions({ databaseUrl: 'postgres://unused@127.0.0.1:1/unused' }), connect: false });
  const sdl = printSdl(buildGraphQLSchema(registryFor(orm.getMetadata())));
  const file = resolve(__dirname, '../../schema/schema.graphql');
  writeFileSync(file, sdl);
  console.log(`wrote schema/schema.graphql: ${sdl.split('\n').length} lines`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
