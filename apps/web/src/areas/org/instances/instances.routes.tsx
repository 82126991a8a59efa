import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../../shared/pages/not-found.page';
import { InstancesListPage } from './instances-list.page';
import { InstanceDetailPage } from './instance-detail.page';
import { CoreUpgradePage } from './core-upgrade.page';

/** /org/instances/* — the organization's instances (mounted by org.routes.tsx). */
export function InstancesRoutes() {
  return (
    <Routes>
      <Route index element={<InstancesListPage />} />
      <Route path=":id" element={<InstanceDetailPage />} />
      <Route path=":id/core-upgrade" element={<CoreUpgradePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
