// The image library (standard images and typical cases) at /library and one
// item in the viewer at /library/<id>. Analysts open it in a window of its
// own beside the live scan (the "Library" button of the workstation).

import { useLocation } from '../router';
import { LibraryItemPage } from './library/LibraryItemPage';
import { LibrarySearch } from './library/LibrarySearch';
import './library/library.css';

export function LibraryPage() {
  const { path } = useLocation();
  const m = /^\/library\/(\d+)$/.exec(path);
  return m ? <LibraryItemPage key={m[1]} id={m[1]} /> : <LibrarySearch />;
}
