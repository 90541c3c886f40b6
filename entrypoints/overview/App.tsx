import { ConnectedFleetOverview } from '@/utils/ui/ConnectedFleetOverview';

export function App() {
  return <ConnectedFleetOverview />;
}
