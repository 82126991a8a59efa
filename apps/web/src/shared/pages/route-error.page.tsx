import { isRouteErrorResponse, useRouteError } from 'react-router';
import { Button, Center, Stack, Text, Title } from '@mantine/core';

/**
 * Last resort for errors thrown while rendering a route (including a lazy area whose code
 * could not be downloaded, e.g. after a new release): explain and offer a reload.
 */
export function RouteErrorPage() {
  const error = useRouteError();
  const chunkFailed =
    error instanceof Error && /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : chunkFailed
      ? 'A part of the app could not be downloaded. A new version may have been released.'
      : 'Something went wrong while showing this page.';
  return (
    <Center mih="100dvh" p="md">
      <Stack align="center" gap="md" maw={520} ta="center" role="alert">
        <Title order={1} fz={28}>
          Something went wrong
        </Title>
        <Text>{message}</Text>
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
      </Stack>
    </Center>
  );
}
