declare const chrome: any; // the extension API inside page.evaluate and sw.evaluate
