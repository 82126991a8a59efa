import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { isPlatformAdmin, orgPermissions } from '../../core/access';
import { toPayload } from '../publishing';
import { AdminSoftware } from '../softwares';
import { CatalogVersion } from '../catalog';
import { Instance, InstanceModule, InstanceModuleRelease } from '../instances';
import { License } from '../licenses';
import { Software } from '../softwares';
import {
  AdminSoftwarePermission,
  InstanceModulePermissionsConsentInput,
  InstanceModulePermissionsConsentPayload,
  ModulePermission,
  PermissionConsent,
  SoftwarePermission,
  SoftwarePermissionCreateInput,
  SoftwarePermissionDeleteInput,
  SoftwarePermissionDeletePayload,
  SoftwarePermissionPayload,
  SoftwarePermissionUpdateInput,
} from './permission.types';
import * as permissions from './permission.service';

@Resolver(() => AdminSoftware)
export class SoftwarePermissionAdminResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => SoftwarePermissionPayload, { description: "Adds a permission to a software's vocabulary (platform admins)." })
  softwarePermissionCreate(@Arg('input', () => SoftwarePermissionCreateInput) input: SoftwarePermissionCreateInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ permission: await permissions.createPermission(ctx, input) }), { permission: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => SoftwarePermissionPayload, { description: 'Rewords the description of a vocabulary entry (its code never changes).' })
  softwarePermissionUpdate(@Arg('input', () => SoftwarePermissionUpdateInput) input: SoftwarePermissionUpdateInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ permission: await permissions.updatePermission(ctx, input) }), { permission: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => SoftwarePermissionDeletePayload, {
    description: 'Removes a vocabulary entry (refused while a pending or approved version declares it).',
  })
  softwarePermissionDelete(@Arg('input', () => SoftwarePermissionDeleteInput) input: SoftwarePermissionDeleteInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ id: await permissions.deletePermission(ctx, input) }), { id: null });
  }

  @FieldResolver(() => [AdminSoftwarePermission], { description: 'The permission vocabulary of the software, by code.' })
  permissions(@Root() s: AdminSoftware, @Ctx() ctx: Context) {
    return permissions.adminVocabulary(ctx, s.id);
  }
}

@Resolver(() => Software)
export class SoftwarePermissionsResolver {
  @FieldResolver(() => [SoftwarePermission], { description: 'What modules of this software may ask for, by code.' })
  permissions(@Root() s: Software, @Ctx() ctx: Context) {
    return permissions.vocabulary(ctx, s.id);
  }
}

@Resolver(() => CatalogVersion)
export class CatalogVersionPermissionsResolver {
  @FieldResolver(() => [ModulePermission], { description: 'The permissions this version asks for, in its manifest order.' })
  permissions(@Root() v: CatalogVersion, @Ctx() ctx: Context) {
    return permissions.versionPermissions(ctx, v.id);
  }
}

@Resolver(() => InstanceModuleRelease)
export class ReleasePermissionsResolver {
  @FieldResolver(() => [ModulePermission], {
    description: 'The permissions this version asks for; activating it needs an org admin’s consent.',
  })
  permissions(@Root() v: InstanceModuleRelease, @Ctx() ctx: Context) {
    return permissions.versionPermissions(ctx, v.id);
  }
}

@Resolver(() => Instance)
export class InstancePermissionConsentResolver {
  @FieldResolver(() => Boolean, {
    description: 'The viewer is an admin of the organization: they may consent to the permissions modules ask for.',
  })
  viewerCanConsentPermissions(@Root() i: Instance, @Ctx() ctx: Context) {
    return permissions.isOrgAdmin(ctx, i.orgId);
  }

  @Authorized()
  @Mutation(() => InstanceModulePermissionsConsentPayload, {
    description:
      'An org admin consents to the permissions of a newer version of a module active on an instance, so its update can start (org admins only).',
  })
  instanceModulePermissionsConsent(
    @Arg('input', () => InstanceModulePermissionsConsentInput) input: InstanceModulePermissionsConsentInput,
    @Ctx() ctx: Context,
  ) {
    return toPayload(async () => ({ consent: await permissions.consentForUpdate(ctx, input) }), { consent: null });
  }
}

@Resolver(() => InstanceModule)
export class InstanceModuleConsentResolver {
  @FieldResolver(() => PermissionConsent, {
    nullable: true,
    description:
      'The consent in force: who consented to which permissions, when (null: the version asks for none, or it predates consent).',
  })
  permissionConsent(@Root() m: InstanceModule, @Ctx() ctx: Context) {
    return permissions.consentOfInstanceModule(ctx, m);
  }
}

@Resolver(() => License)
export class LicensePermissionConsentsResolver {
  @FieldResolver(() => [PermissionConsent], {
    description: 'Consents given to permissions on instances under this license, newest first (empty without view_instances).',
  })
  async permissionConsents(@Root() l: License, @Ctx() ctx: Context) {
    if (!isPlatformAdmin(ctx) && !(await orgPermissions(ctx, l.orgId)).has('view_instances')) return [];
    return permissions.consentsOfLicense(ctx, l.id);
  }
}
