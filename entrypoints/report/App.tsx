import { ConnectedEvidenceReport } from '@/components/ConnectedEvidenceReport';

export function App() {
  return <ConnectedEvidenceReport />;
}
