import { DynamicModule, Module } from '@nestjs/common';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM takes entity classes as plain constructors
type EntityClass = Function;

const registered = new Set<EntityClass>();

/** The entities the feature modules declared, for the data source (which only migrations do without). */
export function registeredEntities(): EntityClass[] {
  return [...registered];
}

@Module({})
class EntitiesModule {}

/**
 * Each module declares the TypeORM entities it owns in its own imports, so `database/` knows no module:
 * `imports: [Entities.of(Proposal)]`. Module metadata is read when the module file loads, before the
 * data source is created at bootstrap.
 */
export const Entities = {
  of(...entities: EntityClass[]): DynamicModule {
    for (const entity of entities) registered.add(entity);
    return { module: EntitiesModule };
  },
};
