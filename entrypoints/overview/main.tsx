import '@/components/fleet.css';
import { mountPage } from '@/utils/ui/mount';
import { App } from './App';

mountPage(<App />, 'fleetHeading');
