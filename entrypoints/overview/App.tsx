import { ConnectedFleetOverview } from '@/components/ConnectedFleetOverview';

export function App() {
  return <ConnectedFleetOverview />;
}
