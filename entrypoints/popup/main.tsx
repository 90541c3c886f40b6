import { browser } from 'wxt/browser';
import { mountPage } from '@/utils/ui/mount';
import { useViewStore } from '@/utils/ui-store/view-store';
import { App } from './App';

// The toolbar popup's window takes the page's width, so there the page has a fixed one; opened
// in a tab (a narrow window, a zoomed page) it reflows to the window instead (theme.css).
const inToolbar = browser.extension.getViews({ type: 'popup' }).includes(window);
document.documentElement.classList.toggle('toolbar-popup', inToolbar);

// The tab in front is followed (its context and number's status asked for) as the script
// starts, side by side with loading the language's messages, not after the first render.
const activeTab = browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
  useViewStore.getState().start(tab?.id);
  return { id: tab?.id };
});

mountPage(<App activeTab={activeTab} />, 'extName');
