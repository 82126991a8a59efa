import { Link } from 'react-router';
import { Card, Group, SimpleGrid, Text, ThemeIcon } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { ADMIN_SECTIONS } from './admin-sections';
import classes from './admin-home.module.css';

export function AdminHomePage() {
  return (
    <>
      <PageHeader
        title="Platform administration"
        documentTitle="Admin"
        description="Review submissions and run the marketplace: vendors, catalog structure, money and trust."
      />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg" component="ul" className={classes.list} aria-label="Admin sections">
        {ADMIN_SECTIONS.map(({ slug, title, description, icon: Icon }) => (
          <li key={slug}>
            <Card component={Link} to={`/admin/${slug}`} withBorder padding="lg" className={classes.card}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <ThemeIcon size={44} radius="md" variant="light" aria-hidden>
                  <Icon size={24} />
                </ThemeIcon>
                <IconChevronRight size={18} aria-hidden className={classes.chevron} />
              </Group>
              <Text fw={600} mt="md">
                {title}
              </Text>
              <Text size="sm" c="dimmed" mt={4}>
                {description}
              </Text>
            </Card>
          </li>
        ))}
      </SimpleGrid>
    </>
  );
}
