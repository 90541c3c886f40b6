import '@/components/report.css';
import { mountPage } from '@/utils/ui/mount';
import { App } from './App';

mountPage(<App />, 'reportTitle');
