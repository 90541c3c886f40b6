import '@/components/audit.css';
import { mountPage } from '@/utils/ui/mount';
import { App } from './App';

mountPage(<App />, 'optionsTitle');
