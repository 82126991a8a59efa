import { Suspense, useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Alert, Box, Burger, Button, Container, Divider, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { ResendVerificationButton } from '../resend-verification-button';
import { useDisclosure } from '@mantine/hooks';
import { useSession } from '../../session/session-provider';
import { signInPath } from '../../session/safe-next';
import { PageError, PageLoading } from '../page-states';
import { BrandLogo } from './brand-logo';
import { navItemsFor, type NavItem } from './nav-items';
import { HeaderNotificationBell, HeaderOrgSwitcher, HeaderUserMenu, preloadHeaderParts, preloadHeaderPartsWhenIdle } from './header-parts';
import classes from './layout.module.css';

function NavLinks({ items, pathname, mobile = false }: { items: NavItem[]; pathname: string; mobile?: boolean }) {
  return items.map((item) => {
    const Icon = item.icon;
    const active = item.matches(pathname);
    return (
      <NavLink
        key={item.to}
        to={item.to}
        className={mobile ? classes.mobileNavLink : classes.navLink}
        // Our own matching: the storefront owns every path outside the other areas.
        aria-current={active ? 'page' : undefined}
      >
        <Icon size={18} stroke={1.8} aria-hidden />
        {item.label}
      </NavLink>
    );
  });
}

/** Someone about to sign in will see the signed-in header next: fetch its controls now. */
const preloadOnIntent = {
  onPointerEnter: () => void preloadHeaderParts().catch(() => undefined),
  onFocus: () => void preloadHeaderParts().catch(() => undefined),
};

function SignedOutActions({ next, compact = false }: { next: string; compact?: boolean }) {
  const signIn = signInPath(next);
  const signUp = signIn.replace('/sign-in', '/sign-up');
  if (compact) {
    return (
      <Button component={Link} to={signIn} size="xs" variant="default" px={10} {...preloadOnIntent}>
        Sign in
      </Button>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Button component={Link} to={signIn} variant="default" {...preloadOnIntent}>
        Sign in
      </Button>
      <Button component={Link} to={signUp} {...preloadOnIntent}>
        Create account
      </Button>
    </Group>
  );
}

/** Shown on every page until the address is verified (buying needs it). */
function VerifyEmailBanner({ email }: { email: string }) {
  return (
    <Alert color="orange" variant="light" mb="lg" icon={<IconMail aria-hidden />} data-testid="verify-email-banner">
      <Group gap="sm" justify="space-between" wrap="wrap">
        <Text size="sm">
          Verify your e-mail address to buy modules: open the link we sent to{' '}
          <Text span fw={600} style={{ overflowWrap: 'anywhere' }}>
            {email}
          </Text>
          .
        </Text>
        <Group gap="xs">
          <ResendVerificationButton />
          <Button component={Link} to="/account" size="xs" variant="subtle">
            Your profile
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}

/** The app frame: header with areas, org switcher and account; burger menu below `md`. */
export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const me = session.me;
  const items = navItemsFor(me);
  const here = location.pathname + location.search;
  const onAuthPage = /^\/sign-(in|up)/.test(location.pathname);
  const onAccountPage = /^\/(account|verify-email)/.test(location.pathname);

  // The signed-in header's controls are lazy (header-parts.tsx): fetch them when the browser is idle once
  // someone is signed in or is on a sign-in page, so they are there before anyone reaches for them.
  const wantsHeaderParts = session.status === 'signed-in' || onAuthPage;
  useEffect(() => (wantsHeaderParts ? preloadHeaderPartsWhenIdle() : undefined), [wantsHeaderParts]);

  // Leaving a page closes the mobile menu; so does Escape.
  useEffect(() => close(), [location.pathname, close]);
  useEffect(() => {
    if (!opened) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [opened, close]);

  return (
    <>
      <a href="#main-content" className={classes.skipLink}>
        Skip to main content
      </a>
      {/* The frame is our own CSS (layout.module.css), not Mantine's AppShell: the same fixed header, phone
          menu and padded main, without AppShell's resizing and media-style machinery in the first chunk (issue 16).
          'right-scroll-bar-position' keeps the fixed header still when a modal locks the page's scroll. */}
      <header className={`${classes.header} right-scroll-bar-position`}>
        <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap" gap={8}>
          <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="md"
              size="sm"
              aria-label={opened ? 'Close menu' : 'Open menu'}
              aria-expanded={opened}
              aria-controls="mobile-menu"
            />
            <Link to="/" className={classes.brand} aria-label="Webkernel Marketplace, home">
              <BrandLogo />
              <span className={classes.brandName}>Webkernel Marketplace</span>
            </Link>
            <Box component="nav" aria-label="Main" visibleFrom="md" ml="lg">
              <Group gap={4} wrap="nowrap">
                <NavLinks items={items} pathname={location.pathname} />
              </Group>
            </Box>
          </Group>
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            {session.status === 'signed-in' && <HeaderOrgSwitcher visibleFrom="md" w={{ base: 190, lg: 250 }} />}
            {session.status === 'signed-in' && <HeaderNotificationBell />}
            {session.status === 'signed-in' && <HeaderUserMenu me={session.me} />}
            {session.status === 'loading' && <Skeleton height={32} circle aria-hidden />}
            {(session.status === 'signed-out' || session.status === 'error') && !onAuthPage && (
              <>
                <Box visibleFrom="sm">
                  <SignedOutActions next={here} />
                </Box>
                <Box hiddenFrom="sm">
                  <SignedOutActions next={here} compact />
                </Box>
              </>
            )}
          </Group>
        </Group>
      </header>

      {opened && (
        <Box component="nav" id="mobile-menu" p="md" hiddenFrom="md" aria-label="Menu" className={classes.mobileMenu}>
          <Stack gap="md">
            <Box component="nav" aria-label="Main">
              <Stack gap={4}>
                <NavLinks items={items} pathname={location.pathname} mobile />
              </Stack>
            </Box>
            {session.status === 'signed-in' && session.me.memberships.length > 0 && (
              <>
                <Divider />
                <HeaderOrgSwitcher label="Organization" aria-label={undefined} />
              </>
            )}
            {session.status === 'signed-in' && (
              <>
                <Divider />
                <Box>
                  <Text size="sm" fw={600}>
                    {session.me.name}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {session.me.email}
                  </Text>
                </Box>
              </>
            )}
            {session.status === 'signed-out' && (
              <>
                <Divider />
                <SignedOutActions next={here} />
              </>
            )}
          </Stack>
        </Box>
      )}

      <main id="main-content" tabIndex={-1} className={classes.main}>
        <Container size="lg" px={0}>
          {session.status === 'error' && (
            <Box mb="lg">
              <PageError title="We could not check whether you are signed in" error={session.error} onRetry={session.refetch} />
            </Box>
          )}
          {session.status === 'signed-in' && !session.me.emailVerified && !onAccountPage && <VerifyEmailBanner email={session.me.email} />}
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Container>
      </main>
    </>
  );
}
