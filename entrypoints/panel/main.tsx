import { mountPage } from '@/utils/ui/mount';
import { App } from './App';

mountPage(<App />, 'panelFrameTitle', { ownTheme: true });
