import type { Page } from '@playwright/test';
import { accountMenuButton, demo, signInAs, submitSignIn } from '../../fixtures/auth';
import { uniqueEmail, withDb } from '../../fixtures/db';
import { expect, test } from '../../fixtures/test';

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'page is wider than the screen').toBeLessThanOrEqual(clientWidth);
}

const memberRow = (page: Page, name: string) => page.getByTestId('members-table').getByTestId('member-row').filter({ hasText: name });

test('an org admin invites a member, who signs up from the link, accepts and gets the viewer role', async ({ page, browser, shot }) => {
  const email = uniqueEmail('invitee');
  await signInAs(page, demo.alice.email);
  await page.goto('/org/members');
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
  await expect(memberRow(page, 'Dev Patel')).toContainText('dev@acme.test');

  await page.getByRole('button', { name: 'Invite member' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite someone to Acme Corp' });
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(dialog.getByRole('textbox', { name: 'E-mail address' })).toHaveAccessibleDescription(/Enter the e-mail address/);
  await dialog.getByRole('textbox', { name: 'E-mail address' }).fill(email);
  await expect(dialog.getByRole('radio', { name: /Viewer/ })).toBeChecked();
  await shot('desktop-members-invite-dialog');
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  const sent = page.getByRole('dialog', { name: 'Invitation sent' });
  const url = (await sent.getByTestId('invite-url').textContent())!.trim();
  expect(url).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
  await shot('desktop-members-invite-link');
  await sent.getByRole('button', { name: 'Done' }).click();
  const pending = page.getByTestId('pending-invites');
  await expect(pending).toContainText(email);
  await expect(pending).toContainText('Viewer');
  await shot('desktop-members-admin');

  // Inviting the same address again is refused next to the e-mail field.
  await page.getByRole('button', { name: 'Invite member' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'E-mail address' }).fill(email);
  await page.getByRole('dialog').getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('dialog').getByRole('textbox', { name: 'E-mail address' })).toHaveAccessibleDescription(
    /already has a pending invitation/,
  );
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  // The invitee opens the link in their own browser, without an account yet.
  const invitee = await browser.newContext();
  const guest = await invitee.newPage();
  const path = new URL(url).pathname;
  await guest.goto(path);
  await expect(guest.getByRole('heading', { level: 1, name: 'Join Acme Corp' })).toBeVisible();
  await expect(guest.getByText('Alice Martin invited you to join Acme Corp as Viewer.')).toBeVisible();
  await expect(guest.getByText(email)).toHaveCount(0); // the invited address is not shown to strangers
  await shot('desktop-invitation-signed-out', guest);
  await guest.getByRole('link', { name: 'Create an account' }).click();
  const form = guest.getByRole('form', { name: 'Create account' });
  await form.getByLabel('Full name').fill('Ivy Invitee');
  await form.getByLabel('E-mail').fill(email);
  await form.getByRole('textbox', { name: 'Password', exact: true }).fill('invitee-password');
  await form.getByRole('button', { name: 'Create account' }).click();
  // Sign-up reveals nothing and starts no session: the invitee signs in and is taken back to the invitation.
  await expect(guest.getByRole('heading', { level: 1, name: 'Check your inbox' })).toBeVisible();
  await guest.getByRole('link', { name: 'Go to sign in' }).click();
  await submitSignIn(guest, email, 'invitee-password');
  await expect(guest).toHaveURL(new RegExp(`${path}$`));
  await expect(guest.getByText(`Signed in as ${email}.`)).toBeVisible();
  await shot('desktop-invitation-for-you', guest);
  await guest.getByRole('button', { name: 'Accept and join' }).click();
  await expect(guest).toHaveURL(/\/org$/);
  await expect(guest.getByRole('heading', { level: 1, name: 'Acme Corp' })).toBeVisible();
  await expect(guest.getByTestId('org-role')).toHaveText('Viewer');

  // The link is used up.
  await guest.goto(path);
  await expect(guest.getByTestId('invitation-closed')).toContainText('Each invitation link works once.');
  await invitee.close();

  await page.reload();
  await expect(memberRow(page, 'Ivy Invitee').getByTestId('member-role')).toHaveText('Viewer');
  await expect(page.getByTestId('pending-invites')).toHaveCount(0);
  await expect(page.getByText('No pending invitations')).toBeVisible();
});

test('a viewer sees the team but no member management', async ({ page, shot }) => {
  await signInAs(page, demo.viewer.email);
  await page.goto('/org/members');
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
  await expect(memberRow(page, 'Alice Martin').getByTestId('member-role')).toHaveText('Admin');
  await expect(memberRow(page, 'Vera Viewer')).toContainText('viewer@acme.test'); // own e-mail
  await expect(memberRow(page, 'Alice Martin')).not.toContainText('alice@acme.test'); // others' e-mails are hidden
  await expect(page.getByRole('button', { name: 'Invite member' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Pending invitations' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Actions for/ })).toHaveCount(0);
  await expect(page.getByText('Only members who may manage members see e-mail addresses and invitations.')).toBeVisible();
  await shot('desktop-members-viewer');
});

test('the last admin cannot demote themselves; an admin changes a role and the member sees it', async ({ page, shot }) => {
  // A member of our own, so the demo team stays as it is for other specs.
  const email = uniqueEmail('role-change');
  await withDb(async (db) => {
    const u = await db.user.create({ data: { name: 'Rolf Rolechange', email, passwordHash: 'x' } });
    await db.membership.create({ data: { orgId: 101, userId: u.id, role: 'viewer', permissions: [] } });
  });
  await signInAs(page, demo.alice.email);
  await page.goto('/org/members');

  await memberRow(page, 'Alice Martin').getByRole('button', { name: 'Actions for Alice Martin' }).click();
  await page.getByRole('menuitem', { name: 'Change role' }).click();
  const dialog = page.getByRole('dialog', { name: 'Role of Alice Martin (you)' });
  await dialog.getByRole('radio', { name: /Viewer/ }).check();
  await expect(dialog.getByText('You are changing your own role')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save role' }).click();
  await expect(dialog.getByRole('alert')).toContainText('An organization needs at least one admin');
  await shot('desktop-members-last-admin');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await memberRow(page, 'Rolf Rolechange').getByRole('button', { name: 'Actions for Rolf Rolechange' }).click();
  await page.getByRole('menuitem', { name: 'Change role' }).click();
  const rolf = page.getByRole('dialog', { name: 'Role of Rolf Rolechange' });
  await rolf.getByRole('radio', { name: /Developer/ }).check();
  await rolf.getByRole('button', { name: 'Save role' }).click();
  await expect(rolf).toHaveCount(0);
  await expect(memberRow(page, 'Rolf Rolechange').getByTestId('member-role')).toHaveText('Developer');

  await memberRow(page, 'Rolf Rolechange').getByRole('button', { name: 'Actions for Rolf Rolechange' }).click();
  await page.getByRole('menuitem', { name: 'Remove from organization' }).click();
  await page.getByRole('dialog', { name: 'Remove member' }).getByRole('button', { name: 'Remove' }).click();
  await expect(memberRow(page, 'Rolf Rolechange')).toHaveCount(0);
  await expect(accountMenuButton(page)).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('the members page fits a 375 px screen', async ({ page, shot }) => {
    await signInAs(page, demo.alice.email);
    await page.goto('/org/members');
    await expect(page.getByRole('list', { name: 'Members' })).toContainText('Dev Patel');
    await expectNoHorizontalScroll(page);
    await shot('phone-members-admin');
  });
});
