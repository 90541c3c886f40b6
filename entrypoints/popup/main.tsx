import { browser } from 'wxt/browser';
import { mountPage } from '@/utils/ui/mount';
import { App } from './App';

// The toolbar popup's window takes the page's width, so there the page has a fixed one; opened
// in a tab (a narrow window, a zoomed page) it reflows to the window instead (theme.css).
const inToolbar = browser.extension.getViews({ type: 'popup' }).includes(window);
document.documentElement.classList.toggle('toolbar-popup', inToolbar);

mountPage(<App />, 'extName');
