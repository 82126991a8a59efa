import { getMetadataStorage, registerEnumType } from 'type-graphql';

/**
 * Registers a Prisma enum for GraphQL unless another domain already did (the same enum object
 * registered twice would define the type twice).
 */
export function registerEnumOnce<T extends object>(enumObj: T, config: { name: string; description?: string }): void {
  const storage = getMetadataStorage() as unknown as { enums: { enumObj: object }[] };
  if (storage.enums.some((e) => e.enumObj === enumObj)) return;
  registerEnumType(enumObj, config);
}
