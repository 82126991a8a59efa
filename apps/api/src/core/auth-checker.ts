import { AuthenticationError, type AuthChecker } from 'type-graphql';
import type { Context } from './context';

/** Role names usable in @Authorized(...). Empty @Authorized() means "signed in". */
export const Role = {
  PLATFORM_ADMIN: 'PLATFORM_ADMIN',
} as const;

export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  // Anonymous callers are UNAUTHENTICATED whatever role the field needs; signed-in callers
  // without the role are FORBIDDEN.
  if (!context.user) throw new AuthenticationError();
  if (roles.length === 0) return true;
  return roles.includes(Role.PLATFORM_ADMIN) && context.user.platformRole === 'platform_admin';
};

/** Fields marked @Public() are open to anonymous callers on purpose (the schema walk checks it). */
const publicFields = new Set<string>();

export function Public(): MethodDecorator {
  return (target, propertyKey) => {
    publicFields.add(`${(target as { constructor: { name: string } }).constructor.name}.${String(propertyKey)}`);
  };
}

export function isPublic(className: string, methodName: string): boolean {
  return publicFields.has(`${className}.${methodName}`);
}
